<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Laravel;

use BpjsCodec\Tests\Support\Artifacts;
use Illuminate\Contracts\Console\Kernel as ConsoleKernel;
use Illuminate\Contracts\Debug\ExceptionHandler;
use Illuminate\Foundation\Application;
use Illuminate\Support\Facades\Schema;

/**
 * A real Laravel 8 application (Debian's php-laravel-framework) in a temp
 * directory (under BPJS_ARTIFACTS_DIR when set, and then kept), set up the way
 * the README tells a hospital app to migrate: BpjsTraits.php copied to
 * app/Traits, config/bpjs.php to config/, the resend service and command to
 * app/Services and app/Console/Commands, the audit migrations to
 * database/migrations (run with `migrate`).
 * Database: SQLite in that directory, with faskesku.id's settings tables
 * (setting_bridging_bpjs, setting_briding_mobilejkn) in their real layout.
 * Cache: the file store (Cache::lock for the resend). Auth: a request guard
 * whose user a test may set (triggered_by).
 */
final class LaravelApp
{
    public static string $base;
    public static Application $app;

    public static function boot(): Application
    {
        $base = Artifacts::newDir('php-laravel');
        foreach (['bootstrap/cache', 'storage/logs', 'storage/framework/cache/data', 'database'] as $dir) {
            mkdir("$base/$dir", 0700, true);
        }
        // A fresh application (no app/Traits yet), then the install of the README:
        // scripts/laravel/install.sh (make laravel-install APP=...).
        touch("$base/artisan");
        file_put_contents("$base/composer.json", json_encode(['name' => 'test/hospital-app',
            'autoload' => ['psr-4' => ['App\\' => 'app/']]], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES));
        self::install($base);
        touch("$base/database/database.sqlite");

        self::write("$base/config/app.php", [
            'name' => 'bpjs-codec-test', 'env' => 'testing', 'debug' => true, 'timezone' => 'Asia/Jakarta',
            'key' => 'base64:' . base64_encode(random_bytes(32)), 'cipher' => 'AES-256-CBC',
            'providers' => array_merge([
                \Illuminate\Database\DatabaseServiceProvider::class,
                \Illuminate\Filesystem\FilesystemServiceProvider::class,
                \Illuminate\Cache\CacheServiceProvider::class,
                \Illuminate\Auth\AuthServiceProvider::class,
                \Illuminate\Database\MigrationServiceProvider::class,
                \Illuminate\Foundation\Providers\ComposerServiceProvider::class,
            ], self::discoveredProviders($base)),
            'aliases' => [],
        ]);
        self::write("$base/config/database.php", [
            'default' => 'sqlite',
            'connections' => ['sqlite' => [
                'driver' => 'sqlite', 'database' => "$base/database/database.sqlite", 'prefix' => '',
                'foreign_key_constraints' => true,
            ]],
            'migrations' => 'migrations',
        ]);
        self::write("$base/config/cache.php", [
            'default' => 'file',
            'stores' => ['file' => ['driver' => 'file', 'path' => "$base/storage/framework/cache/data"]],
            'prefix' => 'bpjs_test',
        ]);
        self::write("$base/config/auth.php", [
            'defaults' => ['guard' => 'web'],
            'guards' => ['web' => ['driver' => 'bpjs-test']],
        ]);
        self::write("$base/config/logging.php", [
            'default' => 'single',
            'channels' => [
                'single' => ['driver' => 'single', 'path' => "$base/storage/logs/laravel.log", 'level' => 'debug'],
                // faskesku.id's channel (daily there; single here: one file to read).
                'bpjs' => ['driver' => 'single', 'path' => "$base/storage/logs/bpjs.log", 'level' => 'debug'],
            ],
        ]);

        // composer.json's PSR-4 map (App\\ and the installed package), as `composer dump-autoload` sets it up.
        self::autoload($base);

        $app = new Application($base);
        if (method_exists($app, 'dontMergeFrameworkConfiguration')) {
            // Laravel 11+: the configuration is all here (Debian's package keeps the
            // framework's defaults elsewhere than the path Laravel looks in).
            $app->dontMergeFrameworkConfiguration();
        }
        $app->singleton(ConsoleKernel::class, \Illuminate\Foundation\Console\Kernel::class);
        $app->singleton(ExceptionHandler::class, \Illuminate\Foundation\Exceptions\Handler::class);
        $app->make(ConsoleKernel::class)->bootstrap();
        // Deleted rows (the settings tests' credentials) are zeroed, not left in free pages.
        \Illuminate\Support\Facades\DB::statement('PRAGMA secure_delete = ON');
        // A guard without sessions: tests set its user (Auth::setUser) or leave it empty.
        \Illuminate\Support\Facades\Auth::viaRequest('bpjs-test', fn () => null);

        // The settings tables of faskesku.id, in its layout: one row each.
        self::createSettingsTables();
        // The audit tables, as a hospital creates them (README): `php artisan migrate`.
        self::migrate();

        self::$base = $base;
        return self::$app = $app;
    }

