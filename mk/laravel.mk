# The Laravel drop-in (bindings-php/laravel) beyond this machine's Laravel 8:
#   make laravel-install APP=dir   install it into a Laravel application, offline
#   make test-laravel-13           the Laravel suite on Debian sid (PHP 8.4, Laravel 13), part of make test
#   make test-laravel-matrix       and on Debian 13 trixie (PHP 8.4, Laravel 10)
# Both run in Debian roots under target/laravel-chroot (debootstrap from Debian's
# archive once, cached; root), with the PHP 8.4 extension of make dist-php-84
# (built once in a trixie root, rebuilt when the Rust sources change).

.PHONY: laravel-install test-laravel-13 test-laravel-10 test-laravel-matrix

TEST_TARGETS += test-laravel-13

LARAVEL_CHROOTS := $(TARGET_DIR)/laravel-chroot
PHP84_STAMP := $(TARGET_DIR)/php84-ext.stamp
PHP84_SOURCES := $(shell find $(ROOT)/core/src $(ROOT)/bindings-php/src -name '*.rs' 2>/dev/null) \
  $(ROOT)/Cargo.lock $(ROOT)/core/Cargo.toml $(ROOT)/bindings-php/Cargo.toml
# The newest PHP 8.4 NTS build in dist/ (its name carries the version and glibc),
# built first when dist/ has none (after make dist-clean).
PHP84_EXT = ext="$$(ls -t $(DIST_DIR)/bpjs_codec-*-php8.4-api*-nts-*.so 2>/dev/null | head -1)"; \
  if [ -z "$$ext" ]; then $(MAKE) --no-print-directory dist-php-84 && \
  ext="$$(ls -t $(DIST_DIR)/bpjs_codec-*-php8.4-api*-nts-*.so | head -1)"; fi

laravel-install:
	@test -n "$(APP)" || { echo 'usage: make laravel-install APP=/path/to/laravel-app' >&2; exit 1; }
	bash $(ROOT)/scripts/laravel/install.sh "$(APP)"

$(PHP84_STAMP): $(PHP84_SOURCES)
	$(MAKE) --no-print-directory dist-php-84
	@touch $@

test-laravel-13: build-sim $(PHP84_STAMP)
	@$(PHP84_EXT); bash $(ROOT)/scripts/laravel/chroot-test.sh sid $(LARAVEL_CHROOTS)/sid "$$ext" $(BPJS_SIM_BIN)

test-laravel-10: build-sim $(PHP84_STAMP)
	@$(PHP84_EXT); bash $(ROOT)/scripts/laravel/chroot-test.sh trixie $(LARAVEL_CHROOTS)/trixie "$$ext" $(BPJS_SIM_BIN)

# Laravel 8 runs in make test-php (this machine's Debian 12).
test-laravel-matrix: test-laravel-13 test-laravel-10
