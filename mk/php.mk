# The PHP binding (bindings-php): the extension bpjs_codec (ext-php-rs), its
# PHPUnit suites (vectors, error kinds, random inputs and decompression bombs,
# the drop-in trait in plain PHP and in a booted Laravel application with its
# audit trail on SQLite and MariaDB, against the simulator), demo, bench,
# install, and the long memory runs of make soak.

.PHONY: build-php test-php demo-php bench-php lint-php

BUILD_TARGETS += build-php
TEST_TARGETS += test-php
DEMO_TARGETS += demo-php
BENCH_TARGETS += bench-php
SOAK_TARGETS += soak-php
LINT_TARGETS += lint-php

PHP_DIR := $(ROOT)/bindings-php
PHP_EXT := $(TARGET_DIR)/release/libbpjs_codec_php.so
PHP ?= php
PHPUNIT ?= /usr/bin/phpunit
PHPCS ?= phpcs
# The fresh build, never an installed copy: PHP reads its conf.d from a copy
# without bpjs_codec's ini file (after make install-php it would load twice).
PHP_CONF_D := $(TARGET_DIR)/php-conf.d
PHP_WITH_EXT = PHP_INI_SCAN_DIR=$(PHP_CONF_D) $(PHP) -d extension=$(PHP_EXT)

.PHONY: php-conf.d
php-conf.d:
	@rm -rf $(PHP_CONF_D) && mkdir -p $(PHP_CONF_D)
	@scan_dir="$$($(PHP) -r 'echo PHP_CONFIG_FILE_SCAN_DIR;')"; \
	for f in "$$scan_dir"/*.ini; do \
	  case "$$f" in *bpjs_codec*) ;; *) [ -e "$$f" ] && cp -L "$$f" $(PHP_CONF_D)/ ;; esac; \
	done

build-php:
	$(CARGO) build --release -p bpjs-codec-php

# Two PHPUnit runs: the Laravel suite boots an application, which the plain
# suite must not see. Both start the simulator ($(BPJS_SIM_BIN)) on port 0.
test-php: build-php build-sim php-conf.d
	$(PHP_WITH_EXT) $(PHPUNIT) -c $(PHP_DIR)/tests/phpunit.xml
	$(PHP_WITH_EXT) $(PHPUNIT) -c $(PHP_DIR)/laravel/tests/phpunit.xml

# php -l on every PHP file of the repository, then PSR-12 (phpcs, Debian's
# php-codesniffer) with bindings-php/phpcs.xml, which names what it checks.
lint-php:
	@command -v $(PHPCS) >/dev/null || { echo 'lint-php: phpcs not found (apt-get install php-codesniffer; scripts/bootstrap.sh does)' >&2; exit 1; }
	@find $(ROOT) \( -name target -o -name node_modules -o -name vendor -o -name .venv -o -name .git \) -prune \
	  -o -name '*.php' -print0 | sort -z | \
	  xargs -0 -n1 $(PHP) -l | { grep -v '^No syntax errors detected' || true; }
	cd $(PHP_DIR) && $(PHPCS) -q --no-colors --standard=phpcs.xml

# Needs BPJS_SIM_URL (scripts/demo.sh starts the simulator and sets it).
demo-php: build-php php-conf.d
	@test -n "$${BPJS_SIM_URL:-}" || { echo "demo-php: BPJS_SIM_URL is not set (run make demo)" >&2; exit 1; }
	$(PHP_WITH_EXT) $(PHP_DIR)/examples/demo.php

# Numbers, not pass/fail: the extension against openssl_decrypt + json_decode
# and against the native core, on the ~1 MB vector, in one run.
bench-php: build-php php-conf.d
	$(CARGO) build --release -p bpjs-codec --example native_decode
	$(PHP_WITH_EXT) $(PHP_DIR)/bench/bench.php $(TARGET_DIR)/release/examples/native_decode

# Memory check of the extension suites under valgrind (not part of make test:
# a few minutes). PHP's allocator and the PCRE/opcache JITs are switched off so
# that valgrind sees every allocation and no JIT code. The random-input loop
# runs a shorter round here (valgrind is ~50x slower).
VALGRIND_PROPERTY_ITERATIONS ?= 600
.PHONY: valgrind-php
valgrind-php: build-php build-sim php-conf.d
	@command -v valgrind >/dev/null || { echo 'valgrind-php: apt-get install valgrind' >&2; exit 1; }
	PHP_INI_SCAN_DIR=$(PHP_CONF_D) USE_ZEND_ALLOC=0 ZEND_DONT_UNLOAD_MODULES=1 \
	  BPJS_PROPERTY_ITERATIONS=$(VALGRIND_PROPERTY_ITERATIONS) valgrind --error-exitcode=99 --leak-check=full \
	  --show-leak-kinds=definite --errors-for-leak-kinds=definite --num-callers=30 \
	  --suppressions=$(PHP_DIR)/tests/valgrind.supp \
	  $(PHP) -d pcre.jit=0 -d opcache.enable_cli=0 -d extension=$(PHP_EXT) $(PHPUNIT) \
	  -c $(PHP_DIR)/tests/phpunit.xml --testsuite extension,trait-plain,hardening

# make soak: 100,000 decodes of a realistic reply (with its audit row) in one
# PHP process, RSS sampled every 10,000 (must stay flat), then valgrind-php.
# Figures: $(SOAK_DIR)/php-soak.txt and php-valgrind.txt.
SOAK_PHP_ITERATIONS ?= 100000
.PHONY: soak-php
soak-php: build-php build-sim php-conf.d
	@mkdir -p $(SOAK_DIR)
	$(PHP_WITH_EXT) $(PHP_DIR)/soak/soak.php $(SOAK_PHP_ITERATIONS) | tee $(SOAK_DIR)/php-soak.txt
	$(MAKE) --no-print-directory valgrind-php 2>&1 | tee $(SOAK_DIR)/php-valgrind.txt
	@grep -E 'ERROR SUMMARY|definitely lost|^OK \(|Tests: ' $(SOAK_DIR)/php-valgrind.txt | tee -a $(SOAK_DIR)/php-soak.txt