    /** scripts/laravel/install.sh into $app; fails the run when it fails. */
    public static function install(string $app): string
    {
        $script = dirname(__DIR__, 3) . '/scripts/laravel/install.sh';
        $out = [];
        exec('COMPOSER_BIN= bash ' . escapeshellarg($script) . ' ' . escapeshellarg($app) . ' 2>&1', $out, $status);
        if ($status !== 0) {
            throw new \RuntimeException("install.sh failed ($status): " . implode("\n", $out));
        }
        return implode("\n", $out);
    }

    /** PSR-4 autoloading of an application's composer.json. */
    public static function autoload(string $app): void
    {
        $map = json_decode((string) file_get_contents("$app/composer.json"), true)['autoload']['psr-4'] ?? [];
        spl_autoload_register(function (string $class) use ($app, $map): void {
            foreach ($map as $prefix => $dir) {
                if (str_starts_with($class, $prefix)) {
                    $file = "$app/$dir" . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
                    if (is_file($file)) {
                        require $file;
                        return;
                    }
                }
            }
        });
    }

    /** The providers composer's package discovery would register (composer.json extra.laravel). */
    private static function discoveredProviders(string $app): array
    {
        $json = json_decode((string) file_get_contents("$app/composer.json"), true);
        return $json['extra']['laravel']['providers'] ?? [];
    }

    /** setting_bridging_bpjs (*_pcare columns) and setting_briding_mobilejkn (*_mobilejkn columns). */
    public static function createSettingsTables(): void
    {
        Schema::create('setting_bridging_bpjs', function ($table): void {
            $table->increments('id');
            foreach (['cons_id_pcare', 'secretkey_pcare', 'userkey_pcare', 'user_pcare', 'pass_pcare'] as $column) {
                $table->string($column)->nullable();
            }
        });
        Schema::create('setting_briding_mobilejkn', function ($table): void {
            $table->increments('id');
            foreach (
                ['base_url_mobilejkn', 'base_url_v1', 'base_url_v2', 'cons_id_mobilejkn', 'secretkey_mobilejkn',
                'userkey_mobilejkn', 'user_mobilejkn', 'pass_mobilejkn', 'username_antrol',
                    'password_antrol'] as $column
            ) {
                $table->string($column)->nullable();
            }
        });
    }

    public static function logFile(): string
    {
        return self::$base . '/storage/logs/laravel.log';
    }

    private static function write(string $file, array $config): void
    {
        file_put_contents($file, "<?php\n\nreturn " . var_export($config, true) . ";\n");
    }

    /** `php artisan migrate` of the shipped audit migrations on a connection. */
    public static function migrate(?string $connection = null): void
    {
        $options = ['--force' => true] + ($connection !== null ? ['--database' => $connection] : []);
        $status = \Illuminate\Support\Facades\Artisan::call('migrate', $options);
        if ($status !== 0) {
            throw new \RuntimeException('migrate failed: ' . \Illuminate\Support\Facades\Artisan::output());
        }
    }

    public static function cleanup(): void
    {
        if (isset(self::$base)) {
            Artifacts::remove(self::$base);
        }
    }
}
