#!/usr/bin/env python3
"""One version for every artifact, set once: the root Cargo.toml's
[workspace.package] version. Fails when a file that repeats or could
override it has drifted, when a license file is missing, or when an
artifact's metadata names a made-up URL.

Usage: scripts/dist/check_version.py [REPO_ROOT]   (make check-version)
"""
import json
import pathlib
import sys
import tomllib

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
errors: list[str] = []
pending: list[str] = []


def load_toml(rel: str) -> dict:
    with open(root / rel, "rb") as f:
        return tomllib.load(f)


workspace = load_toml("Cargo.toml")["workspace"]
version = workspace["package"]["version"]

# Every crate inherits the workspace version (no crate sets its own).
for member in workspace["members"]:
    package = load_toml(f"{member}/Cargo.toml")["package"]
    if package.get("version") != {"workspace": True}:
        errors.append(f"{member}/Cargo.toml: version must be `version.workspace = true`")
    repo = package.get("repository")
    if isinstance(repo, str) and "example.invalid" in repo:
        errors.append(f"{member}/Cargo.toml: repository is a made-up URL")
    elif repo == {"workspace": True} and "example.invalid" in workspace["package"].get("repository", ""):
        pending.append(f"{member}/Cargo.toml inherits the workspace's made-up repository URL")

# Python: maturin reads the version from Cargo; pyproject must not set one.
project = load_toml("bindings-python/pyproject.toml")["project"]
if "version" in project or "version" not in project.get("dynamic", []):
    errors.append("bindings-python/pyproject.toml: version must be dynamic (read from Cargo.toml)")
for name in project.get("license-files", []):
    if not (root / "bindings-python" / name).is_file():
        errors.append(f"bindings-python/{name}: listed in license-files but missing")

# npm: the source manifest repeats the version (tools/package.sh stamps it too).
npm = json.loads((root / "bindings-wasm/npm/package.json").read_text())
if npm.get("version") != version:
    errors.append(f"bindings-wasm/npm/package.json: version {npm.get('version')!r}, workspace {version!r}")
for name in ("LICENSE-MIT", "LICENSE-APACHE"):
    if name not in npm.get("files", []):
        errors.append(f"bindings-wasm/npm/package.json: files does not ship {name}")

# PHP / PIE: the version is the git tag (v<version>); composer.json sets none.
composer = json.loads((root / "bindings-php/composer.json").read_text())
if "version" in composer:
    errors.append("bindings-php/composer.json: no version field (PIE and Packagist take the git tag)")
if composer.get("type") != "php-ext":
    errors.append("bindings-php/composer.json: type must be php-ext")

# The changelog has a section for this version.
changelog = (root / "CHANGELOG.md").read_text()
if f"## [{version}]" not in changelog:
    errors.append(f"CHANGELOG.md: no '## [{version}]' section")

for name in ("LICENSE-MIT", "LICENSE-APACHE"):
    if not (root / name).is_file() or (root / name).stat().st_size < 500:
        errors.append(f"{name}: missing or truncated")

# No made-up URL in the metadata of any artifact.
for rel in ("bindings-wasm/npm/package.json", "bindings-php/composer.json", "bindings-python/pyproject.toml"):
    if "example.invalid" in (root / rel).read_text():
        errors.append(f"{rel}: made-up example.invalid URL")

for line in pending:
    print(f"check-version: pending (core/Cargo.toml): {line}")
for line in errors:
    print(f"check-version: {line}", file=sys.stderr)
if errors:
    sys.exit(1)
print(f"check-version: every artifact is version {version}")
