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
    private const ICARE_FROM_TABLES = ['BPJS_ICARE_CONS_ID', 'BPJS_ICARE_CONS_PWD', 'BPJS_ICARE_USER_KEY',
        'BPJS_ICARE_USER', 'BPJS_ICARE_PASS'];

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
        config()->set('database.connections.bpjs_audit_only', ['driver' => 'sqlite', 'database' => $file,
            'prefix' => '']);
        config()->set('bpjs.audit.connection', 'bpjs_audit_only');
        try {
            foreach (glob(dirname(__DIR__) . '/database/migrations/*.php') as $path) {
                $migration = require $path;
                $this->assertSame('bpjs_audit_only', $migration->getConnection(), basename($path));
                // As the Migrator runs it: up() while the default connection is the app's.
                $migration->up();
            }
            foreach (['pcare_bpjs_log', 'pcare_send_attempts'] as $table) {
                $this->assertTrue(
                    Schema::connection('bpjs_audit_only')->hasTable($table),
                    "$table on the audit connection"
                );
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
        try {
            $this->send('pcareRequest', 'GET', 'dokter/0/1');
            $this->fail('a 401 ends in RequestException (retry())');
        } catch (\Illuminate\Http\Client\RequestException $e) {
            $this->assertSame(401, $e->response->status());
            $decoded = $this->host()->call('maybeDecryptAndDecompress', $e->response->body(), (string) time());
            $this->assertSame(401, $decoded['metaData']['code']);
        }
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
        $this->assertSame(1, substr_count(
            $log,
            'WARNING: bpjs: table setting_bridging_bpjs has no column cons_id_pcare, '
            . 'secretkey_pcare, userkey_pcare, user_pcare, pass_pcare'
        ), $log);
        $this->assertSame(1, substr_count($log, 'WARNING: bpjs: table setting_briding_mobilejkn not read'), $log);
    }

    public function testDecodeFailureGoesToTheLaravelLog(): void
    {
        $this->send('pcareRequest', 'GET', 'dokter/0/1', [], null, ['X-Sim-Fault' => 'wrong-key']);
        $log = $this->logText();
        $this->assertMatchesRegularExpression('/testing\.WARNING: bpjs: pcare response not decoded \(padding\)/', $log);
        $this->assertStringContainsString('"kind":"padding"', $log);
    }

    // ------------------------------------------------------------------
    // faskesku.id's original trait, behaviour by behaviour (issue 16). Each value
    // below was observed running the application's controllers with its original
    // trait against bpjs-sim (research/laravel/OBSERVED.md).

    /** @var array<int, \Illuminate\Http\Client\Request> requests as the Http client sent them */
    private array $wire = [];

    private function recordWire(): void
    {
        $this->wire = [];
        Event::listen(RequestSending::class, function (RequestSending $e): void {
            $this->wire[] = $e->request;
        });
    }

    private function bpjsLog(): string
    {
        $file = LaravelApp::$base . '/storage/logs/bpjs.log';
        clearstatcache();
        return is_file($file) ? (string) file_get_contents($file) : '';
    }

    /** The context of the last line with $message (and $needle), as the parse command reads it. */
    private function channelLine(string $log, string $message, string $needle = ''): ?array
    {
        $found = null;
        foreach (explode("\n", $log) as $line) {
            if (str_contains($line, $message) && ($needle === '' || str_contains($line, $needle))) {
                $json = substr($line, (int) strpos($line, '{'));
                $json = preg_replace('/\s*\[\]\s*$/', '', $json);
                $found = json_decode((string) $json, true);
            }
        }
        return $found;
    }

    /** 1. kode_ppk: setting_bridging_bpjs.user_pcare, then setting.kode_ppk, then config. */
    public function testBehaviour01KodePpkOrder(): void
    {
        if (!Schema::hasTable('setting')) {
            Schema::create('setting', fn ($t) => $t->string('kode_ppk')->nullable());
        }
        DB::table('setting')->delete();
        DB::table('setting')->insert(['kode_ppk' => 'SETPPK01']);
        config()->set('bpjs.pcare.kode_ppk', 'ENVPPK01');
        try {
            $this->assertSame('pcare.sim', $this->host()->call('pcareConfig')['kode_ppk']);
            DB::table('setting_bridging_bpjs')->update(['user_pcare' => '  ']);
            $config = $this->host()->call('pcareConfig');
            $this->assertSame('SETPPK01', $config['kode_ppk']);
            $this->assertSame('  ', $config['user']);
            DB::table('setting')->update(['kode_ppk' => '']);
            $this->assertSame('ENVPPK01', $this->host()->call('pcareConfig')['kode_ppk']);
            $this->assertSame('11251616', (require dirname(__DIR__) . '/config/bpjs.php')['pcare']['kode_ppk']
                ?? null, 'the original default without BPJS_PCARE_KODE_PPK');
        } finally {
            Schema::drop('setting');
        }
    }

    /** 2. The original's pcare_bpjs_log already there: migrate succeeds, the app's inserts and ours fit. */
    public function testBehaviour02MigrateOnAnAppThatHasTheTable(): void
    {
        $file = tempnam(sys_get_temp_dir(), 'bpjs-app-db');
        config()->set('database.connections.bpjs_app', ['driver' => 'sqlite', 'database' => $file, 'prefix' => '']);
        config()->set('bpjs.audit.connection', 'bpjs_app');
        try {
            $schema = Schema::connection('bpjs_app');
            // The application's own table, in its original design.
            $schema->create('pcare_bpjs_log', function ($table): void {
                $table->id();
                $table->string('no_rawat', 17);
                $table->string('endpoint', 50);
                $table->enum('status', ['success', 'failed']);
                $table->integer('http_status')->nullable();
                $table->integer('meta_code')->nullable();
                $table->string('meta_message', 255)->nullable();
                $table->integer('duration_ms')->nullable();
                $table->json('request_payload');
                $table->longText('response_body_raw')->nullable();
                $table->json('response_body_json')->nullable();
                $table->string('triggered_by', 50)->nullable();
                $table->string('correlation_id', 64)->nullable();
                $table->timestamps();
            });
            $appRow = ['no_rawat' => '2026/12/05/000001', 'endpoint' => 'pendaftaran', 'status' => 'success',
                'http_status' => 201, 'meta_code' => 201, 'request_payload' => '{"kdPoli":"001"}', 'triggered_by' => '',
                'correlation_id' => 'app-1', 'created_at' => '2026-12-05 08:00:00', 'updated_at' =>
                    '2026-12-05 08:00:00'];
            DB::connection('bpjs_app')->table('pcare_bpjs_log')->insert($appRow);
            // Audit on before our migrations ran: the row fits the application's columns.
            config()->set('bpjs.audit.enabled', true);
            $this->defaults(['BPJS_HTTP_RETRY_TIMES' => '1']);
            $this->send('pcareRequest', 'GET', 'dokter/0/1');
            $early = (array) DB::connection('bpjs_app')->table('pcare_bpjs_log')->orderByDesc('id')->first();
            $this->assertSame('success', $early['status']);
            $this->assertSame('dokter/0/1', $early['endpoint']);
            $this->assertSame('', $early['no_rawat']);
            DB::connection('bpjs_app')->table('pcare_bpjs_log')->where('id', $early['id'])->delete();
            config()->set('bpjs.audit.enabled', false);
            // The process read the columns once: a worker sees ours after a restart.
            (new \ReflectionProperty(\BpjsCodec\Laravel\BpjsClient::class, 'bpjsLogTableColumns'))->setValue(null, []);
            foreach (glob(dirname(__DIR__) . '/database/migrations/*.php') as $path) {
                (require $path)->up();
            }
            foreach (['service', 'method', 'error_kind', 'payload_hash', 'attempt', 'endpoint_full'] as $column) {
                $this->assertTrue($schema->hasColumn('pcare_bpjs_log', $column), $column);
            }
            // Again: nothing to do, no error.
            foreach (glob(dirname(__DIR__) . '/database/migrations/*.php') as $path) {
                (require $path)->up();
            }
            DB::connection('bpjs_app')->table('pcare_bpjs_log')->insert(['correlation_id' => 'app-2'] + $appRow);
            config()->set('bpjs.audit.enabled', true);
            $this->defaults(['BPJS_HTTP_RETRY_TIMES' => '1']); // the 404 below is returned, not thrown
            $this->send('pcareRequest', 'GET', 'dokter/0/1');
            $this->send(
                'pcareRequest',
                'GET',
                'pendaftaran/peserta/0001234567890/tglDaftar/05-12-2026/noUrut/A001/kdPoli/001/x'
            );
            $rows = DB::connection('bpjs_app')->table('pcare_bpjs_log')->orderBy('id')->get()->map(fn ($r) =>
                (array) $r)->all();
            $this->assertCount(4, $rows);
            $this->assertSame(['app-1', 'app-2'], array_column(array_slice($rows, 0, 2), 'correlation_id'));
            $this->assertSame('', $rows[2]['no_rawat']);
            $this->assertSame('GET', $rows[2]['method']);
            $this->assertSame(50, mb_strlen($rows[3]['endpoint']), 'cut to its column, marked');
            $this->assertStringEndsWith('...', $rows[3]['endpoint']);
            $this->assertStringStartsWith('pendaftaran/peserta/', $rows[3]['endpoint_full']);
            $this->assertStringNotContainsString('0001234567890', $rows[3]['endpoint_full']);
        } finally {
            config()->set('bpjs.audit.enabled', false);
            config()->set('bpjs.audit.connection', null);
            DB::purge('bpjs_app');
            @unlink($file);
        }
    }

    /** 3. The bpjs channel lines, as pcare:parse-kunjungan-log reads them back. */
    public function testBehaviour03ChannelLinesTheParseCommandReads(): void
    {
        $before = strlen($this->bpjsLog());
        $body = ['no_rawat' => '2026/12/05/000001', 'noKartu' => '0001234567890', 'tglDaftar' => '05-12-2026'];
        $r = $this->send('pcareRequest', 'POST', 'kunjungan', [], $body, ['Content-Type' => 'text/plain']);
        $log = substr($this->bpjsLog(), $before);
        $request = $this->channelLine($log, 'PCare request', '"endpoint":"kunjungan"');
        $this->assertSame(
            ['id', 'method', 'url', 'endpoint', 'query', 'headers', 'body_preview'],
            array_keys($request)
        );
        $this->assertStringStartsWith('pcare_', $request['id']);
        $this->assertSame(['X-cons-id', 'X-timestamp', 'Accept', 'Content-Type'], array_keys($request['headers']));
        $this->assertSame('2026/12/05/000001', json_decode($request['body_preview'], true)['no_rawat']);
        $response = $this->channelLine($log, 'PCare response');
        $this->assertSame(['id', 'status', 'successful', 'duration_ms', 'url', 'timestamp_used', 'body_excerpt',
            'headers_excerpt'], array_keys($response));
        $this->assertSame(['Location', 'location', 'Content-Type'], array_keys($response['headers_excerpt']));
        $this->assertSame($request['id'], $response['id']);
        // What the command does: decrypt body_excerpt with timestamp_used, find noKunjungan.
        $decoded = bpjs_process_wrapper(
            Simulator::CONS_ID,
            Simulator::SECRET,
            $response['timestamp_used'],
            $response['body_excerpt']
        );
        $this->assertSame('noKunjungan', $decoded['response']['field']);
        $this->assertSame($r['decoded']['response']['message'], $decoded['response']['message']);
        // The facility's secrets in a payload never reach the log file; the rest stays.
        $before = strlen($this->bpjsLog());
        $this->send('pcareRequest', 'POST', 'kunjungan', [], $body + ['password' => Simulator::PASSWORD,
            'catatan' => 'kunci ' . Simulator::USER_KEY . ' / ' . Simulator::SECRET]);
        $log = substr($this->bpjsLog(), $before);
        foreach ([Simulator::PASSWORD, Simulator::USER_KEY, Simulator::SECRET] as $secret) {
            $this->assertStringNotContainsString($secret, $log);
            $this->assertStringNotContainsString(json_encode($secret), $log);
        }
        $preview = json_decode($this->channelLine($log, 'PCare request')['body_preview'], true);
        $this->assertSame('2026/12/05/000001', $preview['no_rawat']);
        $this->assertSame('[redacted]', $preview['password']);
        // Switched off: no bodies in the log file.
        config()->set('bpjs.log.body_excerpts', false);
        try {
            $before = strlen($this->bpjsLog());
            $this->send('pcareRequest', 'POST', 'kunjungan', [], $body);
            $log = substr($this->bpjsLog(), $before);
            $this->assertNull($this->channelLine($log, 'PCare request')['body_preview']);
            $this->assertNull($this->channelLine($log, 'PCare response')['body_excerpt']);
            $this->assertStringNotContainsString('0001234567890', $log);
        } finally {
            config()->set('bpjs.log.body_excerpts', true);
        }
        // Identifiers masked in url, endpoint and query; the kunjungan lines still found.
        config()->set('bpjs.log.mask_identifiers', true);
        try {
            $before = strlen($this->bpjsLog());
            $this->send('pcareRequest', 'GET', 'peserta/0001234567890', ['noka' => '0001234567890']);
            $this->send('pcareRequest', 'POST', 'kunjungan', [], $body);
            $log = substr($this->bpjsLog(), $before);
            $peserta = $this->channelLine($log, 'PCare request', 'peserta/');
            $this->assertStringStartsWith(self::$sim->url . '/pcare-rest/peserta/', $peserta['url']);
            $this->assertStringNotContainsString('0001234567890', $peserta['url'] . $peserta['endpoint']
                . json_encode($peserta['query']));
            $this->assertNotNull($this->channelLine($log, 'PCare request', '"endpoint":"kunjungan"'));
        } finally {
            config()->set('bpjs.log.mask_identifiers', false);
        }
    }

    /** 4. Non-2xx: RequestException after Laravel's retry($times); an answered write is never sent again. */
    public function testBehaviour04RetryTimesAndRequestException(): void
    {
        foreach (
            [['GET', 'dokter/0/2', 2], ['POST', 'pendaftaran', 1], ['PUT', 'kunjungan', 1]] as [$method, $path,
            $sends]
        ) {
            try {
                $this->send(
                    'pcareRequest',
                    $method,
                    $path,
                    [],
                    $method === 'GET' ? null : ['kdPoli' => '001'],
                    ['X-Sim-Fault' => '500']
                );
                $this->fail("$method: a RequestException, as Laravel's retry() throws it");
            } catch (\Illuminate\Http\Client\RequestException $e) {
                $this->assertSame(500, $e->response->status());
                $this->assertStringStartsWith('HTTP request returned status code 500', $e->getMessage());
            }
            $this->assertCount($sends, $this->simRequests("/pcare-rest/$path"), "$method $path");
        }
        $this->defaults(['BPJS_HTTP_RETRY_TIMES' => '0']);
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/3', [], null, ['X-Sim-Fault' => '500']);
        $this->assertSame(500, $r['status'], 'retry_times 0: one send, the answer returned');
        $this->assertCount(1, $this->simRequests('/pcare-rest/dokter/0/3'));
        $this->defaults(['BPJS_HTTP_RETRY_TIMES' => '3']);
        try {
            $this->send('pcareRequest', 'GET', 'dokter/0/4', [], null, ['X-Sim-Fault' => '503']);
            $this->fail('503: RequestException');
        } catch (\Illuminate\Http\Client\RequestException $e) {
        }
        $this->assertCount(3, $this->simRequests('/pcare-rest/dokter/0/4'), 'attempts in all');
    }

    /** 5. A catch block decoding with time() or '' gets the reply's real timestamp (improvement). */
    public function testBehaviour05CatchBlockDecodeRecoversTheTimestamp(): void
    {
        $host = $this->host();
        $r = $host->call('pcareRequest', 'GET', 'dokter/0/1', [], null, [], (string) (time() - 40));
        $body = $r['response']->body();
        foreach ([(string) time(), ''] as $ts) {
            $decoded = $host->call('maybeDecryptAndDecompress', $body, $ts);
            $this->assertSame('100001', $decoded['response']['list'][0]['kdDokter'], "timestamp '$ts'");
        }
        // Another object (a job): the extension finds it near now.
        $decoded = $this->host()->call('maybeDecryptAndDecompress', $body, (string) time());
        $this->assertSame('100001', $decoded['response']['list'][0]['kdDokter']);
    }

    /** 6. BPJS_PCARE_FORCE_RESOLVE_LIST: a refused address moves to the next one, POST included. */
    public function testBehaviour06ForceResolveFailoverForEveryMethod(): void
    {
        $port = parse_url(self::$sim->url, PHP_URL_PORT);
        $this->defaults([
            'BPJS_PCARE_BASE_URL' => "http://bpjs.sim.test:$port/pcare-rest",
            'BPJS_PCARE_FORCE_RESOLVE_LIST' => "bpjs.sim.test:$port:127.0.0.2,bpjs.sim.test:$port:127.0.0.1",
        ]);
        $before = strlen($this->bpjsLog());
        $r = $this->send('pcareRequest', 'POST', 'pendaftaran', [], ['kdPoli' => '001', 'noKartu' => '0001234567890']);
        $this->assertSame(200, $r['status']);
        $this->assertSame('noUrut', $r['decoded']['response']['field']);
        $this->assertCount(1, $this->simRequests('/pcare-rest/pendaftaran'));
        $log = substr($this->bpjsLog(), $before);
        $failed = $this->channelLine($log, 'PCare attempt failed');
        $this->assertSame(1, $failed['attempt']);
        $this->assertStringContainsString('cURL error 7', $failed['error']);
        $this->assertSame(2, $this->channelLine($log, 'PCare attempt using CURLOPT_RESOLVE')['attempt']);
    }

    /** 7. Mobile JKN "Service Expired": signed again and sent once more; off by config. */
    public function testBehaviour07MobileJknServiceExpiredResignsOnce(): void
    {
        $before = strlen($this->bpjsLog());
        $r = $this->send('mobilejknRequest', 'GET', 'ref/poli/tanggal/2026-12-05', [], null, ['X-Sim-Fault' =>
            'expired']);
        $this->assertSame(401, $r['status'], 'never thrown: Mobile JKN has no retry()');
        $this->assertCount(2, $this->simRequests('/antreanfktp/ref/poli/tanggal/2026-12-05'));
        $this->assertNotNull($this->channelLine(
            substr($this->bpjsLog(), $before),
            'MobileJKN service expired, retry with refreshed credentials'
        ));
        config()->set('bpjs.mobilejkn.retry_service_expired', false);
        try {
            $this->send('mobilejknRequest', 'GET', 'ref/poli/tanggal/2026-12-06', [], null, ['X-Sim-Fault' =>
                'expired']);
            $this->assertCount(1, $this->simRequests('/antreanfktp/ref/poli/tanggal/2026-12-06'));
        } finally {
            config()->set('bpjs.mobilejkn.retry_service_expired', true);
        }
    }

    /** 8. iCare's base URL defaults to production; none configured: the original's message. */
    public function testBehaviour08IcareBaseUrlDefault(): void
    {
        $this->assertSame(
            'https://apijkn.bpjs-kesehatan.go.id/wsihs/api/pcare',
            (require dirname(__DIR__) . '/config/bpjs.php')['icare']['base_url']
        );
        config()->set('bpjs.icare.base_url', '');
        $this->expectExceptionMessage(
            'Base URL Icare belum dikonfigurasi. Set BPJS_ICARE_BASE_URL di .env untuk server ini.'
        );
        $this->host()->call('icareRequest', 'POST', 'validate', [], []);
    }

    /** 9. No body on GET nor on DELETE (even given one); one Content-Type, the caller's. */
    public function testBehaviour09BodiesAndContentType(): void
    {
        $this->recordWire();
        $this->send('pcareRequest', 'GET', 'dokter/0/1', ['foo' => 'bar'], ['foo' => 'bar']);
        $this->send(
            'pcareRequest',
            'DELETE',
            'kunjungan/0114U0011226Y000888',
            ['x' => '1'],
            ['x' => '1'], // the application's proxy passes $request->all(), the query included
            ['Content-Type' => 'application/json; charset=utf-8']
        );
        $this->send('pcareRequest', 'POST', 'kunjungan', [], ['no_rawat' => '2026/12/05/000001'], ['Content-Type' =>
            'text/plain']);
        $this->send('pcareRequest', 'POST', 'kunjungan', [], ['no_rawat' => '2026/12/05/000001']);
        [$get, $delete, $plain, $json] = $this->wire;
        $this->assertSame('', $get->body());
        $this->assertSame(['application/json'], $get->header('Content-Type'));
        $this->assertStringEndsWith('/dokter/0/1?foo=bar', $get->url());
        $this->assertSame('', $delete->body());
        $this->assertSame([], $delete->header('Content-Length'));
        $this->assertStringEndsWith('/kunjungan/0114U0011226Y000888?x=1', $delete->url());
        $this->assertSame(['application/json; charset=utf-8'], $delete->header('Content-Type'));
        $this->assertSame(['text/plain'], $plain->header('Content-Type'), 'once');
        $this->assertSame('{"no_rawat":"2026\/12\/05\/000001"}', $plain->body(), "json_encode's default flags");
        $this->assertSame(['application/json'], $json->header('Content-Type'), 'not forced to text/plain');
    }

    /** 10. A decrypted `response` that is not JSON is kept as text. */
    public function testBehaviour10DecryptedTextIsKept(): void
    {
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/1', [], null, ['X-Sim-Fault' => 'not-json']);
        $this->assertIsString($r['decoded']['response']);
        $this->assertFalse(
            bpjs_is_ciphertext($r['decoded']['response']) && strlen($r['decoded']['response']) > 40
            && $r['decoded']['response'] === json_decode($r['response']->body(), true)['response'],
            'not the ciphertext'
        );
        $this->assertNotSame(json_decode($r['response']->body(), true)['response'], $r['decoded']['response']);
    }

    /** 11. url without query, the original's config keys, messages, header order, timestamp "0". */
    public function testBehaviour11UrlKeysMessagesOrderTimestamp(): void
    {
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/2', ['foo' => 'bar']);
        $this->assertSame(self::$sim->url . '/pcare-rest/dokter/0/2', $r['url']);
        $this->assertSame(
            ['base_url', 'cons_id', 'cons_pwd', 'user_key', 'user', 'pass', 'kode_ppk', 'app_code'],
            array_keys($this->host()->call('pcareConfig'))
        );
        $this->assertSame(
            ['base_url', 'base_url_v1', 'base_url_v2', 'cons_id', 'cons_pwd', 'user_key', 'user', 'pass',
            'username_antrol', 'password_antrol', 'kode_ppk', 'app_code'],
            array_keys($this->host()->call('mobilejknConfig'))
        );
        $this->assertSame(
            ['base_url', 'cons_id', 'cons_pwd', 'user_key', 'user', 'pass', 'app_code'],
            array_keys($this->host()->call('icareConfig'))
        );
        $this->assertSame(
            ['X-cons-id', 'X-timestamp', 'X-signature', 'X-authorization', 'user_key', 'Accept', 'Content-Type'],
            array_keys($this->host()->call('buildPcareHeaders'))
        );
        $this->recordWire();
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/1', [], null, [], '0');
        $this->assertSame(200, $r['status'], '"0" is now, as `$override ?: now`');
        $this->assertNotSame('0', $r['timestamp_used']);
        $this->assertSame(
            ['X-cons-id', 'X-timestamp', 'X-signature', 'X-authorization', 'user_key', 'Accept', 'Content-Type'],
            array_values(array_filter(array_keys($this->wire[0]->headers()), fn ($h) => !in_array($h, ['User-Agent',
                'Host'], true)))
        );
        config()->set('bpjs.pcare.base_url', '');
        try {
            $this->host()->call('pcareRequest', 'GET', 'dokter/0/1');
            $this->fail('no base URL');
        } catch (\InvalidArgumentException $e) {
            $this->assertSame(
                'Base URL PCare belum dikonfigurasi. Set BPJS_PCARE_BASE_URL di .env untuk server ini.',
                $e->getMessage()
            );
        }
        DB::table('setting_briding_mobilejkn')->update(['secretkey_mobilejkn' => '']);
        config()->set('bpjs.mobilejkn.cons_pwd', '');
        try {
            $this->host()->call('mobilejknRequest', 'GET', 'ref/poli/tanggal/2026-12-05');
            $this->fail('no secret');
        } catch (\InvalidArgumentException $e) {
            $this->assertSame('Missing MobileJKN config: cons_pwd', $e->getMessage());
        }
    }

    /** 12. Secrets marked sensitive, unencodable bodies refused, no card number in thrown messages. */
    public function testBehaviour12Security(): void
    {
        // The trait's methods and the package's (the client and the resend service).
        $methods = [];
        foreach ([\BpjsCodec\Tests\Support\TraitHost::class, \BpjsCodec\Laravel\ResendService::class] as $class) {
            $methods = array_merge($methods, (new \ReflectionClass($class))->getMethods());
        }
        $checked = 0;
        foreach ($methods as $method) {
            foreach ($method->getParameters() as $parameter) {
                if (
                    preg_match(
                        '/secret|pass|password|user_?key|^key$|credentials|^secrets$/i',
                        $parameter->getName()
                    )
                ) {
                    $checked++;
                    $this->assertNotEmpty(
                        $parameter->getAttributes(\SensitiveParameter::class),
                        $method->getName() . '($' . $parameter->getName() . ')'
                    );
                }
            }
        }
        $this->assertGreaterThan(10, $checked);
        try {
            $this->send('pcareRequest', 'POST', 'kunjungan', [], ['nama' => "J\xe9r\xf4me"], ['Content-Type' =>
                'text/plain']);
            $this->fail('a body json_encode cannot encode');
        } catch (\InvalidArgumentException $e) {
            $this->assertStringContainsString('nothing was sent', $e->getMessage());
        }
        $this->assertCount(0, $this->simRequests('/pcare-rest/kunjungan'));
        $this->defaults(['BPJS_PCARE_BASE_URL' => 'http://127.0.0.1:1/pcare-rest', 'BPJS_HTTP_RETRY_TIMES' => '1']);
        try {
            $this->send('pcareRequest', 'GET', 'peserta/0009999999999');
            $this->fail('unreachable');
        } catch (\Illuminate\Http\Client\ConnectionException $e) {
            $this->assertStringNotContainsString('0009999999999', $e->getMessage());
            $this->assertNull($e->getPrevious());
            $this->assertStringContainsString('cURL error 7', $e->getMessage());
        }
    }

    // ------------------------------------------------------------------
    // Shared scenarios whose plain-PHP expectation differs inside Laravel, where the
    // trait behaves as the application's original (Laravel's retry() and RequestException,
    // the caller's Content-Type, the original's messages, url without the query).

    /** @return \Illuminate\Http\Client\RequestException what $send threw */
    private function requestException(callable $send): \Illuminate\Http\Client\RequestException
    {
        try {
            $send();
        } catch (\Illuminate\Http\Client\RequestException $e) {
            return $e;
        }
        $this->fail('a non-2xx answer ends in RequestException, as with the original');
    }

    public function testFault500IsRetriedForReadsOnly(): void
    {
        $e = $this->requestException(fn () => $this->send(
            'pcareRequest',
            'GET',
            'dokter/0/2',
            [],
            null,
            ['X-Sim-Fault' => '500']
        ));
        $this->assertSame(500, $e->response->status());
        $this->assertCount(2, $this->simRequests('/pcare-rest/dokter/0/2'), 'BPJS_HTTP_RETRY_TIMES attempts in all');
        $e = $this->requestException(fn () => $this->send(
            'pcareRequest',
            'POST',
            'pendaftaran',
            [],
            ['noKartu' => '0001234567890'],
            ['X-Sim-Fault' => '500']
        ));
        $this->assertSame(500, $e->response->status());
        $this->assertCount(1, $this->simRequests('/pcare-rest/pendaftaran'), 'an answered POST is never sent again');
    }

    public function testFault503HtmlIsReturnedRaw(): void
    {
        $e = $this->requestException(fn () => $this->send(
            'pcareRequest',
            'GET',
            'dokter/0/3',
            [],
            null,
            ['X-Sim-Fault' => '503']
        ));
        $this->assertSame(503, $e->response->status());
        $decoded = $this->host()->call('maybeDecryptAndDecompress', $e->response->body(), (string) time());
        $this->assertIsString($decoded);
        $this->assertStringContainsString('503', $decoded);
        $this->assertCount(2, $this->simRequests('/pcare-rest/dokter/0/3'));
    }

    public function testOnlyGetIsRetried(): void
    {
        $path = 'pendaftaran/peserta/0001234567890/tglDaftar/24-11-2026/noUrut/A1';
        foreach (['PUT', 'DELETE'] as $method) {
            $e = $this->requestException(fn () => $this->send(
                'pcareRequest',
                $method,
                $path,
                [],
                null,
                ['X-Sim-Fault' => '500']
            ));
            $this->assertSame(500, $e->response->status());
        }
        $this->assertCount(2, $this->simRequests("/pcare-rest/$path"), 'one each');
    }

    public function testFaultDropThrowsAfterRetries(): void
    {
        try {
            $this->send('pcareRequest', 'GET', 'dokter/0/4', [], null, ['X-Sim-Fault' => 'drop']);
            $this->fail('a dropped connection is thrown');
        } catch (\Illuminate\Http\Client\ConnectionException $e) {
            $this->assertNoSecrets($e->getMessage(), '0');
        }
        $this->assertCount(2, $this->simRequests('/pcare-rest/dokter/0/4'));
        try {
            $this->send('pcareRequest', 'POST', 'kunjungan', [], ['noKartu' => '0001234567890'], ['X-Sim-Fault' =>
                'drop']);
            $this->fail('a dropped connection is thrown');
        } catch (\Illuminate\Http\Client\ConnectionException $e) {
        }
        $this->assertCount(1, $this->simRequests('/pcare-rest/kunjungan'), 'it may have arrived: not sent again');
    }

    public function testPcareV3DiagnosaQueryShapeIsPlain(): void
    {
        $this->defaults(['BPJS_PCARE_BASE_URL' => self::$sim->url . '/pcare-rest-v3.0']);
        $r = $this->send('pcareRequest', 'GET', 'diagnosa', ['keyword' => 'A00', 'offset' => 0, 'limit' => 3]);
        $this->assertSame(
            self::$sim->url . '/pcare-rest-v3.0/diagnosa',
            $r['url'],
            'without the query, as the original'
        );
        $this->assertSame(7, $r['decoded']['response']['count']);
        $this->assertCount(3, $r['decoded']['response']['list']);
    }

    public function testPcareKunjunganContentTypeIsConfigurable(): void
    {
        // The application passes bpjs.pcare.kunjungan_content_type itself; the trait sends the caller's.
        $body = ['noKartu' => '0001234567890', 'tglDaftar' => '24-11-2026'];
        $r = $this->send('pcareRequest', 'POST', 'kunjungan', [], $body, ['Content-Type' => 'text/plain']);
        $this->assertSame('text/plain', $r['headers_used']['Content-Type']);
        $this->assertSame('noKunjungan', $r['decoded']['response']['field']);
        $r = $this->send('pcareRequest', 'POST', 'kunjungan', [], $body);
        $this->assertSame('application/json', $r['headers_used']['Content-Type']);
        $this->assertSame('noKunjungan', $r['decoded']['response']['field']);
    }

    public function testMobileJknHeadersNeedConsIdSecretAndUserKey(): void
    {
        foreach (['CONS_ID' => 'cons_id', 'CONS_PWD' => 'cons_pwd', 'USER_KEY' => 'user_key'] as $env => $key) {
            $this->defaults(["BPJS_MOBILEJKN_$env" => '']);
            try {
                $this->host()->call('buildMobileJknHeaders');
                $this->fail("no InvalidArgumentException without $key");
            } catch (\InvalidArgumentException $e) {
                $this->assertSame("Missing MobileJKN config: $key", $e->getMessage());
            }
        }
    }

    /** @dataProvider decodeFaults */
    #[\PHPUnit\Framework\Attributes\DataProvider('decodeFaults')]
    public function testDecodeFaultsAreLoggedWithTheirKind(string $fault, string $kind): void
    {
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/1', [], null, ['X-Sim-Fault' => $fault]);
        $this->assertSame(200, $r['decoded']['metaData']['code'], 'the envelope is returned');
        $this->assertIsString($r['decoded']['response']);
        if ($fault === 'not-json') {
            // Decrypted text that is not JSON: kept as text, as the original (behaviour 10).
            $this->assertStringNotContainsString('(json)', $this->logText());
        } else {
            $this->assertStringContainsString("($kind)", $this->logText());
        }
        $this->assertNoSecrets($this->logText(), $r['timestamp_used']);
    }
}
