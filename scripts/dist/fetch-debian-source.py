#!/usr/bin/env python3
"""Fetches a Debian source package (.dsc, .orig.tar.*, .debian.tar.*) from
Debian's archive with its checksums checked, without deb-src apt sources:

  InRelease (signature checked by gpgv against Debian's archive keyring)
    -> SHA-256 of main/source/Sources.xz
    -> SHA-256 and size of every file of the package.

The suite and its security suite (SUITE-security on the security archive) are
both read and the newest version is taken, as apt would. Files already in
OUT_DIR with the right checksum are not downloaded again.

When the archive no longer serves the files of any version its index lists
(a caching mirror that holds only older pool files), DEBIAN_SOURCE_FALLBACK
may name older versions (space-separated, newest first) of the same package:
their .dsc must then carry a valid OpenPGP signature of a Debian developer
(gpgv against DEBIAN_DSC_KEYRING, default the debian-keyring package's
/usr/share/keyrings/debian-keyring.gpg), and its SHA-256 lines check the files.

Usage: fetch-debian-source.py SUITE PACKAGE OUT_DIR
  Prints 'version=<v>', 'orig=<file name>' and 'debian=<file name>'.
Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian),
  DEBIAN_SECURITY_MIRROR (default http://deb.debian.org/debian-security),
  DEBIAN_KEYRING (default /usr/share/keyrings/debian-archive-keyring.gpg).
"""

import hashlib
import lzma
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request


def fail(message):
    print(f"fetch-debian-source: {message}", file=sys.stderr)
    sys.exit(1)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=120) as reply:
            return reply.read()
    except urllib.error.HTTPError as err:
        raise LookupError(f"{url} answered HTTP {err.code}") from None
    except urllib.error.URLError as err:
        raise LookupError(f"{url} unreachable ({err.reason})") from None


def signed_release(base, dist, keyring):
    """The verified text of BASE/dists/DIST/InRelease."""
    data = get(f"{base}/dists/{dist}/InRelease")
    with tempfile.TemporaryDirectory() as tmp:
        signed = os.path.join(tmp, "InRelease")
        plain = os.path.join(tmp, "Release")
        with open(signed, "wb") as f:
            f.write(data)
        run = subprocess.run(
            ["gpgv", "--keyring", keyring, "--output", plain, signed],
            capture_output=True,
            text=True,
        )
        if run.returncode != 0:
            fail(f"the signature of {base}/dists/{dist}/InRelease does not verify "
                 f"with {keyring} (gpgv exit {run.returncode})")
        with open(plain, encoding="utf-8") as f:
            return f.read()


def release_sha256(release, name):
    section = False
    for line in release.splitlines():
        if not line.startswith(" "):
            section = line.startswith("SHA256:")
            continue
        if section:
            digest, size, path = line.split()
            if path == name:
                return digest, int(size)
    return None


def paragraphs(text):
    for block in text.split("\n\n"):
        fields, key = {}, None
        for line in block.splitlines():
            if line.startswith((" ", "\t")) and key:
                fields[key] += "\n" + line.strip()
            elif ":" in line:
                key, value = line.split(":", 1)
                fields[key] = value.strip()
        if fields:
            yield fields


def candidates(base, dist, package, keyring):
    release = signed_release(base, dist, keyring)
    want = release_sha256(release, "main/source/Sources.xz")
    if want is None:
        fail(f"{base}/dists/{dist}/InRelease lists no main/source/Sources.xz")
    data = get(f"{base}/dists/{dist}/main/source/Sources.xz")
    if (hashlib.sha256(data).hexdigest(), len(data)) != want:
        fail(f"{base}/dists/{dist}/main/source/Sources.xz does not match the SHA-256 of its InRelease")
    for fields in paragraphs(lzma.decompress(data).decode("utf-8")):
        if fields.get("Package") == package:
            files = []
            for line in fields.get("Checksums-Sha256", "").splitlines():
                if line.strip():
                    digest, size, name = line.split()
                    files.append((name, digest, int(size)))
            yield fields["Version"], base, fields["Directory"], files


def newer(a, b):
    return subprocess.run(["dpkg", "--compare-versions", a, "gt", b]).returncode == 0


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_files(out, base, directory, files):
    for name, digest, size in files:
        path = os.path.join(out, name)
        if os.path.exists(path) and sha256_of(path) == digest:
            continue
        data = get(f"{base}/{directory}/{name}")
        if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
            fail(f"{name}: {len(data)} bytes, not the {size} bytes and SHA-256 of the Sources index")
        with open(path + ".part", "wb") as f:
            f.write(data)
        os.replace(path + ".part", path)


