"""Attacks on the Flask service from whoever can reach it, each refused: no
proxy token, x-host pointed into the hospital's network (SSRF), header
credentials that name some but not all, a forged audit row made with header
credentials that a clerk's "Kirim Ulang" would send with the hospital's
credentials, a resend request that carries x-* headers of its own, and a
claimed triggered_by. The simulator's log (and a local listener) is the
witness of what left the proxy."""

from __future__ import annotations

import pytest
from local_upstream import count_only, local_upstream, wait_for

import bpjs_codec
from bpjs_codec.flask_app import create_app
from conftest import SIM, running_sim

PROXY_TOKEN = "proxy-Token-7781-canary"
ANI, BUDI = "tok-ani-4410-canary", "tok-budi-5521-canary"
CARD = "0001234567890"


pytestmark = pytest.mark.usefixtures("flask_env")


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    log = tmp_path_factory.mktemp("attacks") / "sim.log"
    with running_sim(log) as running:
        yield running


def settings(sim, path="pcare-rest", **extra) -> dict:
    out = {"HOST_BPJS": f"{sim.url}/{path}", "CONSID": SIM["cons_id"], "SECRET": SIM["secret"],
           "USER_KEY": SIM["user_key"], "USERNAME": SIM["username"], "PASSWORD": SIM["password"],
           "BPJS_HTTP_RETRY_SLEEP": "0"}
    out.update(extra)
    return out


def credentials(host: str, secret: str = SIM["secret"]) -> dict:
    return {"x-host": host, "x-consid": SIM["cons_id"], "x-secret": secret, "x-user-key": SIM["user_key"],
            "x-is-encrypt": "1", "x-username": SIM["username"], "x-password": SIM["password"]}


def proxy(client, url, method="GET", payload="", headers=None, **extra):
    reply = client.post("/", json={"url": url, "method": method, "payload": payload, **extra}, headers=headers or {})
    assert reply.mimetype == "application/json", reply.data[:200]
    return reply.status_code, reply.get_json()


def kunjungan(keluhan: str) -> dict:
    return {"noKartu": CARD, "tglDaftar": "24-11-2026", "kdPoli": "001", "keluhan": keluhan}


# --- the proxy token -----------------------------------------------------------------


def test_without_the_proxy_token_nothing_is_sent(sim):
    client = create_app(settings(sim, BPJS_PROXY_TOKEN=PROXY_TOKEN)).test_client()
    mark = len(sim.requests())
    for headers in ({}, {"Authorization": "Bearer wrong-token"}, {"Authorization": f"Basic {PROXY_TOKEN}"},
                    {"Authorization": f"Bearer {PROXY_TOKEN}x"}):
        status, body = proxy(client, "dokter/0/10", headers=headers)
        assert status == 401 and body["response"] is None
        assert PROXY_TOKEN not in str(body)
    assert sim.requests()[mark:] == []
    status, body = proxy(client, "dokter/0/10", headers={"Authorization": f"Bearer {PROXY_TOKEN}"})
    assert status == 200 and body["response"]["count"] == 8
    assert client.get("/health").status_code == 200  # no token needed off the proxy


def test_without_a_token_setting_the_start_up_says_so(sim, caplog):
    import logging

    with caplog.at_level(logging.WARNING):
        create_app(settings(sim))
    assert "BPJS_PROXY_TOKEN is not set" in caplog.text and "127.0.0.1" in caplog.text


# --- SSRF ----------------------------------------------------------------------------


def test_x_host_elsewhere_is_refused_before_any_connection(sim):
    """x-host at another port of the same machine (an internal service): 400
    and the listener there never sees a connection; once the operator allows
    it (BPJS_ALLOWED_HOSTS), the same request reaches it (so the witness works)."""
    with local_upstream(count_only) as internal:
        client = create_app(settings(sim)).test_client()
        for host in (f"{internal.url}/vclaim-rest", f"{internal.url}/", f"127.0.0.1:{internal.port}/vclaim-rest",
                     f"http://localhost:{internal.port}/pcare-rest"):
            status, body = proxy(client, "anything", "DELETE", {"a": 1}, credentials(host))
            assert status == 400 and body["metaData"]["kind"] == "config", body
            assert "x-host" in body["metaData"]["message"]
        assert not wait_for(lambda: internal.connections > 0, seconds=1.0)
        assert internal.connections == 0
        allowed = create_app(settings(sim, BPJS_ALLOWED_HOSTS=f"127.0.0.1:{internal.port}")).test_client()
        status, _ = proxy(allowed, "referensi/poli/INT", headers=credentials(f"{internal.url}/vclaim-rest"))
        assert status == 502  # it connected: the listener closes without a reply
        assert wait_for(lambda: internal.connections >= 1)


