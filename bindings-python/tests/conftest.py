"""Shared fixtures: the conformance vectors and a simulator started on port 0.

Everything a test needs is started here; nothing reaches the internet.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import subprocess
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]

# bpjs-sim's default credentials (made up, for tests only; see sim/README.md).
SIM = {
    "cons_id": "31337",
    "secret": "simSecret2026",
    "user_key": "simUserKey0123456789",
    "username": "pcare.sim",
    "password": "SimPass!2026",
    "app_code": "095",
}


def vectors_path() -> pathlib.Path:
    return pathlib.Path(os.environ.get("BPJS_VECTORS") or ROOT / "tests" / "vectors" / "vectors.json")


def load_vectors() -> dict:
    path = vectors_path()
    if not path.is_file():
        raise RuntimeError(f"conformance vectors missing: {path} (set BPJS_VECTORS)")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def vectors() -> dict:
    return load_vectors()


def stop(process: subprocess.Popen) -> None:
    """Terminate a server started by a test; kill it if it does not exit."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def artifacts_dir() -> pathlib.Path | None:
    """BPJS_ARTIFACTS_DIR, when set: tests leave their SQLite files, simulator
    logs and database dumps there (a later secret scan reads them)."""
    value = os.environ.get("BPJS_ARTIFACTS_DIR")
    if not value:
        return None
    path = pathlib.Path(value)
    path.mkdir(parents=True, exist_ok=True)
    return path


def sim_binary() -> str:
    binary = os.environ.get("BPJS_SIM_BIN") or str(ROOT / "target" / "release" / "bpjs-sim")
    if not os.access(binary, os.X_OK):
        raise RuntimeError(f"bpjs-sim missing at {binary} (make build-sim, or set BPJS_SIM_BIN)")
    return binary


class Sim:
    """A running bpjs-sim: its base URL and, when started with a log file,
    the requests it saw (one JSON line each; never a secret or a body)."""

    def __init__(self, process: subprocess.Popen, url: str, log: pathlib.Path | None) -> None:
        self.process, self.url, self.log = process, url, log

    def requests(self) -> list:
        assert self.log is not None, "started without a log"
        lines = self.log.read_text(encoding="utf-8").splitlines()
        events = [json.loads(line) for line in lines if line.strip()]
        return [e for e in events if e.get("event") == "request"]


@contextlib.contextmanager
def running_sim(log: pathlib.Path | None = None, extra: list | None = None):
    command = [sim_binary(), "--port", "0"]
    if log is not None:
        command += ["--log", str(log)]
    command += extra or []
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = process.stdout.readline().strip()
        if not line.startswith("http://"):
            raise RuntimeError(f"bpjs-sim did not print its URL (got {line!r})")
        # Keep draining stdout so the simulator can never block on a full pipe.
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield Sim(process, line, log)
    finally:
        stop(process)


@pytest.fixture(scope="session")
def sim_url():
    """Base URL of a bpjs-sim started for this test session, stopped at the end."""
    artifacts = artifacts_dir()
    with running_sim(artifacts / "python-sim.log" if artifacts else None) as sim:
        yield sim.url


# --- audit databases: SQLite in a file, MariaDB from scripts/mariadb-tmp.sh ----------


def _mariadb_dump(info: dict, target: pathlib.Path, title: str) -> None:
    """Appends a mariadb-dump of the test database to `target`."""
    env = dict(os.environ, MYSQL_PWD=info["BPJS_MARIADB_PASSWORD"])
    dumped = subprocess.run(
        ["mariadb-dump", "--no-defaults", f"--socket={info['BPJS_MARIADB_SOCKET']}",
         f"--user={info['BPJS_MARIADB_USER']}", "--skip-dump-date", info["BPJS_MARIADB_DATABASE"]],
        capture_output=True, text=True, env=env, timeout=120,
    )
    if dumped.returncode != 0:
        raise RuntimeError(f"mariadb-dump failed: {dumped.stderr.strip()[:500]}")
    with target.open("a", encoding="utf-8") as out:
        out.write(f"-- {title}\n{dumped.stdout}\n")


