# Distribution: prebuilt artifacts that install without Rust (make dist), the
# proof that they do on a machine with no Rust and no build tools (make
# test-dist, not part of make test), one version for all of them (make
# check-version), and install/uninstall of the PHP extension.

.PHONY: check-version install-php uninstall-php

DIST_DIR := $(ROOT)/dist
# The one version (root Cargo.toml, [workspace.package]).
DIST_VERSION := $(shell sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' $(ROOT)/Cargo.toml)

check-version:
	python3 $(ROOT)/scripts/dist/check_version.py $(ROOT)

# Copies the extension into PHP's extension_dir and enables it for every SAPI
# (Debian: mods-available + phpenmod; elsewhere an ini file in the conf.d scan
# dir). Never builds and never calls sudo: as your user `make build-php`, then
# as root (in a container you already are) `make install-php`. A prebuilt one:
# `make install-php EXT=dist/bpjs_codec-....so`; another PHP: PHP=php8.4.
EXT ?= $(PHP_EXT)
install-php:
	PHP=$(PHP) bash $(ROOT)/scripts/dist/install-php.sh install $(EXT)

uninstall-php:
	PHP=$(PHP) bash $(ROOT)/scripts/dist/install-php.sh uninstall

# ---------------------------------------------------------------------------
# make dist: every artifact in dist/ with SHA256SUMS. Sizes, glibc needs and
# auditwheel reports land beside them (php-builds.txt, python-auditwheel.txt).
#   Python  abi3 wheels, manylinux2014 (glibc 2.17), x86_64 + aarch64; sdist
#   npm     bpjs-codec-<version>.tgz (npm pack of bindings-wasm/pkg)
#   PHP     the extension for this machine's PHP (Debian 12: 8.2 NTS), as a
#           .so named by PHP API and thread safety, and as PIE's zip
# make dist-php-84 / dist-php-zts add PHP 8.4 (Debian 13) and thread-safe
# builds; each reruns the checksums.
.PHONY: dist dist-python dist-npm dist-php dist-sums dist-php-84 dist-clean

DIST_TOOLS := $(TARGET_DIR)/dist-tools
DIST_VENV := $(DIST_TOOLS)/venv
DIST_CHROOTS := $(TARGET_DIR)/dist-chroot

dist: check-version dist-python dist-npm dist-php
	@$(MAKE) --no-print-directory dist-sums
	@echo "make dist: $(DIST_DIR)"; ls -l $(DIST_DIR)

# maturin, ziglang (zig as the linker, for glibc 2.17) and auditwheel, in
# their own virtualenv: not the development .venv.
$(DIST_VENV)/bin/auditwheel:
	python3 -m venv $(DIST_VENV)
	$(DIST_VENV)/bin/pip install --quiet --disable-pip-version-check 'maturin>=1.9,<2' ziglang auditwheel

dist-python: $(DIST_VENV)/bin/auditwheel
	bash $(ROOT)/scripts/dist/build-python.sh $(DIST_DIR) $(DIST_VENV)

# wasm-opt (npm binaryen, bindings-wasm's development dependencies) takes
# about 45 KB off the .wasm; tools/package.sh skips it when missing, a release
# must not: npm ci there first (make bootstrap does).
.PHONY: dist-npm-tools
dist-npm-tools:
	@test -x $(WASM_DIR)/node_modules/.bin/wasm-opt || { echo "dist-npm: $(WASM_DIR)/node_modules/.bin/wasm-opt missing: make bootstrap (or npm ci in bindings-wasm) first" >&2; exit 1; }

dist-npm: dist-npm-tools build-wasm
	bash $(ROOT)/scripts/dist/pack-npm.sh $(DIST_DIR)

dist-php: build-php
	bash $(ROOT)/scripts/dist/package-php.sh $(DIST_DIR) $(PHP_EXT) $(PHP)

dist-sums:
	cd $(DIST_DIR) && rm -f SHA256SUMS && sha256sum -- $$(ls | grep -v '^SHA256SUMS$$') > SHA256SUMS
	@echo "dist-sums: $$(wc -l < $(DIST_DIR)/SHA256SUMS) files in $(DIST_DIR)/SHA256SUMS"

# PHP 8.4 as Debian 13 (trixie) ships it, built in a trixie root from
# Debian's archive (cached under target/) with this machine's Rust toolchain
# mounted in: the .so needs trixie's glibc, not sid's.
dist-php-84:
	bash $(ROOT)/scripts/dist/build-php-chroot.sh trixie php8.4 $(DIST_CHROOTS)/trixie-build $(DIST_DIR)
	@$(MAKE) --no-print-directory dist-sums

dist-clean:
	rm -rf $(DIST_DIR)

# TypeScript and @arethetypeswrong/cli for the npm types check, in their own
# directory under target/ (not the package's development dependencies).
.PHONY: dist-tools-node test-dist
dist-tools-node: $(DIST_TOOLS)/node/node_modules/@arethetypeswrong/cli/package.json
$(DIST_TOOLS)/node/node_modules/@arethetypeswrong/cli/package.json:
	mkdir -p $(DIST_TOOLS)/node
	cd $(DIST_TOOLS)/node && { [ -f package.json ] || npm init -y >/dev/null; } && \
	  npm install --no-audit --no-fund --loglevel=error @arethetypeswrong/cli typescript@5.9.3

# Not part of make test: minutes, root (debootstrap, chroot), Debian's archive
# the first time. Installs each artifact of make dist where no Rust is.
test-dist: build-sim dist-tools-node
	bash $(ROOT)/scripts/dist/test-dist.sh $(DIST_DIR) $(BPJS_SIM_BIN) $(DIST_CHROOTS)/bookworm

# The sdist builds: pip builds a wheel from it in a fresh virtualenv (this
# needs Rust, like any source install), and that wheel imports.
.PHONY: test-sdist
test-sdist:
	rm -rf $(TARGET_DIR)/dist-test/sdist && mkdir -p $(TARGET_DIR)/dist-test/sdist
	python3 -m venv $(TARGET_DIR)/dist-test/sdist/venv
	cd $(TARGET_DIR)/dist-test/sdist && CARGO_TARGET_DIR=$(TARGET_DIR)/dist-test/sdist/target \
	  venv/bin/pip install --quiet --disable-pip-version-check $(DIST_DIR)/bpjs_codec-$(DIST_VERSION).tar.gz
	cd $(TARGET_DIR)/dist-test/sdist && venv/bin/python -c 'import bpjs_codec, sys; assert bpjs_codec.__version__ == sys.argv[1]; print("test-sdist: the sdist builds and imports:", bpjs_codec.__version__)' $(DIST_VERSION)

# Thread-safe PHP (FrankenPHP, Octane on FrankenPHP): PHP compiled with
# --enable-zts from Debian's PHP source package (checksums checked from the
# signed archive index), installed under target/php-zts/<suite>/prefix (never
# over the system PHP; built once, kept), and bpjs_codec built against its
# php-config in a Debian root of that release. dist-php-zts: PHP 8.2 (Debian
# 12, this machine's release, so that PHP also runs here for test-php-zts);
# dist-php-zts-84: PHP 8.4 (Debian 13). Root; the first run compiles PHP.
# Recipe, times and results: docs/zts.md.
.PHONY: build-php-zts dist-php-zts dist-php-zts-84
ZTS_SUITE ?= bookworm
ZTS_PHPSRC ?= php8.2
ZTS_DIR = $(TARGET_DIR)/php-zts/$(ZTS_SUITE)
ZTS_PHP = $(ZTS_DIR)/prefix/bin/php
ZTS_EXT = $(TARGET_DIR)/php-$(ZTS_SUITE)-zts/release/libbpjs_codec_php.so
ZTS_BUILD = bash $(ROOT)/scripts/dist/build-php-zts.sh

build-php-zts:
	$(ZTS_BUILD) $(ZTS_SUITE) $(ZTS_PHPSRC) $(DIST_CHROOTS)/$(ZTS_SUITE)-build - $(ZTS_DIR)

dist-php-zts:
	$(ZTS_BUILD) $(ZTS_SUITE) $(ZTS_PHPSRC) $(DIST_CHROOTS)/$(ZTS_SUITE)-build $(DIST_DIR) $(ZTS_DIR)
	@$(MAKE) --no-print-directory dist-sums

# This machine's mirror no longer serves the pool files of the php8.4 versions
# trixie's index lists (404), only older uploads: ZTS_84_FALLBACK names them,
# their .dsc checked against the Debian developers' keyring (debian-keyring,
# installed in the trixie root). Same PHP API (20240924) for every 8.4.x.
ZTS_84_FALLBACK ?= 8.4.16-1 8.4.11-1
dist-php-zts-84:
	bash $(ROOT)/scripts/dist/chroot.sh trixie $(DIST_CHROOTS)/trixie-build debian-keyring
	DEBIAN_SOURCE_FALLBACK='$(ZTS_84_FALLBACK)' DEBIAN_DSC_KEYRING=$(DIST_CHROOTS)/trixie-build/usr/share/keyrings/debian-keyring.pgp \
	  $(ZTS_BUILD) trixie php8.4 $(DIST_CHROOTS)/trixie-build $(DIST_DIR) $(TARGET_DIR)/php-zts/trixie
	@$(MAKE) --no-print-directory dist-sums

# The PHP suites (as make test-php runs them) on the thread-safe PHP of
# build-php-zts with the ZTS extension, Debian's phpunit and Laravel
# (/usr/share/php) run by that PHP, after the threaded smoke (built by
# build-php-zts): one process embedding PHP (libphp.a, linked with
# --export-dynamic so that the extension finds PHP's symbols; FrankenPHP
# embeds libphp too) runs worker.php in
# ZTS_SMOKE_THREADS threads at once. Not part of make test: PHP is compiled
# the first time.
.PHONY: test-php-zts
ZTS_SMOKE_THREADS ?= 8
ZTS_SMOKE_REQUESTS ?= 200
ZTS_RUN = $(ZTS_PHP) -d include_path=.:/usr/share/php -d extension=$(ZTS_EXT)
test-php-zts: build-php-zts build-sim
	$(ZTS_RUN) -r 'if (!PHP_ZTS || !extension_loaded("bpjs_codec")) { fwrite(STDERR, "not a ZTS PHP with bpjs_codec\n"); exit(1); } echo PHP_VERSION, " ZTS, bpjs_codec ", phpversion("bpjs_codec"), "\n";'
	rm -rf $(ZTS_DIR)/smoke-conf.d && mkdir -p $(ZTS_DIR)/smoke-conf.d
	echo 'extension=$(ZTS_EXT)' > $(ZTS_DIR)/smoke-conf.d/bpjs_codec.ini
	PHP_INI_SCAN_DIR=$(ZTS_DIR)/smoke-conf.d $(ZTS_DIR)/zts_smoke $(ZTS_SMOKE_THREADS) $(ZTS_SMOKE_REQUESTS) \
	  $(ROOT)/scripts/dist/zts-smoke/worker.php
	$(ZTS_RUN) $(PHPUNIT) -c $(PHP_DIR)/tests/phpunit.xml
	$(ZTS_RUN) $(PHPUNIT) -c $(PHP_DIR)/laravel/tests/phpunit.xml

# The same suites on PHP 8.4 ZTS (dist-php-zts-84), in the Debian 13 root:
# the host's glibc is too old for that PHP. Debian 12's PHPUnit and Laravel
# are mounted in; no MariaDB server there (docs/zts.md).
.PHONY: test-php-zts-84
test-php-zts-84: build-sim
	bash $(ROOT)/scripts/dist/test-php-zts-chroot.sh $(DIST_CHROOTS)/trixie-build $(TARGET_DIR)/php-zts/trixie \
	  $(TARGET_DIR)/php-trixie-zts/release/libbpjs_codec_php.so $(BPJS_SIM_BIN)

# The PHP 8.4 build of make dist-php-84, installed into Debian 13's PHP 8.4
# in a root without Rust or build tools (not part of make test-dist: a second
# Debian root).
.PHONY: test-dist-php-84
test-dist-php-84: build-sim
	bash $(ROOT)/scripts/dist/test-dist-php.sh trixie php8.4 $(DIST_CHROOTS)/trixie $(DIST_DIR) $(BPJS_SIM_BIN)

# README figures against their source: the root README's Speed table (the
# last make bench) and the built .wasm. Not part of make test.
.PHONY: check-readme-figures
check-readme-figures:
	python3 $(ROOT)/scripts/dist/check_readme_figures.py $(ROOT)
