<?php
declare(strict_types=1);

namespace BpjsCodec\Tests\Laravel;

use Illuminate\Contracts\Console\Kernel as ConsoleKernel;
use Illuminate\Contracts\Debug\ExceptionHandler;
use Illuminate\Foundation\Application;
use Illuminate\Support\Facades\Schema;

/**
 * A real Laravel 8 application (Debian's php-laravel-framework) in a temp
 * directory, set up the way the README tells a hospital app to migrate:
 * BpjsTraits.php copied to app/Traits, config/bpjs.php copied to config/.
 * Database: SQLite in the temp directory, with faskesku.id's settings tables
 * (setting_bridging_bpjs, setting_briding_mobilejkn) in their real layout.
 */
final class LaravelApp
{
    public static string $base;
    public static Application $app;

    public static function boot(): Application
    {
        $base = sys_get_temp_dir() . '/bpjs-laravel-' . getmypid() . '-' . bin2hex(random_bytes(4));
        foreach (['app/Traits', 'config', 'bootstrap/cache', 'storage/logs', 'storage/framework', 'database'] as $dir) {
            mkdir("$base/$dir", 0700, true);
        }
        // The two files of the migration.
        copy(dirname(__DIR__) . '/BpjsTraits.php', "$base/app/Traits/BpjsTraits.php");
        copy(dirname(__DIR__) . '/config/bpjs.php', "$base/config/bpjs.php");
        touch("$base/database/database.sqlite");

        self::write("$base/config/app.php", [
            'name' => 'bpjs-codec-test', 'env' => 'testing', 'debug' => true, 'timezone' => 'Asia/Jakarta',
            'key' => 'base64:' . base64_encode(random_bytes(32)), 'cipher' => 'AES-256-CBC',
            'providers' => [
                \Illuminate\Database\DatabaseServiceProvider::class,
                \Illuminate\Filesystem\FilesystemServiceProvider::class,
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
        self::write("$base/config/logging.php", [
            'default' => 'single',
            'channels' => ['single' => ['driver' => 'single', 'path' => "$base/storage/logs/laravel.log", 'level' => 'debug']],
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

        // The settings tables of faskesku.id, in its layout: one row each.
        self::createSettingsTables();

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
            foreach (['base_url_mobilejkn', 'base_url_v1', 'base_url_v2', 'cons_id_mobilejkn', 'secretkey_mobilejkn',
                'userkey_mobilejkn', 'user_mobilejkn', 'pass_mobilejkn', 'username_antrol', 'password_antrol'] as $column) {
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

    public static function cleanup(): void
    {
        if (!isset(self::$base) || !is_dir(self::$base)) {
            return;
        }
        $items = new \RecursiveIteratorIterator(
            new \RecursiveDirectoryIterator(self::$base, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::CHILD_FIRST
        );
        foreach ($items as $item) {
            $item->isDir() ? rmdir($item->getPathname()) : unlink($item->getPathname());
        }
        rmdir(self::$base);
    }
}