@pytest.fixture(scope="session")
def mariadb():
    """A throw-away MariaDB server for this session (scripts/mariadb-tmp.sh):
    its KEY=value facts. With BPJS_ARTIFACTS_DIR set, its database is dumped
    to mariadb-dump.sql there before it stops."""
    import tempfile

    script = ROOT / "scripts" / "mariadb-tmp.sh"
    directory = tempfile.mkdtemp(prefix="bpjs-py-mariadb-")
    started = subprocess.run(["bash", str(script), "start", directory], capture_output=True, text=True,
                             timeout=300)
    if started.returncode != 0:
        subprocess.run(["bash", str(script), "stop", directory], capture_output=True, timeout=120)
        raise RuntimeError(f"mariadb-tmp.sh start failed: {started.stderr.strip()[-2000:]}")
    info = dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)
    try:
        yield info
    finally:
        try:
            artifacts = artifacts_dir()
            if artifacts is not None:
                _mariadb_dump(info, artifacts / "mariadb-dump.sql", "python suite, end of session")
        finally:
            subprocess.run(["bash", str(script), "stop", directory], capture_output=True, timeout=120)


class AuditDb:
    """One test's audit database: its URL for create_app and a way to read it."""

    def __init__(self, kind: str, url: str, path: pathlib.Path | None) -> None:
        from sqlalchemy import create_engine

        self.kind, self.url, self.path = kind, url, path
        self.engine = create_engine(url)

    def rows(self, table: str) -> list:
        """Every row of an audit table, typed (datetimes as datetimes on SQLite too)."""
        from sqlalchemy import select

        from bpjs_codec.flask_app.tables import bpjs_log, resend_locks, send_attempts

        t = {"pcare_bpjs_log": bpjs_log, "pcare_send_attempts": send_attempts,
             "pcare_resend_locks": resend_locks}[table]
        with self.engine.connect() as connection:
            return [dict(r) for r in connection.execute(select(t).order_by(*t.primary_key.columns)).mappings()]

    def execute(self, sql: str, **params) -> None:
        from sqlalchemy import text

        with self.engine.begin() as connection:
            connection.execute(text(sql), params)

    def everything(self) -> str:
        """Every value of every row of both tables, as text (for secret scans)."""
        parts = []
        for table in ("pcare_bpjs_log", "pcare_send_attempts"):
            for row in self.rows(table):
                parts.extend(f"{k}={v!s}" for k, v in row.items())
        if self.path is not None:  # and the raw file: pages, WAL, free space
            for suffix in ("", "-wal"):
                file = pathlib.Path(str(self.path) + suffix)
                if file.exists():
                    parts.append(file.read_bytes().decode("latin-1"))
        return "\n".join(parts)


@pytest.fixture(params=["sqlite", "mariadb"])
def audit_db(request, tmp_path):
    """Each test gets empty audit tables, on SQLite and on MariaDB."""
    import re

    from sqlalchemy import create_engine

    artifacts = artifacts_dir()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    if request.param == "sqlite":
        directory = artifacts / "python-audit" if artifacts else tmp_path
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            pathlib.Path(str(path) + suffix).unlink(missing_ok=True)
        db = AuditDb("sqlite", f"sqlite:///{path}", path)
        try:
            yield db
        finally:
            db.engine.dispose()
        return
    info = request.getfixturevalue("mariadb")
    url = (f"mysql+pymysql://{info['BPJS_MARIADB_USER']}:{info['BPJS_MARIADB_PASSWORD']}@"
           f"{info['BPJS_MARIADB_HOST']}:{info['BPJS_MARIADB_PORT']}/{info['BPJS_MARIADB_DATABASE']}")
    from bpjs_codec.flask_app.tables import metadata

    engine = create_engine(url)
    metadata.drop_all(engine)
    engine.dispose()
    db = AuditDb("mariadb", url, None)
    try:
        yield db
    finally:
        db.engine.dispose()
        if artifacts is not None:
            _mariadb_dump(info, artifacts / "mariadb-dump.sql", f"python suite, {name}")


@pytest.fixture
def flask_env(monkeypatch, tmp_path):
    """For the Flask suites: no credential from the developer's environment or a
    stray .env leaks in, and the .env files a test writes (they hold the
    simulator's credentials) do not outlive it: make test scans every file left
    behind. Each Flask test module uses it for all its tests."""
    from bpjs_codec.flask_app.settings import ENV_KEYS

    for key in ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.chdir(tmp_path)
    yield
    (tmp_path / ".env").unlink(missing_ok=True)


def proxy_settings(host: str, **extra) -> dict:
    """The Flask service's settings for the simulator's credentials at `host`
    (a base URL ending at a service path), GET retries without sleeping."""
    out = {"HOST_BPJS": host, "CONSID": SIM["cons_id"], "SECRET": SIM["secret"], "USER_KEY": SIM["user_key"],
           "BPJS_HTTP_RETRY_SLEEP": "0"}
    out.update(extra)
    return out