def signed_dsc_files(base, directory, package, version, keyring):
    """The files of PACKAGE_VERSION.dsc, once its signature verifies."""
    if not os.path.exists(keyring):
        fail(f"{keyring} not found (apt-get install debian-keyring, or set DEBIAN_DSC_KEYRING)")
    upstream = version.split(":", 1)[-1]
    name = f"{package}_{upstream}.dsc"
    data = get(f"{base}/{directory}/{name}")
    with tempfile.TemporaryDirectory() as tmp:
        signed = os.path.join(tmp, name)
        plain = os.path.join(tmp, "dsc.txt")
        with open(signed, "wb") as f:
            f.write(data)
        run = subprocess.run(["gpgv", "--keyring", keyring, "--output", plain, signed],
                             capture_output=True, text=True)
        if run.returncode != 0:
            fail(f"the OpenPGP signature of {name} does not verify with {keyring} (gpgv exit {run.returncode})")
        with open(plain, encoding="utf-8") as f:
            fields = next(paragraphs(f.read()), {})
    if fields.get("Source") != package or fields.get("Version") != version:
        fail(f"{name} describes another package or version")
    files = [(name, hashlib.sha256(data).hexdigest(), len(data))]
    for line in fields.get("Checksums-Sha256", "").splitlines():
        if line.strip():
            digest, size, file_name = line.split()
            files.append((file_name, digest, int(size)))
    return files


def main():
    if len(sys.argv) != 4:
        fail("usage: fetch-debian-source.py SUITE PACKAGE OUT_DIR")
    suite, package, out = sys.argv[1:]
    mirror = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian").rstrip("/")
    security = os.environ.get("DEBIAN_SECURITY_MIRROR", "http://deb.debian.org/debian-security").rstrip("/")
    keyring = os.environ.get("DEBIAN_KEYRING", "/usr/share/keyrings/debian-archive-keyring.gpg")

    found = []
    for base, dist in ((mirror, suite), (security, f"{suite}-security")):
        try:
            found.extend(candidates(base, dist, package, keyring))
        except LookupError as err:
            if dist == suite:
                fail(str(err))
            print(f"fetch-debian-source: skipping {dist}: {err}", file=sys.stderr)
    if not found:
        fail(f"no source package {package} in {suite} or {suite}-security")
    # Newest first; a version whose files the archive does not serve (a
    # mirror without the security pool's sources) gives way to the next.
    order = []
    for item in found:
        i = 0
        while i < len(order) and not newer(item[0], order[i][0]):
            i += 1
        order.insert(i, item)
    os.makedirs(out, exist_ok=True)
    for version, base, directory, files in order:
        try:
            fetch_files(out, base, directory, files)
            break
        except LookupError as err:
            print(f"fetch-debian-source: {package} {version} not fetched ({err}); trying an older version",
                  file=sys.stderr)
    else:
        fallback = os.environ.get("DEBIAN_SOURCE_FALLBACK", "").split()
        if not fallback:
            fail(f"no version of {package} could be fetched from {suite} or {suite}-security "
                 "(DEBIAN_SOURCE_FALLBACK may name an older version the mirror still serves)")
        # Older versions live in the main archive's pool (the security
        # archive keeps only its current uploads).
        base, directory = next(((o[1], o[2]) for o in order if o[1] == mirror), (order[0][1], order[0][2]))
        dsc_keyring = os.environ.get("DEBIAN_DSC_KEYRING", "/usr/share/keyrings/debian-keyring.gpg")
        for version in fallback:
            try:
                files = signed_dsc_files(base, directory, package, version, dsc_keyring)
                fetch_files(out, base, directory, files)
                print(f"fetch-debian-source: {package} {version}: not in the index; .dsc signature verified "
                      f"with {dsc_keyring}", file=sys.stderr)
                break
            except LookupError as err:
                print(f"fetch-debian-source: {package} {version} not fetched ({err})", file=sys.stderr)
        else:
            fail(f"no version of {package} could be fetched, the fallback versions included")

    names = [name for name, _, _ in files]
    orig = [n for n in names if ".orig.tar." in n and not n.endswith(".asc")]
    debian = [n for n in names if ".debian.tar." in n]
    if len(orig) != 1:
        fail(f"{package} {version}: expected one .orig.tar.*, found {len(orig)}")
    print(f"version={version}")
    print(f"orig={orig[0]}")
    print(f"debian={debian[0] if debian else ''}")


if __name__ == "__main__":
    main()
