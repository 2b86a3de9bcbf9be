<?php
declare(strict_types=1);

namespace BpjsCodec\Tests\Laravel;

use BpjsCodec\Tests\Support\Simulator;
use BpjsCodec\Tests\Support\TraitScenarios;
use Illuminate\Http\Client\Events\RequestSending;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Event;
use Illuminate\Support\Facades\Schema;

/**
 * The trait inside a booted Laravel 8 application: settings from
 * config('bpjs.*') and the setting_bridging_bpjs table (SQLite), requests
 * through the Http facade (Guzzle), log lines through the Log facade.
 * Every shared scenario runs here too.
 */
final class LaravelTraitTest extends TraitScenarios
{
    /** Env name => [table, column] of faskesku.id's settings tables. */
    private const COLUMNS = [
        'BPJS_PCARE_CONS_ID' => ['setting_bridging_bpjs', 'cons_id_pcare'],
        'BPJS_PCARE_CONS_PWD' => ['setting_bridging_bpjs', 'secretkey_pcare'],
        'BPJS_PCARE_USER_KEY' => ['setting_bridging_bpjs', 'userkey_pcare'],
        'BPJS_PCARE_USER' => ['setting_bridging_bpjs', 'user_pcare'],
        'BPJS_PCARE_PASS' => ['setting_bridging_bpjs', 'pass_pcare'],
        'BPJS_MOBILEJKN_BASE_URL' => ['setting_briding_mobilejkn', 'base_url_mobilejkn'],
        'BPJS_MOBILEJKN_CONS_ID' => ['setting_briding_mobilejkn', 'cons_id_mobilejkn'],
        'BPJS_MOBILEJKN_CONS_PWD' => ['setting_briding_mobilejkn', 'secretkey_mobilejkn'],
        'BPJS_MOBILEJKN_USER_KEY' => ['setting_briding_mobilejkn', 'userkey_mobilejkn'],
        'BPJS_MOBILEJKN_USER' => ['setting_briding_mobilejkn', 'user_mobilejkn'],
        'BPJS_MOBILEJKN_PASS' => ['setting_briding_mobilejkn', 'pass_mobilejkn'],
    ];

    /** iCare has no columns of its own: it reads the Mobile JKN row (and userkey_pcare). */
    private const ICARE_FROM_TABLES = ['BPJS_ICARE_CONS_ID', 'BPJS_ICARE_CONS_PWD', 'BPJS_ICARE_USER_KEY', 'BPJS_ICARE_USER', 'BPJS_ICARE_PASS'];

    private int $logOffset = 0;
    private int $httpRequests = 0;

    protected function setUp(): void
    {
        clearstatcache();
        $this->logOffset = is_file(LaravelApp::logFile()) ? filesize(LaravelApp::logFile()) : 0;
        $this->httpRequests = 0;
        Event::listen(RequestSending::class, function (): void {
            $this->httpRequests++;
        });
        parent::setUp();
    }

    protected function tearDown(): void
    {
        Event::forget(RequestSending::class);
        DB::table('setting_bridging_bpjs')->delete();
        DB::table('setting_briding_mobilejkn')->delete();
    }

    /**
     * Credentials (and the Mobile JKN base URL) go to the settings tables in
     * faskesku.id's layout; config('bpjs.*') gets a wrong value for each of them,
     * so a passing request proves the tables are read first, under the right
     * column names. Everything else (base URLs, HTTP settings) goes to config.
     */
    protected function configure(array $settings): void
    {
        $rows = [];
        foreach ($settings as $env => $value) {
            [$family, $key] = explode('_', substr($env, strlen('BPJS_')), 2);
            $family = strtolower($family);
            $key = $key === 'KUNJUNGAN_CT' ? 'kunjungan_content_type' : strtolower($key);
            if (in_array($env, ['BPJS_PCARE_FORCE_RESOLVE', 'BPJS_PCARE_FORCE_RESOLVE_LIST'], true)) {
                config()->set('bpjs.http.' . strtolower(substr($env, strlen('BPJS_PCARE_'))), $value);
                continue;
            }
            if (isset(self::COLUMNS[$env])) {
                [$table, $column] = self::COLUMNS[$env];
                $rows[$table][$column] = $value;
            }
            if (isset(self::COLUMNS[$env]) || in_array($env, self::ICARE_FROM_TABLES, true)) {
                // An empty table value means "not set": config must be empty too then.
                config()->set("bpjs.$family.$key", $value === '' ? '' : 'wrong-value-from-config');
            } else {
                config()->set("bpjs.$family.$key", $value);
            }
        }
        foreach ($rows as $table => $row) {
            DB::table($table)->updateOrInsert(['id' => 1], $row);
        }
    }

    protected function logText(): string
    {
        clearstatcache();
        if (!is_file(LaravelApp::logFile())) {
            return '';
        }
        return (string) file_get_contents(LaravelApp::logFile(), false, null, $this->logOffset);
    }

