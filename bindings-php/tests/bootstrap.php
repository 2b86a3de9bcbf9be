<?php

// PHPUnit bootstrap for the bpjs_codec extension suites. Run with the
// extension loaded: php -d extension=/abs/path/libbpjs_codec_php.so /usr/bin/phpunit -c ...
declare(strict_types=1);

if (!extension_loaded('bpjs_codec')) {
    fwrite(STDERR, "bpjs_codec is not loaded: run with -d extension=.../libbpjs_codec_php.so (make test-php does)\n");
    exit(1);
}

require_once __DIR__ . '/support/Artifacts.php';
require_once __DIR__ . '/support/Vectors.php';
require_once __DIR__ . '/support/Simulator.php';
require_once __DIR__ . '/support/Http.php';
require_once __DIR__ . '/support/Secrets.php';
require_once __DIR__ . '/../laravel/BpjsTraits.php';
require_once __DIR__ . '/support/TraitHost.php';
require_once __DIR__ . '/support/TraitScenarios.php';
