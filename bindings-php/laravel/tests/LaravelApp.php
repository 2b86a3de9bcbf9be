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
        foreach (
            ['app/Traits', 'app/Services', 'app/Console/Commands', 'config', 'bootstrap/cache', 'storage/logs',
            'storage/framework/cache/data', 'database/migrations'] as $dir
        ) {
            mkdir("$base/$dir", 0700, true);
        }
        // The files of the migration (README).
        $laravel = dirname(__DIR__);
        copy("$laravel/BpjsTraits.php", "$base/app/Traits/BpjsTraits.php");
        copy("$laravel/config/bpjs.php", "$base/config/bpjs.php");
        copy("$laravel/Services/BpjsResendService.php", "$base/app/Services/BpjsResendService.php");
        copy("$laravel/Console/Commands/BpjsResendDue.php", "$base/app/Console/Commands/BpjsResendDue.php");
        foreach (glob("$laravel/database/migrations/*.php") as $migration) {
            copy($migration, "$base/database/migrations/" . basename($migration));
        }
        touch("$base/database/database.sqlite");

        self::write("$base/config/app.php", [
            'name' => 'bpjs-codec-test', 'env' => 'testing', 'debug' => true, 'timezone' => 'Asia/Jakarta',
            'key' => 'base64:' . base64_encode(random_bytes(32)), 'cipher' => 'AES-256-CBC',
            'providers' => [
                \Illuminate\Database\DatabaseServiceProvider::class,
                \Illuminate\Filesystem\FilesystemServiceProvider::class,
                \Illuminate\Cache\CacheServiceProvider::class,
                \Illuminate\Auth\AuthServiceProvider::class,
                \Illuminate\Database\MigrationServiceProvider::class,
                \Illuminate\Foundation\Providers\ComposerServiceProvider::class,
                // What composer's package discovery adds.
                \BpjsCodec\Laravel\BpjsServiceProvider::class,
            ],
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

        // PSR-4 for App\ as composer would set it up.
        spl_autoload_register(function (string $class) use ($base): void {
            if (str_starts_with($class, 'App\\')) {
                $file = "$base/app/" . str_replace('\\', '/', substr($class, 4)) . '.php';
                if (is_file($file)) {
                    require $file;
                }
            }
        });

        $app = new Application($base);
        $app->singleton(ConsoleKernel::class, \Illuminate\Foundation\Console\Kernel::class);
        $app->singleton(ExceptionHandler::class, \Illuminate\Foundation\Exceptions\Handler::class);
        $app->make(ConsoleKernel::class)->bootstrap();
        // Deleted rows (the settings tests' credentials) are zeroed, not left in free pages.
        \Illuminate\Support\Facades\DB::statement('PRAGMA secure_delete = ON');
        // A guard without sessions: tests set its user (Auth::setUser) or leave it empty.
        \Illuminate\Support\Facades\Auth::viaRequest('bpjs-test', fn () => null);
        // As app/Console/Kernel.php would list it.
        $app->make(ConsoleKernel::class)->registerCommand($app->make(\App\Console\Commands\BpjsResendDue::class));

        // The settings tables of faskesku.id, in its layout: one row each.
        self::createSettingsTables();
        // The audit tables, as a hospital creates them (README): `php artisan migrate`.
        self::migrate();

        self::$base = $base;
        return self::$app = $app;
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
                'userkey_mobilejkn', 'user_mobilejkn', 'pass_mobilejkn', 'username_antrol', 'password_antrol'] as $column
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