def test_x_host_must_be_a_bpjs_service_path(sim):
    client = create_app(settings(sim)).test_client()
    mark = len(sim.requests())
    for host in (f"{sim.url}/", f"{sim.url}/admin", "file:///etc/passwd", bpjs_codec.PRODUCTION_HOST + "/other"):
        status, body = proxy(client, "anything", headers=credentials(host))
        assert status == 400 and body["metaData"]["kind"] == "config", (host, body)
    assert sim.requests()[mark:] == []
    # BPJS's own hosts with a service path, and HOST_BPJS's host, are allowed
    status, _ = proxy(client, "dokter/0/10", headers=credentials(f"{sim.url}/pcare-rest-dev/"))
    assert status == 200


# --- header credentials --------------------------------------------------------------


def test_a_partial_header_set_never_falls_back_to_the_service_credentials(sim):
    """The attack of flask-bpjs on a modern server: x-user_key dropped, the
    rest present with a wrong secret, and the .env credentials answered."""
    client = create_app(settings(sim)).test_client()
    mark = len(sim.requests())
    headers = credentials(f"{sim.url}/pcare-rest-dev", secret="guessed-secret-01")
    del headers["x-user-key"], headers["x-is-encrypt"]
    status, body = proxy(client, "dokter/0/10", headers=headers)
    assert status == 400 and "x-user-key" in body["metaData"]["message"]
    assert "x-is-encrypt" in body["metaData"]["message"]
    assert sim.requests()[mark:] == []


# --- the audit trail: header-credential rows never resent ------------------------------


AUTH_ANI = {"Authorization": f"Bearer {ANI}"}


def audit_settings(sim, audit_db, **extra) -> dict:
    return settings(sim, BPJS_AUDIT_LOG="true", BPJS_AUDIT_DB_URL=audit_db.url,
                    BPJS_MONITORING_TOKENS=f"ani={ANI},budi={BUDI}", **extra)


def dead_port_host() -> str:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}/pcare-rest"


def test_header_credential_rows_are_marked_and_make_no_send_state(sim, audit_db):
    client = create_app(audit_settings(sim, audit_db)).test_client()
    status, _ = proxy(client, "kunjungan", "POST", kunjungan("lewat header"),
                      credentials(f"{sim.url}/pcare-rest-dev"), no_rawat="2026/11/24/005001")
    assert status == 201
    status, _ = proxy(client, "kunjungan", "POST", kunjungan("lewat env"), no_rawat="2026/11/24/005002")
    assert status == 201
    log = audit_db.rows("pcare_bpjs_log")
    assert [(r["no_rawat"], r["credential_source"]) for r in log] == [
        ("2026/11/24/005001", "headers"), ("2026/11/24/005002", "env")]
    states = audit_db.rows("pcare_send_attempts")
    assert [(s["no_rawat"], s["credential_source"]) for s in states] == [("2026/11/24/005002", "env")]


def test_a_forged_accepted_row_does_not_turn_a_create_into_an_update(sim, audit_db):
    """Someone with the proxy's address registers a made-up visit for a real
    no_rawat through header credentials (accepted: it has a noKunjungan). The
    clerk's real create failed; "Kirim Ulang" must send it as the create it
    is, not as a PUT of the forged visit number."""
    no_rawat = "2026/11/24/005100"
    app = create_app(audit_settings(sim, audit_db))
    status, forged = proxy(app.test_client(), "kunjungan", "POST", kunjungan("palsu"),
                           credentials(f"{sim.url}/pcare-rest-dev"), no_rawat=no_rawat)
    assert status == 201
    forged_number = forged["response"]["message"]
    down = create_app(audit_settings(sim, audit_db, HOST_BPJS=dead_port_host()))
    assert proxy(down.test_client(), "kunjungan", "POST", kunjungan("demam"), no_rawat=no_rawat)[0] == 502
    mark = len(sim.requests())
    reply = app.test_client().post(f"/resend/{no_rawat}", headers=AUTH_ANI)
    result = reply.get_json()["response"]["results"][0]
    assert result["result"] == "sent" and "switched_to" not in result, result
    sent = sim.requests()[mark:]
    assert [(r["method"], r["path"]) for r in sent] == [("POST", "/pcare-rest/kunjungan")]
    assert result["result_number"] != forged_number


