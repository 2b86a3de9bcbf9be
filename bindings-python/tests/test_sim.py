"""End to end through bpjs-sim over real HTTP on loopback: the module signs,
requests sends, the module decodes."""

from __future__ import annotations

import pytest
import requests

import bpjs_codec
from conftest import SIM

LOGIN = {k: SIM[k] for k in ("user_key", "username", "password", "app_code")}

# (service, prod path, dev path, method, endpoint, payload, check of the decoded envelope)
HAPPY = [
    ("vclaim", "vclaim-rest", "vclaim-rest-dev", "GET", "referensi/poli/INT", None,
     lambda r: r["poli"][0]["nama"] == "PENYAKIT DALAM"),
    ("vclaim", "vclaim-rest", "vclaim-rest-dev", "GET", "Peserta/nokartu/0001234567890/tglSEP/2026-11-24", None,
     lambda r: r["peserta"]["nama"] == "BUDI SIMULASI"),
    ("pcare", "pcare-rest", "pcare-rest-dev", "GET", "dokter/0/10", None,
     lambda r: r["count"] == 8 and r["list"][0]["nmDokter"] == "dr. ANDI SIMULASI"),
    ("antreanrs", "antreanrs", "antreanrs_dev", "GET", "ref/poli", None, lambda r: r[0]["kdpoli"] == "INT"),
    ("antreanfktp", "antreanfktp", "antreanfktp_dev", "GET", "ref/poli/tanggal/2026-11-24", None,
     lambda r: r[0]["namapoli"] == "POLI UMUM"),
    ("icare-fkrtl", "wsihs/api/rs", "ihs_dev/api/rs", "POST", "validate",
     {"param": "0001234567890", "kodedokter": 100001}, lambda r: r["url"].startswith("https://icare.sim.invalid/")),
    ("icare-fktp", "wsihs/api/pcare", "ihs_dev/api/pcare", "POST", "validate",
     {"param": "0001234567890", "kodedokter": 100001}, lambda r: r["url"].startswith("https://icare.sim.invalid/")),
    ("apotek", "apotek-rest", "apotek-rest-dev", "GET", "referensi/dpho", None,
     lambda r: r["list"][0]["namaobat"] == "Amlodipin 5 mg tab"),
    ("aplicares", "aplicaresws/rest", "aplicaresws/rest", "GET", "bed/read/0301R001/1/10", None,
     lambda r: len(r["list"]) == 6),
]


def fetch(sim_url, service, path, method, endpoint, payload=None, fault=None, timestamp=None):
    headers = bpjs_codec.build_headers(
        service, SIM["cons_id"], SIM["secret"], method=method, timestamp=timestamp, **LOGIN
    )
    if fault:
        headers["X-Sim-Fault"] = fault
    import json

    data = json.dumps(payload) if payload is not None else None
    reply = requests.request(method, f"{sim_url}/{path}/{endpoint}", headers=headers, data=data, timeout=30)
    return reply, headers["X-timestamp"]


@pytest.mark.parametrize("development", [False, True], ids=["prod", "dev"])
@pytest.mark.parametrize("service, prod, dev, method, endpoint, payload, check", HAPPY,
                         ids=[f"{h[0]}:{h[4]}" for h in HAPPY])
def test_every_service_path(sim_url, service, prod, dev, method, endpoint, payload, check, development):
    reply, ts = fetch(sim_url, service, dev if development else prod, method, endpoint, payload)
    assert reply.status_code == 200
    envelope = bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], ts, reply.content)
    assert bpjs_codec.metadata(envelope)["ok"], envelope
    assert check(envelope["response"])
    # str input gives the same result as bytes input
    assert bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], int(ts), reply.text) == envelope


def test_plain_replies_are_kept(sim_url):
    reply, ts = fetch(sim_url, "vclaim", "vclaim-rest", "DELETE", "SEP/2.0/delete",
                      {"request": {"t_sep": {"noSep": "0301R0011124V000001", "user": "sim"}}})
    envelope = bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], ts, reply.content)
    assert envelope["response"] == "0301R0011124V000001"
    reply, ts = fetch(sim_url, "antreanrs", "antreanrs", "GET", "dashboard/waktutunggu/tanggal/2026-11-24/waktu/rs")
    assert "list" in bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], ts, reply.content)["response"]
    reply, ts = fetch(sim_url, "pcare", "pcare-rest-v3.0", "GET", "diagnosa?keyword=A00&offset=0&limit=5")
    assert bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], ts, reply.content)["response"]["list"]


def test_large_payload(sim_url):
    reply, ts = fetch(sim_url, "pcare", "pcare-rest", "GET", "diagnosa/-/0/100000")
    body = reply.json()
    text = bpjs_codec.decrypt_and_decompress(SIM["cons_id"], SIM["secret"], ts, body["response"])
    assert len(text) > 500_000
    envelope = bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], ts, reply.content)
    import json

    assert envelope["response"] == json.loads(text)
    assert envelope["response"]["count"] == len(envelope["response"]["list"])


def test_decoding_with_another_timestamp_is_padding(sim_url):
    reply, ts = fetch(sim_url, "vclaim", "vclaim-rest", "GET", "referensi/poli/INT")
    with pytest.raises(bpjs_codec.DecodeError) as info:
        bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], int(ts) - 1, reply.content)
    assert info.value.kind == "padding"


@pytest.mark.parametrize(
    "fault, process_kind, decrypt_kind",
    [
        ("wrong-key", "padding", "padding"),
        ("truncate-block", "padding", "padding"),
        ("lz-truncate", "lz_truncated", "lz_truncated"),
        ("not-json", "json", None),
        ("truncate", "cipher_length", "cipher_length"),  # a cut ciphertext is an error (the core's rule)
    ],
)
def test_faults_give_their_kind(sim_url, fault, process_kind, decrypt_kind):
    reply, ts = fetch(sim_url, "vclaim", "vclaim-rest", "GET", "referensi/poli/INT", fault=fault)
    response = reply.json()["response"]
    if process_kind:
        with pytest.raises(bpjs_codec.DecodeError) as info:
            bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], ts, reply.content)
        assert info.value.kind == process_kind
    else:  # does not look encrypted: returned unchanged
        assert bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], ts, reply.content)["response"] == response
    if decrypt_kind:
        with pytest.raises(bpjs_codec.DecodeError) as info:
            bpjs_codec.decrypt_and_decompress(SIM["cons_id"], SIM["secret"], ts, response)
        assert info.value.kind == decrypt_kind
    else:
        assert bpjs_codec.decrypt_and_decompress(SIM["cons_id"], SIM["secret"], ts, response) == "Sukses (bukan JSON)"


def test_server_faults(sim_url):
    reply, ts = fetch(sim_url, "vclaim", "vclaim-rest", "GET", "referensi/poli/INT", fault="503")
    assert reply.status_code == 503
    assert bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], ts, reply.content) == reply.text
    reply, ts = fetch(sim_url, "vclaim", "vclaim-rest", "GET", "referensi/poli/INT", fault="500")
    envelope = bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], ts, reply.content)
    assert bpjs_codec.metadata(envelope)["code"] == 500
    reply, ts = fetch(sim_url, "vclaim", "vclaim-rest", "GET", "referensi/poli/INT", fault="plain")
    assert bpjs_codec.process_wrapper(SIM["cons_id"], SIM["secret"], ts, reply.content)["response"]["poli"]
    with pytest.raises(requests.ConnectionError):
        fetch(sim_url, "vclaim", "vclaim-rest", "GET", "referensi/poli/INT", fault="drop")
