"""The README's table of the core API (between ``<!-- api-table:start -->``
and ``<!-- api-table:end -->``): every function named in its Python column
is exported by ``bpjs_codec``, listed in ``__all__`` and in the stub, and
callable. A function added to the core and the table but not to this
binding fails here."""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

import bpjs_codec

ROOT = pathlib.Path(__file__).resolve().parents[2]
STUB = ROOT / "bindings-python" / "python" / "bpjs_codec" / "_bpjs_codec.pyi"


def api_table() -> list[tuple[str, str]]:
    """(core name, Python name) for every row of the README's table."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- api-table:start -->(.*?)<!-- api-table:end -->", text, re.S)
    assert found, "README.md: the api-table markers are missing"
    lines = [line.strip() for line in found.group(1).strip().splitlines()]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header[1].startswith("Python"), f"README api table: the second column is {header[1]!r}, not Python"
    rows = []
    for line in lines[2:]:  # after the header and the |---| line
        cells = [cell.strip().strip("`") for cell in line.strip("|").split("|")]
        assert len(cells) == len(header), f"README api table: malformed row {line!r}"
        rows.append((cells[0], cells[1]))
    return rows


ROWS = api_table()


def stub_names() -> set[str]:
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_the_table_is_read():
    # The table lists the whole core API; a parse that finds a handful of rows is broken.
    assert len(ROWS) >= 20
    assert ("decrypt", "decrypt") in ROWS
    assert len({python for _, python in ROWS}) == len(ROWS), "a Python name appears twice"


@pytest.mark.parametrize("core, python", ROWS, ids=[python for _, python in ROWS])
def test_every_core_function_is_exported(core, python):
    assert python in bpjs_codec.__all__, f"{core}: bpjs_codec.{python} is not in __all__"
    function = getattr(bpjs_codec, python, None)
    assert callable(function), f"{core}: bpjs_codec.{python} is missing or not callable"
    assert function.__doc__, f"bpjs_codec.{python} has no docstring"
    assert python in stub_names(), f"{core}: {python} is not typed in _bpjs_codec.pyi"
