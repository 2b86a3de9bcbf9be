"""process_wrapper builds its Python objects in Rust (faster than json.loads,
see `make bench`); they must be exactly what json.loads returns."""

from __future__ import annotations

import json
import math
import random

import pytest

from bpjs_codec._bpjs_codec import _json_loads
from conftest import load_vectors

TRICKY = [
    "{}", "[]", '""', "0", "-0", "-0.0", "1.0", "1e5", "1E+2", "-1.5e-3", "1e400", "-1e400", "5e-324",
    "0.1", "0.30000000000000004", "123456789012345678", "-9223372036854775808", "9223372036854775808",
    "123456789012345678901234567890", "-123456789012345678901234567890", "true", "false", "null",
    ' \t\n\r{ "a" : [ 1 , 2 , { } , [ ] ] } \n',
    '"\\"\\\\\\/\\b\\f\\n\\r\\t"', '"\\u0041\\u00e9\\u20ac\\ud83d\\ude00"', '"caf\u00e9 \U0001f600"',
    '"\\ud800"', '"\\udc00x"', '"\\ud800\\u0041"',  # lone surrogates: json.loads keeps them
    '{"a":1,"a":2,"b":3}', '{"k":"v","k2":{"k":"v"}}', '{"' + "x" * 100 + '":1}',
    '{' + ",".join(f'"key{i}":{i}' for i in range(100)) + '}',
    '[{"kdDiag":"A00","nmDiag":"Kolera","nonSpesialis":true},{"kdDiag":"A01","nmDiag":"Tifoid","nonSpesialis":false}]',
    '{"\\u006b":"escaped key"}',
]


def same(text):
    expected = json.loads(text)
    actual = _json_loads(text)
    assert type(actual) is type(expected)
    assert json.dumps(actual) == json.dumps(expected)  # order, floats, ints, surrogates
    if isinstance(expected, float) and math.isnan(expected):
        return
    assert actual == expected


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_values(text):
    same(text)


def test_invalid_json_raises_like_json_loads():
    for text in ("", "{", "[1,]", "{'a':1}", "01", "1 2", '"\x01"', "NaN"):
        try:
            expected = json.loads(text)
        except ValueError:
            with pytest.raises(ValueError):
                _json_loads(text)
        else:
            assert json.dumps(_json_loads(text)) == json.dumps(expected)


def test_every_vector_text_and_envelope():
    vectors = load_vectors()
    for case in vectors["decode"]:
        if case.get("envelope") == "decoded":
            same(case["text"])
    for case in vectors["envelopes"]:
        if "json" in case["result"]:
            same(json.dumps(case["result"]["json"], ensure_ascii=False))


def random_value(rng, depth=0):
    kind = rng.randrange(9 if depth < 4 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.randint(-(2**70), 2**70) if rng.random() < 0.2 else rng.randint(-1000, 1000)
    if kind == 3:
        return rng.choice([rng.uniform(-1e6, 1e6), rng.random() * 10 ** rng.randint(-300, 300), 0.0, -0.0])
    if kind in (4, 5):
        alphabet = "abcXYZ09 \"\\/\n\t\u00e9\u20ac\U0001f600\u0001"
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(12)))
    if kind in (6, 7):
        return {random_value(rng, 4) if False else f"k{rng.randrange(20)}": random_value(rng, depth + 1)
                for _ in range(rng.randrange(6))}
    return [random_value(rng, depth + 1) for _ in range(rng.randrange(6))]


def test_random_documents():
    rng = random.Random(20261124)
    for _ in range(400):
        value = random_value(rng)
        for ensure_ascii in (True, False):
            same(json.dumps(value, ensure_ascii=ensure_ascii))
            same(json.dumps(value, ensure_ascii=ensure_ascii, indent=1))


def test_deep_nesting_does_not_crash():
    for depth in (100, 600, 100_000):
        text = "[" * depth + "]" * depth
        try:
            expected = json.dumps(json.loads(text))
        except RecursionError:
            with pytest.raises(RecursionError):
                _json_loads(text)
        else:
            assert json.dumps(_json_loads(text)) == expected
