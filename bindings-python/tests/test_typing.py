"""The .pyi stubs match the compiled extension, and the package type-checks."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parents[1] / "python" / "bpjs_codec"
ALLOWLIST = pathlib.Path(__file__).resolve().parent / "stubtest-allowlist.txt"

pytest.importorskip("mypy", reason="mypy is in requirements-dev.txt")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, timeout=300)


def test_stubs_match_the_extension():
    # The endpoint-name Literals are type aliases of the stub only.
    result = run("mypy.stubtest", "bpjs_codec", "--mypy-config-file", "/dev/null", "--allowlist", str(ALLOWLIST))
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_type_checks():
    result = run("mypy", "--no-incremental", "--ignore-missing-imports", str(PACKAGE / "__init__.py"),
                 str(PACKAGE / "_errors.py"), str(PACKAGE / "flask_app"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_endpoint_names_are_checked(tmp_path):
    """The stub's endpoint Literals: a known name type-checks, a typo or a
    name of another service does not."""
    good = tmp_path / "good.py"
    good.write_text(
        "import bpjs_codec\n"
        "from bpjs_codec import EndpointName\n"
        "name: EndpointName = 'sep.insert'\n"
        "r = bpjs_codec.request('vclaim', 'peserta.nik', {'nik': '3201011705800001', 'tgl_sep': '2026-12-05'})\n"
        "url: str = r['url']\n"
    )
    result = run("mypy", "--no-incremental", str(good))
    assert result.returncode == 0, result.stdout + result.stderr
    for wrong in ("bpjs_codec.request('vclaim', 'peserta.nikk')", "bpjs_codec.request('pcare', 'sep.insert')"):
        bad = tmp_path / "bad.py"
        bad.write_text("import bpjs_codec\n" + wrong + "\n")
        result = run("mypy", "--no-incremental", str(bad))
        assert result.returncode == 1 and "No overload variant" in result.stdout, result.stdout
