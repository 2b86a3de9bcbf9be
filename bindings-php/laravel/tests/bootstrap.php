<?php

// PHPUnit bootstrap of the Laravel suite: boots a real Laravel 8 application
// (Debian's php-laravel-framework) with the copied trait and config, then loads
// the shared scenarios. Run with the extension loaded (make test-php does).
declare(strict_types=1);

if (!extension_loaded('bpjs_codec')) {
    fwrite(STDERR, "bpjs_codec is not loaded: run with -d extension=.../libbpjs_codec_php.so\n");
    exit(1);
}

require_once '/usr/share/php/Illuminate/autoload.php';
// The Http facade's Guzzle comes from Debian's php-guzzlehttp-guzzle, not required by Illuminate's autoloader.
require_once '/usr/share/php/GuzzleHttp/autoload.php';
$shared = dirname(__DIR__, 2) . '/tests/support';
require_once "$shared/Artifacts.php";
require_once __DIR__ . '/LaravelApp.php';
require_once "$shared/Simulator.php";
require_once "$shared/Secrets.php";

\BpjsCodec\Tests\Laravel\LaravelApp::boot();
register_shutdown_function([\BpjsCodec\Tests\Laravel\LaravelApp::class, 'cleanup']);

// Uses App\Traits\BpjsTraits: autoloaded from the application's app/Traits.
require_once "$shared/TraitHost.php";
require_once "$shared/TraitScenarios.php";
require_once __DIR__ . '/MariaDb.php';
require_once __DIR__ . '/AuditScenarios.php';
