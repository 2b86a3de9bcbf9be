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