@pytest.mark.parametrize("source", ["headers", None], ids=["header-credentials", "written-before-the-mark"])
def test_a_send_state_not_made_with_the_service_credentials_is_never_resent(sim, audit_db, source):
    """A pcare_send_attempts row whose content came from a request's own
    credentials (or from before the column existed): refused by a person's
    resend and by resend-due, nothing sent."""
    no_rawat = f"2026/11/24/0052{0 if source else 1}"
    app = create_app(audit_settings(sim, audit_db))
    down = create_app(audit_settings(sim, audit_db, HOST_BPJS=dead_port_host()))
    assert proxy(down.test_client(), "kunjungan", "PUT", {**kunjungan("x"), "noKunjungan": "999"},
                 no_rawat=no_rawat)[0] == 502
    audit_db.execute("UPDATE pcare_send_attempts SET credential_source = :s, next_attempt_at = :t "
                     "WHERE no_rawat = :n", s=source, t="2000-01-01 00:00:00", n=no_rawat)
    mark = len(sim.requests())
    reply = app.test_client().post(f"/resend/{no_rawat}", headers=AUTH_ANI)
    result = reply.get_json()["response"]["results"][0]
    assert result["result"] == "refused" and "never resent" in result["message"]
    runner = app.test_cli_runner()
    assert runner.invoke(args=["bpjs", "resend-due"]).exit_code == 0
    assert sim.requests()[mark:] == []
    state = audit_db.rows("pcare_send_attempts")[0]
    assert (state["status"], state["next_attempt_at"]) == ("failed", None)


def test_a_resend_uses_the_configured_host_and_credentials_only(sim, audit_db):
    """x-* headers on the resend request (another host path, another secret)
    are ignored: the configured host and credentials send it."""
    no_rawat = "2026/11/24/005300"
    app = create_app(audit_settings(sim, audit_db))
    down = create_app(audit_settings(sim, audit_db, HOST_BPJS=dead_port_host()))
    assert proxy(down.test_client(), "kunjungan", "POST", kunjungan("demam"), no_rawat=no_rawat)[0] == 502
    mark = len(sim.requests())
    headers = {**AUTH_ANI, **credentials(f"{sim.url}/pcare-rest-dev", secret="attacker-secret-1")}
    reply = app.test_client().post(f"/resend/{no_rawat}", headers=headers)
    assert reply.get_json()["response"]["results"][0]["result"] == "sent"
    assert [(r["path"], r["auth"]) for r in sim.requests()[mark:]] == [("/pcare-rest/kunjungan", "ok")]


def test_triggered_by_is_recorded_as_claimed_beside_the_token(sim, audit_db):
    no_rawat = "2026/11/24/005400"
    app = create_app(audit_settings(sim, audit_db))
    down = create_app(audit_settings(sim, audit_db, HOST_BPJS=dead_port_host()))
    assert proxy(down.test_client(), "kunjungan", "POST", kunjungan("demam"), no_rawat=no_rawat)[0] == 502
    # budi's token, claiming to be ani
    reply = app.test_client().post(f"/resend/{no_rawat}",
                                   headers={"Authorization": f"Bearer {BUDI}", "x-triggered-by": "ani"})
    assert reply.status_code == 200
    last = audit_db.rows("pcare_bpjs_log")[-1]
    assert (last["triggered_by"], last["authenticated_as"]) == ("ani", "budi")
    assert ANI not in audit_db.everything() and BUDI not in audit_db.everything()
    # unknown token: 401; the single shared token still works, named "monitoring"
    assert app.test_client().get("/monitoring/summary", headers={"Authorization": "Bearer nope"}).status_code == 401
    shared = create_app(settings(sim, BPJS_AUDIT_LOG="true", BPJS_AUDIT_DB_URL=audit_db.url,
                                 BPJS_MONITORING_TOKEN="shared-token-0001-canary"))
    assert shared.test_client().get("/monitoring/summary",
                                    headers={"Authorization": "Bearer shared-token-0001-canary"}).status_code == 200
