#!/usr/bin/env python3
"""The figures each README repeats agree with their source (make
check-readme-figures, not part of make test):

- the root README's Speed table is the last `make bench` run; the PHP and
  Python READMEs' headline sentences must state the same figures (or a range
  holding them);
- every README that states the size of the npm package's .wasm must state
  the size of the one built in bindings-wasm/pkg (KB = 1000 bytes, +-1 KB),
  when it has been built.

Usage: scripts/dist/check_readme_figures.py [REPO_ROOT]
"""
import gzip
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
errors: list[str] = []
checked = 0


def read(rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    nxt = re.search(r"^## ", text[start + len(heading):], re.M)
    return text[start: start + len(heading) + (nxt.start() if nxt else len(text))]


def row(table: str, host: str, measurement: str) -> str:
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] == host and measurement in cells[1]:
            return cells[2]
    raise SystemExit(f"check-readme-figures: README.md has no Speed row {host} / {measurement}")


def num(pattern: str, text: str, where: str) -> float:
    m = re.search(pattern, text)
    if not m:
        raise SystemExit(f"check-readme-figures: {where}: no figure matching {pattern!r}")
    return float(m.group(1))


def same(label: str, readme: float, bench: float) -> None:
    global checked
    checked += 1
    if abs(readme - bench) > 1e-9:
        errors.append(f"{label}: README says {readme:g}, the last make bench (root README) {bench:g}")


def within(label: str, lo: float, hi: float, bench: float) -> None:
    global checked
    checked += 1
    if not lo <= bench <= hi:
        errors.append(f"{label}: README says {lo:g}-{hi:g}, the last make bench (root README) {bench:g}")


speed = section(read("README.md"), "## Speed")

# PHP
php = section(read("bindings-php/README.md"), "## Speed")
full = row(speed, "PHP", "full decode")
same("bindings-php/README.md full decode vs openssl_decrypt + json_decode",
     num(r"Full decode \(AES \+ lz-string \+ array\) costs ([\d.]+)x", php, "PHP README"),
     num(r"([\d.]+)x the time", full, "root README"))
same("bindings-php/README.md binding overhead (bpjs_decrypt_and_decompress)",
     num(r"Binding overhead over the native core: \+([\d.]+) ?%", php, "PHP README"),
     num(r"\+([\d.]+) ?%", row(speed, "PHP", "binding overhead"), "root README"))

# Python
py = section(read("bindings-python/README.md"), "### Speed")
vs = row(speed, "Python", "lzstring")
m = re.search(r"~([\d.]+)-([\d.]+)x faster \(", py)
within("bindings-python/README.md decrypt_and_decompress vs lzstring + pycryptodome",
       float(m.group(1)), float(m.group(2)), num(r"([\d.]+)x \(`decrypt_and_decompress`\)", vs, "root README"))
m = re.search(r"process_wrapper` \(to Python objects\) \| [^|]+\| ~([\d.]+)-([\d.]+)x", py)
within("bindings-python/README.md process_wrapper vs lzstring + pycryptodome",
       float(m.group(1)), float(m.group(2)), num(r"([\d.]+)x \(`process_wrapper`\)", vs, "root README"))
m = re.search(r"runs within ~([\d.]+)-([\d.]+) % of the native core", py)
within("bindings-python/README.md binding overhead",
       float(m.group(1)), float(m.group(2)), num(r"\+([\d.]+) ?%", row(speed, "Python", "binding overhead"), "root README"))

# The .wasm size, against the built package.
wasm = root / "bindings-wasm/pkg/bpjs_codec_wasm_bg.wasm"
if wasm.is_file():
    raw = wasm.stat().st_size / 1000
    gz = len(gzip.compress(wasm.read_bytes(), 9)) / 1000
    claims = {
        "README.md": r"`\.wasm` (\d+) KB, (\d+) KB gzipped",
        "bindings-wasm/README.md": r"took the `\.wasm` from \d+ KB to (\d+) KB \(\d+ KB to (\d+) KB gzipped\)",
        "bindings-wasm/npm/README.md": r"`\.wasm` (\d+) KB, (\d+) KB gzipped",
    }
    for rel, pattern in claims.items():
        for m in re.finditer(pattern, read(rel)):
            checked += 1
            if abs(float(m.group(1)) - raw) > 1 or abs(float(m.group(2)) - gz) > 1:
                errors.append(f"{rel}: .wasm {m.group(1)} KB ({m.group(2)} KB gzipped); "
                              f"built {raw:.0f} KB ({gz:.0f} KB gzipped)")
else:
    print("check-readme-figures: bindings-wasm/pkg not built; .wasm sizes not checked")

for e in errors:
    print(f"check-readme-figures: {e}", file=sys.stderr)
if errors:
    sys.exit(1)
print(f"check-readme-figures: {checked} figures agree")