    public function testRunsInsideLaravelThroughTheHttpFacade(): void
    {
        $host = $this->host();
        $this->assertTrue($host->call('bpjsInLaravel'));
        $this->assertSame(\Illuminate\Foundation\Application::class, get_class(app()));
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/1');
        $this->assertInstanceOf(\Illuminate\Http\Client\Response::class, $r['response']);
        $this->assertTrue($r['response']->successful());
        $this->assertSame('100001', $r['decoded']['response']['list'][0]['kdDokter']);
        $this->assertSame(1, $this->httpRequests, 'the request went through Illuminate\Http\Client');
    }

    public function testMigrationsCreateTheTablesOnTheAuditConnection(): void
    {
        $file = tempnam(sys_get_temp_dir(), 'bpjs-audit-db');
        config()->set('database.connections.bpjs_audit_only', ['driver' => 'sqlite', 'database' => $file, 'prefix' => '']);
        config()->set('bpjs.audit.connection', 'bpjs_audit_only');
        try {
            foreach (glob(dirname(__DIR__) . '/database/migrations/*.php') as $path) {
                $migration = require $path;
                $this->assertSame('bpjs_audit_only', $migration->getConnection(), basename($path));
                // As the Migrator runs it: up() while the default connection is the app's.
                $migration->up();
            }
            foreach (['pcare_bpjs_log', 'pcare_send_attempts'] as $table) {
                $this->assertTrue(Schema::connection('bpjs_audit_only')->hasTable($table), "$table on the audit connection");
            }
            config()->set('bpjs.audit.connection', null);
            $this->assertNull((require $path)->getConnection(), 'unset: the connection migrate runs on');
        } finally {
            config()->set('bpjs.audit.connection', null);
            DB::purge('bpjs_audit_only');
            @unlink($file);
        }
    }

    public function testSettingsTableWinsOverConfig(): void
    {
        $config = $this->host()->call('pcareConfig');
        $this->assertSame(Simulator::SECRET, $config['cons_pwd']);
        $this->assertSame('wrong-value-from-config', config('bpjs.pcare.cons_pwd'));
        $icare = $this->host()->call('icareConfig');
        $this->assertSame(Simulator::SECRET, $icare['cons_pwd'], 'iCare reads setting_briding_mobilejkn');
        $this->assertSame(Simulator::USER_KEY, $icare['user_key'], 'and userkey_pcare');
        $this->assertSame(self::$sim->url . '/antreanfktp', $this->host()->call('mobilejknConfig')['base_url']);
        // Without a row, config applies (and here is wrong): the failure is in the envelope, not an exception.
        DB::table('setting_bridging_bpjs')->delete();
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/1');
        $this->assertSame(401, $r['status']);
        $this->assertSame(401, $r['decoded']['metaData']['code']);
        $this->assertSame('', $this->logText(), 'an empty table is not a missing one');
    }

    public function testMissingTableOrColumnIsWarnedOnce(): void
    {
        // The layout of an older test app (one row per service): no *_pcare columns.
        Schema::rename('setting_bridging_bpjs', 'setting_bridging_bpjs_real');
        Schema::create('setting_bridging_bpjs', function ($table): void {
            $table->string('service');
            $table->string('cons_id')->nullable();
        });
        DB::table('setting_bridging_bpjs')->insert(['service' => 'pcare', 'cons_id' => 'x']);
        Schema::rename('setting_briding_mobilejkn', 'setting_briding_mobilejkn_real');
        try {
            $this->host()->call('pcareConfig');
            $this->host()->call('pcareConfig');
            $this->host()->call('mobilejknConfig');
            $this->host()->call('mobilejknConfig');
        } finally {
            Schema::drop('setting_bridging_bpjs');
            Schema::rename('setting_bridging_bpjs_real', 'setting_bridging_bpjs');
            Schema::rename('setting_briding_mobilejkn_real', 'setting_briding_mobilejkn');
        }
        $log = $this->logText();
        $this->assertSame(1, substr_count($log, 'WARNING: bpjs: table setting_bridging_bpjs has no column cons_id_pcare, '
            . 'secretkey_pcare, userkey_pcare, user_pcare, pass_pcare'), $log);
        $this->assertSame(1, substr_count($log, 'WARNING: bpjs: table setting_briding_mobilejkn not read'), $log);
    }

    public function testDecodeFailureGoesToTheLaravelLog(): void
    {
        $this->send('pcareRequest', 'GET', 'dokter/0/1', [], null, ['X-Sim-Fault' => 'wrong-key']);
        $log = $this->logText();
        $this->assertMatchesRegularExpression('/testing\.WARNING: bpjs: pcare response not decoded \(padding\)/', $log);
        $this->assertStringContainsString('"kind":"padding"', $log);
    }
}
