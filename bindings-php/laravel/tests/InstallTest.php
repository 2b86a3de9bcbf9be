<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Laravel;

use BpjsCodec\Tests\Support\Artifacts;
use Illuminate\Support\Facades\Artisan;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;
use PHPUnit\Framework\TestCase;

/**
 * make laravel-install (scripts/laravel/install.sh): into a fresh application
 * (the one every Laravel test runs in, booted from what it installed) and into
 * one that already has its own trait, config and pcare_bpjs_log table.
 */
final class InstallTest extends TestCase
{
    public function testAFreshApplicationGetsTheDropIn(): void
    {
        $app = LaravelApp::$base;
        $package = dirname(__DIR__);
        $this->assertFileEquals("$package/BpjsTraits.php", "$app/app/Traits/BpjsTraits.php");
        $this->assertFileDoesNotExist("$app/app/Traits/BpjsTraits.php.orig", 'nothing of its own to keep');
        $this->assertFileEquals("$package/config/bpjs.php", "$app/config/bpjs.php");
        foreach (glob("$package/database/migrations/*.php") as $migration) {
            $this->assertFileEquals($migration, "$app/database/migrations/" . basename($migration));
        }
        $composer = json_decode((string) file_get_contents("$app/composer.json"), true);
        $this->assertSame('packages/bpjs-codec-laravel/src/', $composer['autoload']['psr-4']['BpjsCodec\\Laravel\\']);
        $this->assertSame(['BpjsCodec\\Laravel\\BpjsServiceProvider'], $composer['extra']['laravel']['providers']);
        // Booted from what it installed: the provider's channel and config are there.
        $this->assertTrue(app()->providerIsLoaded(\BpjsCodec\Laravel\BpjsServiceProvider::class));
        $this->assertStringStartsWith(
            "$app/packages/bpjs-codec-laravel/src/",
            (new \ReflectionClass(\BpjsCodec\Laravel\BpjsServiceProvider::class))->getFileName()
        );
    }

    public function testAnApplicationWithItsOwnTableTraitAndConfig(): void
    {
        $app = Artifacts::newDir('php-laravel-existing');
        $db = "$app/database/app.sqlite";
        try {
            foreach (['app/Traits', 'config', 'database/migrations'] as $dir) {
                mkdir("$app/$dir", 0700, true);
            }
            touch("$app/artisan");
            touch($db);
            file_put_contents("$app/app/Traits/BpjsTraits.php", "<?php\n// the application's own trait\n");
            file_put_contents("$app/config/bpjs.php", "<?php\nreturn ['pcare' => ['kode_ppk' => 'OWN']];\n");
            file_put_contents(
                "$app/composer.json",
                '{"name": "test/existing", "autoload": {"psr-4": {"App\\\\": "app/"}}}'
            );
            // Its own migration, the original design's table (no guard).
            $own = "$app/database/migrations/2025_12_14_090000_create_pcare_bpjs_log_table.php";
            file_put_contents($own, <<<'PHP'
                <?php
                use Illuminate\Database\Migrations\Migration;
                use Illuminate\Database\Schema\Blueprint;
                use Illuminate\Support\Facades\Schema;
                return new class extends Migration {
                    public function up(): void
                    {
                        Schema::create('pcare_bpjs_log', function (Blueprint $table) {
                            $table->id();
                            $table->string('no_rawat', 17);
                            $table->string('endpoint', 50);
                            $table->enum('status', ['success', 'failed']);
                            $table->integer('http_status')->nullable();
                            $table->json('request_payload');
                            $table->string('correlation_id', 64)->nullable();
                            $table->timestamps();
                        });
                    }
                };
                PHP);
            $ownMigration = (string) file_get_contents($own);

            $out = LaravelApp::install($app);
            $this->assertStringContainsString('now: php artisan migrate', $out);
            $this->assertSame(
                "<?php\n// the application's own trait\n",
                file_get_contents("$app/app/Traits/BpjsTraits.php.orig")
            );
            $this->assertFileEquals(dirname(__DIR__) . '/BpjsTraits.php', "$app/app/Traits/BpjsTraits.php");
            $this->assertStringContainsString("'OWN'", (string) file_get_contents("$app/config/bpjs.php.orig"));
            $this->assertSame($ownMigration, file_get_contents($own), 'the application\'s migration is left alone');

            // `php artisan migrate` of the application: its own table first, then ours.
            config()->set('database.connections.existing_app', ['driver' => 'sqlite', 'database' => $db, 'prefix' =>
                '']);
            $migrate = fn () => Artisan::call('migrate', ['--database' => 'existing_app', '--force' => true,
                '--path' => "$app/database/migrations", '--realpath' => true]);
            $this->assertSame(0, $migrate(), Artisan::output());
            $this->assertSame(0, $migrate(), 'again: nothing to do');
            $schema = Schema::connection('existing_app');
            foreach (
                ['no_rawat', 'endpoint', 'service', 'method', 'payload_hash', 'attempt',
                'endpoint_full'] as $column
            ) {
                $this->assertTrue($schema->hasColumn('pcare_bpjs_log', $column), $column);
            }
            $this->assertTrue($schema->hasTable('pcare_send_attempts'));
            $ran = DB::connection('existing_app')->table('migrations')->pluck('migration')->all();
            $this->assertSame(['2025_12_14_090000_create_pcare_bpjs_log_table',
                '2025_12_14_090100_create_pcare_bpjs_log_table_if_missing',
                '2026_11_24_000001_add_audit_columns_to_pcare_bpjs_log_table',
                '2026_11_24_000002_create_pcare_send_attempts_table'], $ran);
            // The application's own insert (no audit column named) still works.
            DB::connection('existing_app')->table('pcare_bpjs_log')->insert(['no_rawat' => '2026/12/05/000001',
                'endpoint' => 'pendaftaran', 'status' => 'success', 'http_status' => 201, 'request_payload' => '{}']);
            $this->assertSame(1, DB::connection('existing_app')->table('pcare_bpjs_log')->count());
        } finally {
            DB::purge('existing_app');
            Artifacts::remove($app);
        }
    }

    public function testNotALaravelApplicationIsRefused(): void
    {
        $dir = Artifacts::newDir('php-not-laravel');
        try {
            LaravelApp::install($dir);
            $this->fail('install.sh must refuse a directory without artisan');
        } catch (\RuntimeException $e) {
            $this->assertStringContainsString('not a Laravel application', $e->getMessage());
            $this->assertFileDoesNotExist("$dir/app/Traits/BpjsTraits.php");
        } finally {
            Artifacts::remove($dir);
        }
    }
}
