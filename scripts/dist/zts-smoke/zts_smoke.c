/*
 * Threaded smoke of a ZTS build of bpjs_codec (make test-php-zts): one
 * process, PHP started once through the embed SAPI (libphp, what FrankenPHP
 * is built on), then THREADS threads each running REQUESTS PHP requests of
 * worker.php at the same time, each request in its thread's own TSRM context
 * (ts_resource, php_request_startup/shutdown), as FrankenPHP's workers do.
 * The extension is loaded by PHP's ini (PHP_INI_SCAN_DIR). Exits 0 when every
 * request returned true.
 *
 * Usage: zts_smoke THREADS REQUESTS WORKER.php
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sapi/embed/php_embed.h>

static const char *script;
static int requests;
static int failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void fail(long thread, int request, const char *what)
{
	pthread_mutex_lock(&lock);
	failures++;
	fprintf(stderr, "zts_smoke: thread %ld request %d: %s\n", thread, request, what);
	pthread_mutex_unlock(&lock);
}

static void *worker(void *arg)
{
	long thread = (long)arg;
	char code[4096];

	(void)ts_resource(0);
	for (int request = 0; request < requests; request++) {
		SG(options) |= SAPI_OPTION_NO_CHDIR;
		if (php_request_startup() == FAILURE) {
			fail(thread, request, "php_request_startup failed");
			break;
		}
		SG(headers_sent) = 1;
		SG(request_info).no_headers = 1;
		/* An expression: with a return value, zend_eval_string prefixes "return ". */
		snprintf(code, sizeof code, "(function ($thread, $request) { return require '%s'; })(%ld, %d)",
			script, thread, request);
		zend_first_try {
			zval ret;
			ZVAL_UNDEF(&ret);
			if (zend_eval_string_ex(code, &ret, "zts_smoke", 1) == FAILURE) {
				fail(thread, request, "the request threw");
			} else if (Z_TYPE(ret) == IS_STRING) {
				fail(thread, request, Z_STRVAL(ret));
			} else if (Z_TYPE(ret) != IS_TRUE) {
				fail(thread, request, "the request did not return true");
			}
			zval_ptr_dtor(&ret);
		} zend_catch {
			fail(thread, request, "bailout (fatal error)");
		} zend_end_try();
		php_request_shutdown(NULL);
	}
	ts_free_thread();
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: zts_smoke THREADS REQUESTS WORKER.php\n");
		return 2;
	}
	int threads = atoi(argv[1]);
	requests = atoi(argv[2]);
	script = argv[3];
	if (threads < 1 || threads > 256 || requests < 1 || strchr(script, '\'') != NULL) {
		fprintf(stderr, "zts_smoke: bad arguments\n");
		return 2;
	}

	if (php_embed_init(argc, argv) == FAILURE) {
		fprintf(stderr, "zts_smoke: php_embed_init failed\n");
		return 1;
	}
	int loaded = zend_hash_str_exists(&module_registry, "bpjs_codec", sizeof "bpjs_codec" - 1);
	pthread_t *ids = calloc((size_t)threads, sizeof *ids);
	int started = 0;
	if (loaded && ids != NULL) {
		for (; started < threads; started++) {
			if (pthread_create(&ids[started], NULL, worker, (void *)(long)started) != 0) {
				fail(started, 0, "pthread_create failed");
				break;
			}
		}
		for (int i = 0; i < started; i++) {
			pthread_join(ids[i], NULL);
		}
	}
	free(ids);
	php_embed_shutdown();
	if (!loaded) {
		fprintf(stderr, "zts_smoke: bpjs_codec is not loaded (PHP_INI_SCAN_DIR?)\n");
		return 1;
	}
	if (failures != 0) {
		fprintf(stderr, "zts_smoke: %d of %d requests failed\n", failures, started * requests);
		return 1;
	}
	printf("zts_smoke: %d threads x %d requests of %s in one process: all passed\n", started, requests, script);
	return 0;
}
