<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Laravel;

use BpjsCodec\Laravel\ResendService;
use BpjsCodec\Tests\Support\Secrets;
use BpjsCodec\Tests\Support\Simulator;
use BpjsCodec\Tests\Support\TraitHost;
use Illuminate\Auth\GenericUser;
use Illuminate\Support\Facades\Artisan;
use Illuminate\Support\Facades\Auth;
use Illuminate\Support\Facades\Cache;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;
use InvalidArgumentException;
use PHPUnit\Framework\TestCase;

/**
 * The audit trail and the resend of docs/audit.md, inside the booted Laravel
 * application, against the simulator with injected faults. Run on SQLite and
 * on a real MariaDB (the subclasses). Rows stay in the tables (the MariaDB dump
 * and the SQLite file are scanned for credentials by `make test`); each test
 * reads only the rows it wrote, and every test ends by reading every row of
 * both tables for the secret, password, user_key and derived values.
 */
abstract class AuditScenarios extends TestCase
{
    /** An audit hash key set in config (bpjs.audit.hash_key), never stored or logged. */
    private const CONFIGURED_HASH_KEY = 'site-audit-hash-key-0123456789';

    protected static ?Simulator $sim = null;
    private int $simOffset = 0;
    private int $logOffset = 0;
    private int $started = 0;
    private int $logIdFrom = 0;
    private int $sendIdFrom = 0;

    public static function setUpBeforeClass(): void
    {
        self::$sim = new Simulator();
    }

    public static function tearDownAfterClass(): void
    {
        self::$sim?->stop();
        self::$sim = null;
        config()->set('bpjs.audit.enabled', false);
    }

    protected function setUp(): void
    {
        $this->started = time();
        $this->simOffset = count(self::$sim->log());
        clearstatcache();
        $this->logOffset = is_file(LaravelApp::logFile()) ? filesize(LaravelApp::logFile()) : 0;
        $this->logIdFrom = (int) DB::table('pcare_bpjs_log')->max('id');
        $this->sendIdFrom = (int) DB::table('pcare_send_attempts')->max('id');
        $this->configure();
    }

    protected function tearDown(): void
    {
        Auth::forgetGuards();
        config()->set('bpjs.audit.enabled', false);
        $this->assertNothingSecretStored();
    }

    private function configure(array $overrides = []): void
    {
        $settings = $overrides + [
            'bpjs.pcare.base_url' => self::$sim->url . '/pcare-rest',
            'bpjs.pcare.cons_id' => Simulator::CONS_ID,
            'bpjs.pcare.cons_pwd' => Simulator::SECRET,
            'bpjs.pcare.user_key' => Simulator::USER_KEY,
            'bpjs.pcare.user' => Simulator::USERNAME,
            'bpjs.pcare.pass' => Simulator::PASSWORD,
            'bpjs.pcare.app_code' => Simulator::APP_CODE,
            'bpjs.pcare.kode_ppk' => '0114U001',
            'bpjs.pcare.kunjungan_content_type' => 'application/json',
            'bpjs.mobilejkn.base_url' => self::$sim->url . '/antreanfktp',
            'bpjs.mobilejkn.cons_id' => Simulator::CONS_ID,
            'bpjs.mobilejkn.cons_pwd' => Simulator::SECRET,
            'bpjs.mobilejkn.user_key' => Simulator::USER_KEY,
            'bpjs.mobilejkn.user' => Simulator::USERNAME,
            'bpjs.mobilejkn.pass' => Simulator::PASSWORD,
            'bpjs.http.timeout' => 10,
            'bpjs.http.connect_timeout' => 5,
            // Attempts in all (Laravel's retry($times)): a GET is sent 3 times at most.
            'bpjs.http.retry_times' => 3,
            'bpjs.http.retry_sleep' => 10,
            'bpjs.http.disable_ssl_verify' => false,
            'bpjs.http.force_resolve' => '',
            'bpjs.http.force_resolve_list' => '',
            'bpjs.audit.enabled' => true,
            'bpjs.audit.connection' => null,
            'bpjs.audit.resend.max_attempts' => 4,
            'bpjs.audit.resend.schedule_secs' => '60,300,900',
            'bpjs.audit.hash_key' => null,
            'bpjs.audit.max_stored_bytes' => 65536,
        ];
        foreach ($settings as $key => $value) {
            config()->set($key, $value);
        }
    }

    // ------------------------------------------------------------- helpers

    private static function noRawat(): string
    {
        return '2026/11/24/' . substr(bin2hex(random_bytes(4)), 0, 6);
    }

    private static function kunjungan(string $keluhan = 'demam'): array
    {
        return [
            'noKunjungan' => null, 'noKartu' => '0001234567890', 'tglDaftar' => '24-11-2026', 'kdPoli' => '001',
            'keluhan' => $keluhan, 'kdSadar' => '01', 'sistole' => 120, 'diastole' => 80, 'beratBadan' => 65.0,
            'tinggiBadan' => 170, 'respRate' => 20, 'heartRate' => 80, 'lingkarPerut' => 0, 'kdStatusPulang' => '4',
            'tglPulang' => '24-11-2026', 'kdDokter' => '100001', 'kdDiag1' => 'A00.0', 'kdDiag2' => null,
            'kdDiag3' => null, 'kdPoliRujukInternal' => null, 'rujukLanjut' => null, 'kdTacc' => -1, 'alasanTacc' =>
                null,
        ];
    }

    /** One pcareRequest (or another request method) through a fresh controller-like object. */
    private function send(
        string $method,
        string $endpoint,
        $body = null,
        array $extraHeaders = [],
        ?array $context = null,
        string $request = 'pcareRequest'
    ): array {
        $host = new TraitHost();
        if ($context !== null) {
            $host->withAuditContext($context);
        }
        try {
            return $host->call($request, $method, $endpoint, [], $body, $extraHeaders);
        } catch (\Illuminate\Http\Client\RequestException $e) {
            // A non-2xx answer after Laravel's retry() (the original's behaviour): its response.
            return ['response' => $e->response];
        }
    }

    /** Rows of a table written by this test, oldest first. */
    private function rows(string $table, array $where = []): array
    {
        $from = $table === 'pcare_bpjs_log' ? $this->logIdFrom : $this->sendIdFrom;
        return DB::table($table)->where('id', '>', $from)->where($where)->orderBy('id')->get()
            ->map(fn ($row) => (array) $row)->all();
    }

    private function sendRow(string $noRawat): array
    {
        $rows = $this->rows('pcare_send_attempts', ['no_rawat' => $noRawat]);
        $this->assertCount(1, $rows, "one pcare_send_attempts row for $noRawat");
        return $rows[0];
    }

    /** Requests the simulator received during this test for a path (and method). */
    private function simRequests(string $path, ?string $method = null): array
    {
        return array_values(array_filter(
            array_slice(self::$sim->log(), $this->simOffset),
            fn ($e) => ($e['event'] ?? '') === 'request' && ($e['path'] ?? '') === $path
            && ($method === null || ($e['method'] ?? '') === $method)
        ));
    }

    private function logText(): string
    {
        clearstatcache();
        return is_file(LaravelApp::logFile()) ? (string) file_get_contents(
            LaravelApp::logFile(),
            false,
            null,
            $this->logOffset
        ) : '';
    }

    /** The default audit hash key: derived from the PCare consumer secret (docs/audit.md). */
    private static function hashKey(): string
    {
        return bpjs_derive_hash_key(Simulator::SECRET);
    }

    private static function resend(): ResendService
    {
        return app(ResendService::class);
    }

    /** Every column of every row of both tables, and the log written: no credential, signature or derived key. */
    private function assertNothingSecretStored(): void
    {
        $text = '';
        foreach (['pcare_bpjs_log', 'pcare_send_attempts'] as $table) {
            foreach (DB::table($table)->get() as $row) {
                $text .= implode("\x1f", array_map(fn ($v) => (string) $v, (array) $row)) . "\n";
            }
        }
        $text .= $this->logText();
        $forbidden = [Simulator::SECRET, Simulator::USER_KEY, Simulator::PASSWORD, 'wrong-user-key-000',
            self::hashKey(), self::CONFIGURED_HASH_KEY];
        for ($ts = $this->started - 2; $ts <= time() + 2; $ts++) {
            $forbidden = array_merge($forbidden, Secrets::forbidden((string) $ts));
        }
        foreach (array_unique($forbidden) as $secret) {
            $this->assertStringNotContainsString($secret, $text, 'a credential or derived value was stored');
        }
    }

    // ------------------------------------------------------------- logging

    public function testLoggingIsOffUnlessEnabled(): void
    {
        config()->set('bpjs.audit.enabled', false);
        $r = $this->send('GET', 'dokter/0/10');
        $this->assertTrue($r['response']->successful());
        $this->assertSame([], $this->rows('pcare_bpjs_log'));
        // The context given for a request that is not logged does not leak into the next one.
        $this->send('GET', 'dokter/0/10', null, [], ['no_rawat' => 'X']);
        config()->set('bpjs.audit.enabled', true);
        $this->send('GET', 'dokter/0/10');
        // The original design's no_rawat is NOT NULL: '' when the request names none.
        $this->assertSame('', $this->rows('pcare_bpjs_log')[0]['no_rawat']);
    }

    public function testSuccessfulGetIsOneRowBuiltByTheCore(): void
    {
        $r = $this->send('GET', 'dokter/0/10', null, [], ['triggered_by' => 'perawat01', 'no_rawat' =>
            '2026/11/24/000009']);
        $this->assertSame(
            ['response', 'headers_used', 'timestamp_used', 'url'],
            array_keys($r),
            'the original return shape'
        );
        $rows = $this->rows('pcare_bpjs_log');
        $this->assertCount(1, $rows);
        $row = $rows[0];
        $this->assertSame('pcare', $row['service']);
        $this->assertSame('GET', $row['method']);
        $this->assertSame('dokter/0/10', $row['endpoint']);
        $this->assertSame('success', $row['status']);
        $this->assertEquals(200, $row['http_status']);
        $this->assertEquals(200, $row['meta_code']);
        $this->assertSame('OK', $row['meta_message']);
        $this->assertNull($row['error_kind']);
        $this->assertSame('null', $row['request_payload'], 'NOT NULL json in the original design');
        $this->assertEquals(1, $row['attempt']);
        $this->assertSame('perawat01', $row['triggered_by']);
        $this->assertSame('2026/11/24/000009', $row['no_rawat']);
        $uuid = '/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/';
        $this->assertMatchesRegularExpression($uuid, $row['correlation_id']);
        $this->assertMatchesRegularExpression('/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/', (string) $row['created_at']);
        $this->assertLessThanOrEqual(5, abs(strtotime($row['created_at'] . ' UTC') - time()), 'created_at is UTC');
        $decoded = json_decode($row['response_body_json'], true);
        $this->assertSame('dr. ANDI SIMULASI', $decoded['response']['list'][0]['nmDokter']);
        $this->assertSame($r['response']->body(), $row['response_body_raw']);
        // Exactly what the core builds from the same facts.
        $core = bpjs_audit_record(
            ['service' => 'pcare', 'method' => 'GET', 'endpoint' => 'dokter/0/10',
            'http_status' => 200,
            'response_body_raw' => $row['response_body_raw'], 'decoded' => $decoded, 'correlation_id' =>
                $row['correlation_id'],
            'triggered_by' => 'perawat01', 'no_rawat' => '2026/11/24/000009', 'duration_ms' =>
                (int) $row['duration_ms']],
            ['hash_key' => self::hashKey()]
        );
        $this->assertNull($core['result_number'], 'a read registers nothing');
        unset($core['result_number']); // kept in pcare_send_attempts, not in the log
        $core['request_payload'] ??= 'null'; // NOT NULL json in the original design
        foreach ($core as $column => $value) {
            $this->assertEquals($value, $row[$column], $column);
        }
        // The context applied to that request only; no write, no send state.
        $this->send('GET', 'dokter/0/10');
        $this->assertSame('', $this->rows('pcare_bpjs_log')[1]['no_rawat']);
        $this->assertSame([], $this->rows('pcare_send_attempts'));
    }

    public function testTriggeredByIsTheAuthenticatedUser(): void
    {
        Auth::guard()->setUser(new GenericUser(['id' => 'dr.budi']));
        $this->send('GET', 'dokter/0/1');
        $this->send('GET', 'dokter/0/1', null, [], ['triggered_by' => 'scheduler']);
        $rows = $this->rows('pcare_bpjs_log');
        $this->assertSame('dr.budi', $rows[0]['triggered_by']);
        $this->assertSame('scheduler', $rows[1]['triggered_by'], 'the context wins');
    }

    public function testEachGetRetryIsItsOwnRowWithOneCorrelationId(): void
    {
        $r = $this->send('GET', 'dokter/0/2', null, ['X-Sim-Fault' => '500']);
        $this->assertSame(500, $r['response']->status());
        $this->assertCount(3, $this->simRequests('/pcare-rest/dokter/0/2'));
        $rows = $this->rows('pcare_bpjs_log');
        $this->assertSame([1, 2, 3], array_map(fn ($row) => (int) $row['attempt'], $rows));
        $this->assertCount(1, array_unique(array_column($rows, 'correlation_id')));
        foreach ($rows as $row) {
            $this->assertSame('failed', $row['status']);
            $this->assertEquals(500, $row['http_status']);
            $this->assertEquals(500, $row['meta_code']);
        }
        // A second call is another logical request.
        $this->send('GET', 'dokter/0/2');
        $rows = $this->rows('pcare_bpjs_log');
        $this->assertCount(4, $rows);
        $this->assertNotSame($rows[0]['correlation_id'], $rows[3]['correlation_id']);
        $this->assertSame('success', $rows[3]['status']);
    }

    public function testGetTimeoutsAreRetriedAndLoggedAsTransportFailures(): void
    {
        $this->configure(['bpjs.http.timeout' => 0.3, 'bpjs.http.retry_times' => 2]);
        try {
            $this->send('GET', 'dokter/0/5', null, ['X-Sim-Fault' => 'slow:1500']);
            $this->fail('a timeout must be thrown, as before');
        } catch (\Illuminate\Http\Client\ConnectionException $e) {
        }
        $rows = $this->rows('pcare_bpjs_log');
        $this->assertCount(2, $rows);
        foreach ($rows as $row) {
            $this->assertSame('failed', $row['status']);
            $this->assertNull($row['http_status']);
            $this->assertStringStartsWith('timeout: ', $row['meta_message']);
        }
    }

    /** @return array<string, array{string, string}> */
    public static function decodeFaults(): array
    {
        return [
            'wrong-key' => ['wrong-key', 'padding'],
            'truncate-block' => ['truncate-block', 'padding'],
            'lz-truncate' => ['lz-truncate', 'lz_truncated'],
            'not-json' => ['not-json', 'json'],
        ];
    }

    /** @dataProvider decodeFaults */
    #[\PHPUnit\Framework\Attributes\DataProvider('decodeFaults')]
    public function testDecodeFailuresAreFailedRowsWithTheirKind(string $fault, string $kind): void
    {
        $this->send('GET', 'dokter/0/1', null, ['X-Sim-Fault' => $fault]);
        $rows = $this->rows('pcare_bpjs_log');
        $this->assertCount(1, $rows, 'a 200 with an undecodable reply is not retried');
        $this->assertSame('failed', $rows[0]['status']);
        $this->assertSame($kind, $rows[0]['error_kind']);
        $this->assertStringStartsWith("$kind: ", $rows[0]['meta_message']);
        $this->assertStringNotContainsString("$kind: $kind: ", $rows[0]['meta_message']);
        $this->assertNull($rows[0]['response_body_json']);
        $this->assertNotNull($rows[0]['response_body_raw']);
    }

    public function testPlainAnd503RepliesAreLoggedToo(): void
    {
        $this->send('GET', 'dokter/0/3', null, ['X-Sim-Fault' => '503']);
        $this->send('GET', 'dokter/0/1', null, ['X-Sim-Fault' => 'plain']);
        $rows = $this->rows('pcare_bpjs_log');
        $this->assertCount(4, $rows);
        $this->assertEquals(503, $rows[0]['http_status']);
        $this->assertStringContainsString('503', $rows[0]['response_body_raw']);
        $this->assertNull($rows[0]['response_body_json'], 'an HTML page is not JSON');
        $this->assertSame('success', $rows[3]['status']);
        $this->assertSame('100001', json_decode(
            $rows[3]['response_body_json'],
            true
        )['response']['list'][0]['kdDokter']);
    }

    public function testClientErrorsAreNotRetried(): void
    {
        // One attempt in all (retry_times 1): the answer is returned, not thrown.
        $this->configure(['bpjs.http.retry_times' => 1]);
        $r = $this->send('GET', 'tidak-ada/0/1');
        $this->assertSame(404, $r['response']->status());
        $this->configure(['bpjs.pcare.user_key' => 'wrong-user-key-000', 'bpjs.http.retry_times' => 1]);
        $r = $this->send('GET', 'dokter/0/1');
        $this->assertSame(401, $r['response']->status());
        $rows = $this->rows('pcare_bpjs_log');
        $this->assertSame([404, 401], array_map(fn ($row) => (int) $row['http_status'], $rows));
        $this->assertSame(['failed', 'failed'], array_column($rows, 'status'));
        $this->assertCount(1, $this->simRequests('/pcare-rest/dokter/0/1'));
    }

    public function testMobileJknAndIcareAreLoggedUnderTheirService(): void
    {
        $this->send('GET', 'ref/poli/tanggal/2026-11-24', null, [], null, 'mobilejknRequest');
        config()->set('bpjs.icare.base_url', self::$sim->url . '/wsihs/api/rs');
        config()->set('bpjs.icare.service', 'icare-fkrtl');
        foreach (
            ['cons_id' => Simulator::CONS_ID, 'cons_pwd' => Simulator::SECRET, 'user_key' =>
            Simulator::USER_KEY] as $k => $v
        ) {
            config()->set("bpjs.icare.$k", $v);
        }
        $this->send('POST', 'validate', ['param' => '0001234567890', 'kodedokter' => 100001], [], null, 'icareRequest');
        $rows = $this->rows('pcare_bpjs_log');
        $this->assertSame(['antreanfktp', 'icare-fkrtl'], array_column($rows, 'service'));
        $this->assertSame(['success', 'success'], array_column($rows, 'status'));
    }

    // ------------------------------------------------------------- send state

    public function testAcceptedWriteIsSentWithItsNumber(): void
    {
        $noRawat = self::noRawat();
        $body = self::kunjungan();
        $r = $this->send('POST', 'kunjungan', $body, [], ['no_rawat' => $noRawat, 'triggered_by' => 'perawat01']);
        $this->assertSame(200, $r['response']->status());
        $log = $this->rows('pcare_bpjs_log');
        $this->assertCount(1, $log);
        $this->assertSame('success', $log[0]['status'], 'PCare 201 CREATED is a success');
        $this->assertEquals(201, $log[0]['meta_code']);
        $this->assertSame(
            '*********7890',
            json_decode($log[0]['request_payload'], true)['noKartu'],
            'masked in the log'
        );
        $this->assertSame(
            bpjs_payload_hash($body, self::hashKey()),
            $log[0]['payload_hash'],
            'the hash of the payload as sent'
        );

        $send = $this->sendRow($noRawat);
        $this->assertSame('sent', $send['status']);
        $this->assertSame('pcare', $send['service']);
        $this->assertSame('POST', $send['method']);
        $this->assertSame('kunjungan', $send['endpoint']);
        $this->assertEquals(1, $send['attempts']);
        $this->assertStringStartsWith('0114U0011126Y', $send['result_number']);
        $this->assertSame($log[0]['correlation_id'], $send['correlation_id']);
        $this->assertSame($log[0]['payload_hash'], $send['payload_hash']);
        $this->assertNull($send['next_attempt_at']);
        $this->assertSame('0001234567890', json_decode($send['payload'], true)['noKartu'], 'kept: needed to resend');
        $this->assertSame(
            bpjs_payload_hash($body, self::hashKey()),
            bpjs_payload_hash(json_decode($send['payload']), self::hashKey())
        );

        // The visit named in the payload (noRawat) counts as well.
        $other = self::noRawat();
        $this->send('POST', 'pendaftaran', ['noRawat' => $other, 'noKartu' => '0001234567890', 'kdPoli' => '001']);
        $this->assertMatchesRegularExpression('/^A\d{3}$/', $this->sendRow($other)['result_number']);
        // A read never has a send state, even with a visit.
        $this->send('GET', 'dokter/0/1', null, [], ['no_rawat' => self::noRawat()]);
        $this->assertCount(2, $this->rows('pcare_send_attempts'));
    }

    public function testAFailedFirstSendIsNeverScheduled(): void
    {
        // 5xx: failed, not scheduled (BPJS may have registered it; a person resends).
        $five = self::noRawat();
        $this->send('POST', 'pendaftaran', ['noKartu' => '0001234567890'], ['X-Sim-Fault' => '500'], ['no_rawat' =>
            $five]);
        $this->assertCount(1, $this->simRequests('/pcare-rest/pendaftaran'), 'a POST is never retried in the request');
        $row = $this->sendRow($five);
        $this->assertSame('failed', $row['status']);
        $this->assertEquals(500, $row['last_http_status']);
        $this->assertNull($row['next_attempt_at']);

        // Dropped connection: no reply, the exception as before, not scheduled either.
        $drop = self::noRawat();
        try {
            $this->send('POST', 'kunjungan', self::kunjungan(), ['X-Sim-Fault' => 'drop'], ['no_rawat' => $drop]);
            $this->fail('a dropped connection is thrown');
        } catch (\Illuminate\Http\Client\ConnectionException $e) {
        }
        $row = $this->sendRow($drop);
        $this->assertSame('failed', $row['status']);
        $this->assertNull($row['last_http_status']);
        $this->assertStringStartsWith('connection: ', $row['last_error']);
        $this->assertNull($row['next_attempt_at']);

        // 4xx: failed, never retried automatically.
        $this->configure(['bpjs.pcare.user_key' => 'wrong-user-key-000']);
        $four = self::noRawat();
        $this->send('POST', 'kunjungan', self::kunjungan(), [], ['no_rawat' => $four]);
        $row = $this->sendRow($four);
        $this->assertSame('failed', $row['status']);
        $this->assertEquals(401, $row['last_http_status']);
        $this->assertNull($row['next_attempt_at']);

        // A business refusal (HTTP 200, code 412) and a decode error: nothing a retry fixes.
        $this->configure();
        $refused = self::noRawat();
        $this->send('POST', 'kunjungan', ['tglDaftar' => '24-11-2026'], [], ['no_rawat' => $refused]);
        $row = $this->sendRow($refused);
        $this->assertSame('failed', $row['status']);
        $this->assertEquals(412, $row['last_meta_code']);
        $this->assertNull($row['next_attempt_at']);
        $undecodable = self::noRawat();
        $this->send('POST', 'kunjungan', self::kunjungan(), ['X-Sim-Fault' => 'wrong-key'], ['no_rawat' =>
            $undecodable]);
        $row = $this->sendRow($undecodable);
        $this->assertStringStartsWith('padding: PKCS#7 padding invalid', $row['last_error']);
        $this->assertNull($row['next_attempt_at']);
    }

    public function testTheSameWriteAgainUpdatesItsRow(): void
    {
        $noRawat = self::noRawat();
        $body = self::kunjungan();
        $this->send('POST', 'kunjungan', $body, ['X-Sim-Fault' => '503'], ['no_rawat' => $noRawat]);
        $this->send('POST', 'kunjungan', $body, [], ['no_rawat' => $noRawat]);
        $row = $this->sendRow($noRawat);
        $this->assertSame('sent', $row['status']);
        $this->assertEquals(2, $row['attempts']);
        $this->assertNull($row['next_attempt_at']);
        // Accepted stays accepted, whatever a later identical send answers.
        $this->send('POST', 'kunjungan', $body, ['X-Sim-Fault' => '500'], ['no_rawat' => $noRawat]);
        $row = $this->sendRow($noRawat);
        $this->assertSame('sent', $row['status']);
        $this->assertEquals(3, $row['attempts']);
    }

    // ------------------------------------------------------------- resend

    public function testResendSendsAFailedWriteAgainUnderItsCorrelationId(): void
    {
        $noRawat = self::noRawat();
        $this->send(
            'POST',
            'pendaftaran',
            ['noKartu' => '0001234567890', 'kdPoli' => '001'],
            ['X-Sim-Fault' => '500'],
            ['no_rawat' => $noRawat]
        );
        $result = self::resend()->resend($noRawat, null, 'perawat02');
        $this->assertSame('done', $result['status']);
        $this->assertSame('sent', $result['results'][0]['result']);
        $this->assertMatchesRegularExpression('/^A\d{3}$/', $result['results'][0]['result_number']);
        $this->assertCount(2, $this->simRequests('/pcare-rest/pendaftaran', 'POST'));

        $log = $this->rows('pcare_bpjs_log');
        $this->assertCount(2, $log);
        $this->assertSame(
            $log[0]['correlation_id'],
            $log[1]['correlation_id'],
            'the resend continues the logical request'
        );
        $this->assertSame([1, 2], array_map(fn ($row) => (int) $row['attempt'], $log));
        $this->assertSame(['failed', 'success'], array_column($log, 'status'));
        $this->assertSame('perawat02', $log[1]['triggered_by']);
        $this->assertSame($noRawat, $log[1]['no_rawat']);
        $this->assertSame($log[0]['payload_hash'], $log[1]['payload_hash']);
        $row = $this->sendRow($noRawat);
        $this->assertSame('sent', $row['status']);
        $this->assertEquals(2, $row['attempts']);
        $this->assertSame($result['results'][0]['result_number'], $row['result_number']);
        $this->assertNull($row['next_attempt_at']);

        $this->assertSame('nothing_to_resend', self::resend()->resend($noRawat)['status']);
        $this->assertCount(2, $this->simRequests('/pcare-rest/pendaftaran', 'POST'));
    }

    public function testResendSendsTheEndpointAsSentNotTheMaskedOne(): void
    {
        $noRawat = self::noRawat();
        $endpoint = 'kunjungan/0001234567890?noka=0001234567890';
        $this->send('DELETE', $endpoint, null, ['X-Sim-Fault' => '500'], ['no_rawat' => $noRawat]);
        $log = $this->rows('pcare_bpjs_log');
        $this->assertSame('kunjungan/*********7890?noka=*********7890', $log[0]['endpoint'], 'masked in the log');
        $row = $this->sendRow($noRawat);
        $this->assertSame($endpoint, $row['endpoint'], 'as sent: what a resend sends again');
        $this->assertSame('failed', $row['status']);

        $result = self::resend()->resend($noRawat, $endpoint, 'perawat02');
        $this->assertSame('sent', $result['results'][0]['result'], json_encode($result));
        $this->assertCount(
            2,
            $this->simRequests('/pcare-rest/kunjungan/0001234567890', 'DELETE'),
            'the real card number'
        );
        $this->assertCount(0, $this->simRequests('/pcare-rest/kunjungan/*********7890', 'DELETE'));
        $log = $this->rows('pcare_bpjs_log');
        $this->assertSame(['failed', 'success'], array_column($log, 'status'));
        $this->assertSame($log[0]['endpoint'], $log[1]['endpoint']);
        $this->assertSame('sent', $this->sendRow($noRawat)['status']);

        // Accepted but its state was lost: found in the log under the masked endpoint, not sent again.
        DB::table('pcare_send_attempts')->where('no_rawat', $noRawat)->update(['status' => 'failed']);
        $this->assertSame('already_sent', self::resend()->resend($noRawat)['results'][0]['result']);
        $this->assertCount(2, $this->simRequests('/pcare-rest/kunjungan/0001234567890', 'DELETE'));

        // A create with a card number in its path, resent with it.
        $other = self::noRawat();
        $this->send(
            'POST',
            'pendaftaran?noKartu=0001234567890',
            ['noKartu' => '0001234567890', 'kdPoli' => '001'],
            ['X-Sim-Fault' => '500'],
            ['no_rawat' => $other]
        );
        $this->assertSame('pendaftaran?noKartu=0001234567890', $this->sendRow($other)['endpoint']);
        $result = self::resend()->resend($other);
        $this->assertSame('sent', $result['results'][0]['result'], json_encode($result));
        $this->assertCount(2, $this->simRequests('/pcare-rest/pendaftaran', 'POST'));
    }

    public function testResendSkipsAWriteAlreadyAccepted(): void
    {
        $noRawat = self::noRawat();
        $this->send('POST', 'kunjungan', self::kunjungan(), [], ['no_rawat' => $noRawat]);
        $number = $this->sendRow($noRawat)['result_number'];
        // Accepted, but its state was lost (a crash between the reply and the update).
        DB::table('pcare_send_attempts')->where('no_rawat', $noRawat)
            ->update(['status' => 'failed', 'result_number' => null, 'next_attempt_at' => gmdate(
                'Y-m-d H:i:s',
                time() - 5
            )]);
        $result = self::resend()->resend($noRawat);
        $this->assertSame('already_sent', $result['results'][0]['result']);
        $this->assertSame($number, $result['results'][0]['result_number']);
        $this->assertCount(1, $this->simRequests('/pcare-rest/kunjungan'), 'nothing was sent again');
        $this->assertCount(1, $this->rows('pcare_bpjs_log'));
        $row = $this->sendRow($noRawat);
        $this->assertSame('sent', $row['status']);
        $this->assertSame($number, $row['result_number']);
    }

    public function testResendOfASecondVisitCreateBecomesAnUpdate(): void
    {
        $noRawat = self::noRawat();
        $this->send('POST', 'kunjungan', self::kunjungan('demam'), [], ['no_rawat' => $noRawat]);
        $noKunjungan = $this->rows('pcare_send_attempts', ['no_rawat' => $noRawat])[0]['result_number'];
        // The clerk corrects the complaint; BPJS is down for this send.
        $this->send(
            'POST',
            'kunjungan',
            self::kunjungan('demam dan batuk'),
            ['X-Sim-Fault' => '503'],
            ['no_rawat' => $noRawat]
        );
        $rows = $this->rows('pcare_send_attempts', ['no_rawat' => $noRawat]);
        $this->assertSame(['sent', 'failed'], array_column($rows, 'status'));

        $result = self::resend()->resend($noRawat);
        $this->assertSame('done', $result['status']);
        $this->assertCount(1, $result['results'], 'only the failed row');
        $one = $result['results'][0];
        $this->assertSame('sent', $one['result']);
        $this->assertSame('PUT kunjungan', $one['switched_to']);
        $this->assertSame($noKunjungan, $one['result_number']);
        $this->assertCount(2, $this->simRequests('/pcare-rest/kunjungan', 'POST'), 'no second visit was created');
        $this->assertCount(1, $this->simRequests('/pcare-rest/kunjungan', 'PUT'));

        $put = $this->rows('pcare_bpjs_log', ['method' => 'PUT'])[0];
        $this->assertSame('success', $put['status']);
        $this->assertSame($rows[1]['correlation_id'], $put['correlation_id']);
        $this->assertEquals(2, $put['attempt']);
        $sent = json_decode($put['request_payload'], true);
        $this->assertSame($noKunjungan, $sent['noKunjungan']);
        $this->assertSame('demam dan batuk', $sent['keluhan']);
        $row = $this->rows('pcare_send_attempts', ['no_rawat' => $noRawat])[1];
        $this->assertSame('sent', $row['status']);
        $this->assertSame($noKunjungan, $row['result_number']);
    }

    public function testResendWhileTheVisitIsLockedSendsNothing(): void
    {
        $noRawat = self::noRawat();
        $this->send('POST', 'pendaftaran', ['noKartu' => '0001234567890'], ['X-Sim-Fault' => '500'], ['no_rawat' =>
            $noRawat]);
        $lock = Cache::lock("bpjs-resend:$noRawat", 60);
        $this->assertTrue($lock->get());
        try {
            $result = self::resend()->resend($noRawat);
            $this->assertSame('in_progress', $result['status']);
            $this->assertSame([], $result['results']);
            $this->assertCount(1, $this->simRequests('/pcare-rest/pendaftaran'), 'nothing sent');
            $this->assertSame('failed', $this->sendRow($noRawat)['status']);
        } finally {
            $lock->release();
        }
        $this->assertSame('sent', self::resend()->resend($noRawat)['results'][0]['result']);
        $this->assertCount(2, $this->simRequests('/pcare-rest/pendaftaran'));
        // Released after the resend: the next one may take it.
        $this->assertTrue(Cache::lock("bpjs-resend:$noRawat", 1)->get());
    }

    public function testARowInSendingIsTakenAgainOnlyWhenStale(): void
    {
        $noRawat = self::noRawat();
        $this->send('POST', 'pendaftaran', ['noKartu' => '0001234567890'], ['X-Sim-Fault' => '500'], ['no_rawat' =>
            $noRawat]);
        // Another resend is sending it (its lock may have expired, its request not).
        DB::table('pcare_send_attempts')->where('no_rawat', $noRawat)
            ->update(['status' => 'sending',
                'updated_at' => gmdate('Y-m-d H:i:s', time() - self::resend()->staleLimits()['row_stale_secs'] + 10)]);
        $this->assertSame('nothing_to_resend', self::resend()->resend($noRawat)['status']);
        $this->assertCount(1, $this->simRequests('/pcare-rest/pendaftaran'), 'not sent while it may be in flight');
        // Left by a killed worker long ago: taken again.
        DB::table('pcare_send_attempts')->where('no_rawat', $noRawat)
            ->update(['updated_at' => gmdate('Y-m-d H:i:s', time() - 7200)]);
        $this->assertSame('sent', self::resend()->resend($noRawat)['results'][0]['result']);
        $this->assertCount(2, $this->simRequests('/pcare-rest/pendaftaran'));
    }

    public function testARowTakenByAnotherResendMeanwhileIsNotSent(): void
    {
        $noRawat = self::noRawat();
        $this->send('POST', 'pendaftaran', ['noKartu' => '0001234567890'], ['X-Sim-Fault' => '500'], ['no_rawat' =>
            $noRawat]);
        // Right after this resend read its rows, another one (whose lock expired) takes the row.
        $armed = true;
        DB::listen(function ($query) use (&$armed, $noRawat): void {
            if (
                $armed && str_starts_with(strtolower($query->sql), 'select') && str_contains(
                    $query->sql,
                    'pcare_send_attempts'
                )
                && in_array($noRawat, $query->bindings, true)
            ) {
                $armed = false;
                DB::table('pcare_send_attempts')->where('no_rawat', $noRawat)
                    ->update(['status' => 'sending', 'updated_at' => gmdate('Y-m-d H:i:s')]);
            }
        });
        $result = self::resend()->resend($noRawat);
        $this->assertFalse($armed);
        $this->assertSame('in_progress', $result['results'][0]['result']);
        $this->assertCount(1, $this->simRequests('/pcare-rest/pendaftaran'), 'not sent twice');
        $this->assertSame('sending', $this->sendRow($noRawat)['status']);
    }

    /** BPJS unreachable from now on: a port nobody listens on. */
    private function unreachable(): void
    {
        $server = stream_socket_server('tcp://127.0.0.1:0');
        $closed = stream_socket_get_name($server, false);
        fclose($server);
        config()->set('bpjs.pcare.base_url', "http://$closed/pcare-rest");
    }

    public function testFailedResendIsRescheduledUntilAttemptsRunOut(): void
    {
        $this->configure(['bpjs.audit.resend.max_attempts' => 3]);
        $noRawat = self::noRawat();
        $this->send('DELETE', 'kunjungan/0114U0011126Y000001', null, ['X-Sim-Fault' => '500'], ['no_rawat' =>
            $noRawat]);
        $this->unreachable();

        $one = self::resend()->resend($noRawat)['results'][0];
        $this->assertSame('failed', $one['result']);
        $this->assertStringStartsWith('connection: ', $one['message']);
        $row = $this->sendRow($noRawat);
        $this->assertEquals(2, $row['attempts']);
        $this->assertEqualsWithDelta(time() + 300, strtotime($row['next_attempt_at'] . ' UTC'), 5, 'the second delay');
        $one = self::resend()->resend($noRawat)['results'][0];
        $this->assertSame('failed', $one['result']);
        $row = $this->sendRow($noRawat);
        $this->assertEquals(3, $row['attempts']);
        $this->assertNull($row['next_attempt_at'], 'attempts exhausted: no automatic retry');
        $log = $this->rows('pcare_bpjs_log');
        $this->assertSame([1, 2, 3], array_map(fn ($r) => (int) $r['attempt'], $log));
        $this->assertCount(1, array_unique(array_column($log, 'correlation_id')));
    }

    public function testAFailedResendOfACreateIsNeverScheduled(): void
    {
        $noRawat = self::noRawat();
        $this->send('POST', 'pendaftaran', ['noKartu' => '0001234567890'], ['X-Sim-Fault' => '500'], ['no_rawat' =>
            $noRawat]);
        $update = self::noRawat();
        $this->send('PUT', 'kunjungan', self::kunjungan(), ['X-Sim-Fault' => '500'], ['no_rawat' => $update]);
        $this->unreachable();
        foreach ([$noRawat, $update] as $visit) {
            $one = self::resend()->resend($visit)['results'][0];
            $this->assertSame('failed', $one['result']);
            $this->assertStringStartsWith('connection: ', $one['message']);
        }
        $row = $this->sendRow($noRawat);
        $this->assertSame('failed', $row['status']);
        $this->assertEquals(2, $row['attempts']);
        $this->assertNull(
            $row['next_attempt_at'],
            'a create whose reply was lost may be registered: a person resends it'
        );
        // An update is scheduled (marked safe: the duplicate check is done).
        $this->assertEqualsWithDelta(time() + 300, strtotime($this->sendRow($update)['next_attempt_at'] . ' UTC'), 5);
    }

    public function testWithoutAnAuditRowTheResendDecidesFromTheReply(): void
    {
        $noRawat = self::noRawat();
        $this->send('DELETE', 'kunjungan/0114U0011126Y000002', null, ['X-Sim-Fault' => '500'], ['no_rawat' =>
            $noRawat]);
        // A 401 whose body cannot be read: no audit row can be built for it.
        $unreadable = new class implements \Psr\Http\Message\StreamInterface {
            public function __toString(): string
            {
                throw new \RuntimeException('unreadable body');
            }
            public function close(): void
            {
            }
            public function detach()
            {
                return null;
            }
            public function getSize(): ?int
            {
                return null;
            }
            public function tell(): int
            {
                return 0;
            }
            public function eof(): bool
            {
                return true;
            }
            public function isSeekable(): bool
            {
                return false;
            }
            public function seek($offset, $whence = SEEK_SET): void
            {
            }
            public function rewind(): void
            {
            }
            public function isWritable(): bool
            {
                return false;
            }
            public function write($string): int
            {
                return 0;
            }
            public function isReadable(): bool
            {
                return false;
            }
            public function read($length): string
            {
                throw new \RuntimeException('unreadable body');
            }
            public function getContents(): string
            {
                throw new \RuntimeException('unreadable body');
            }
            public function getMetadata($key = null)
            {
                return null;
            }
        };
        // Faked on a factory of its own (fake() changes the factory it is given).
        $factory = \Illuminate\Support\Facades\Http::getFacadeRoot();
        \Illuminate\Support\Facades\Http::swap(new \Illuminate\Http\Client\Factory(app('events')));
        \Illuminate\Support\Facades\Http::fake(fn () => new \GuzzleHttp\Promise\FulfilledPromise(
            new \GuzzleHttp\Psr7\Response(401, [], $unreadable)
        ));
        try {
            $one = self::resend()->resend($noRawat)['results'][0];
        } finally {
            \Illuminate\Support\Facades\Http::swap($factory);
        }
        $this->assertSame('failed', $one['result']);
        $this->assertSame(401, $one['http_status']);
        $row = $this->sendRow($noRawat);
        $this->assertEquals(401, $row['last_http_status']);
        // No record of the reply: the core's "interrupted" (a person checks at BPJS), never scheduled.
        $this->assertSame(
            'no readable outcome after the request went out: check at BPJS before resending',
            $row['last_error'],
        );
        $this->assertSame('failed', $row['status']);
        $this->assertNull($row['next_attempt_at'], 'not retried: the log could not record what BPJS answered');
        $this->assertCount(1, $this->rows('pcare_bpjs_log'), 'the resend has no row of its own');
    }

    public function testATransportErrorIsStoredWithoutTheUrl(): void
    {
        $noRawat = self::noRawat();
        $this->unreachable();
        try {
            $this->send('DELETE', 'kunjungan/0001234567890?noka=0001234567891', null, [], ['no_rawat' => $noRawat]);
            $this->fail('an unreachable BPJS is thrown');
        } catch (\Illuminate\Http\Client\ConnectionException $e) {
        }
        $log = $this->rows('pcare_bpjs_log');
        // Refused before anything was sent: sent again, as Laravel's retry() does (3 attempts).
        $this->assertCount(3, $log);
        $row = $this->sendRow($noRawat);
        foreach ([$log[0]['meta_message'], $row['last_error']] as $stored) {
            $this->assertStringStartsWith('connection: ', $stored);
            $this->assertStringContainsString('cURL error 7', $stored);
            foreach (['0001234567890', '0001234567891', 'pcare-rest', 'http://'] as $part) {
                $this->assertStringNotContainsString($part, $stored, 'no URL in the stored message');
            }
        }
        $this->assertSame('kunjungan/0001234567890?noka=0001234567891', $row['endpoint']);
    }

    public function testResendDueCommandSendsOnlyWhatIsDue(): void
    {
        $due = self::noRawat();
        $later = self::noRawat();
        $refused = self::noRawat();
        $this->send('POST', 'pendaftaran', ['noKartu' => '0001234567890'], ['X-Sim-Fault' => '500'], ['no_rawat' =>
            $due]);
        $this->send('POST', 'pendaftaran', ['noKartu' => '0001234567891'], ['X-Sim-Fault' => '500'], ['no_rawat' =>
            $later]);
        $this->configure(['bpjs.pcare.user_key' => 'wrong-user-key-000']);
        $this->send('POST', 'pendaftaran', ['noKartu' => '0001234567890'], [], ['no_rawat' => $refused]);
        $this->configure();
        DB::table('pcare_send_attempts')->where('no_rawat', $due)->update(['next_attempt_at' =>
            gmdate('Y-m-d H:i:s', time() - 1)]);
        $this->assertSame(3, count($this->simRequests('/pcare-rest/pendaftaran')));

        $status = Artisan::call('bpjs:resend-due', ['--limit' => 50]);
        $output = Artisan::output();
        $this->assertSame(0, $status, $output);
        $this->assertStringContainsString("$due done POST pendaftaran sent A", $output);
        $this->assertStringNotContainsString($later, $output);
        $this->assertStringNotContainsString($refused, $output);
        $this->assertCount(4, $this->simRequests('/pcare-rest/pendaftaran'));
        $this->assertSame('sent', $this->sendRow($due)['status']);
        $this->assertSame('failed', $this->sendRow($later)['status']);
        $this->assertNull($this->sendRow($refused)['next_attempt_at']);
        $resent = $this->rows('pcare_bpjs_log', ['no_rawat' => $due]);
        $this->assertSame('scheduler', end($resent)['triggered_by']);
    }

    // ------------------------------------------------------------- hash key, stored size, masked output, canary

    public function testAConfiguredHashKeyIsUsedAndAShortOneWritesNoRow(): void
    {
        $this->configure(['bpjs.audit.hash_key' => self::CONFIGURED_HASH_KEY]);
        $noRawat = self::noRawat();
        $body = self::kunjungan();
        $this->send('POST', 'kunjungan', $body, [], ['no_rawat' => $noRawat]);
        $log = $this->rows('pcare_bpjs_log');
        $this->assertSame(bpjs_payload_hash($body, self::CONFIGURED_HASH_KEY), $log[0]['payload_hash']);
        $this->assertNotSame(bpjs_payload_hash($body, self::hashKey()), $log[0]['payload_hash']);
        $this->assertSame($log[0]['payload_hash'], $this->sendRow($noRawat)['payload_hash']);
        // Shorter than 16 bytes: the core refuses it. The call goes on; no row, never an unkeyed hash.
        $this->configure(['bpjs.audit.hash_key' => 'short-key-15byt']);
        $r = $this->send('GET', 'dokter/0/10');
        $this->assertTrue($r['response']->successful());
        $this->assertCount(1, $this->rows('pcare_bpjs_log'));
        $this->assertStringContainsString('WARNING: bpjs: audit log row not written', $this->logText());
        $this->assertStringNotContainsString('short-key-15byt', $this->logText());
    }

    public function testAnEndpointLongerThanItsColumnIsNeverCut(): void
    {
        // A resend must send what was sent: no send state rather than a cut endpoint.
        $noRawat = self::noRawat();
        $endpoint = 'kunjungan/' . str_repeat('A', 300);
        $this->send('DELETE', $endpoint, null, ['X-Sim-Fault' => '500'], ['no_rawat' => $noRawat]);
        $this->assertSame([], $this->rows('pcare_send_attempts', ['no_rawat' => $noRawat]));
        $this->assertStringContainsString(
            'bpjs: audit send state not written: the endpoint is longer than 255',
            $this->logText()
        );
        // The log row keeps the core's logged endpoint (masked, capped at 255 bytes with a
        // marker, docs/audit.md) next to the 50-character column of the original design.
        $log = $this->rows('pcare_bpjs_log', ['no_rawat' => $noRawat]);
        $this->assertNotSame([], $log);
        $this->assertSame(50, mb_strlen($log[0]['endpoint']));
        $this->assertSame(255, strlen($log[0]['endpoint_full']));
        $this->assertStringContainsString('[truncated: ', $log[0]['endpoint_full']);
        $this->assertStringStartsWith('kunjungan/AAAA', $log[0]['endpoint_full']);
    }

    public function testStoredTextsAreCappedAtMaxStoredBytes(): void
    {
        $this->configure(['bpjs.audit.max_stored_bytes' => 300]);
        $body = self::kunjungan(str_repeat('demam ', 200));
        $this->send('POST', 'kunjungan', $body, [], ['no_rawat' => self::noRawat()]);
        $log = $this->rows('pcare_bpjs_log')[0];
        // JSON columns (the original design) hold a cut text as a JSON string.
        foreach (['request_payload', 'response_body_json'] as $column) {
            $decoded = json_decode((string) $log[$column]);
            $log[$column] = is_string($decoded) ? $decoded : $log[$column];
        }
        foreach (['request_payload', 'response_body_raw', 'response_body_json'] as $column) {
            $this->assertLessThanOrEqual(300, strlen((string) $log[$column]), $column);
        }
        $this->assertMatchesRegularExpression('/\.\.\.\[truncated: \d+ bytes in all\]$/', $log['request_payload']);
        $this->assertSame(
            bpjs_payload_hash($body, self::hashKey()),
            $log['payload_hash'],
            'the hash of the whole payload'
        );
    }

    public function testResendResultsAndCronOutputShowNoCardNumber(): void
    {
        $endpoint = 'pendaftaran?noKartu=0001234567890';
        $shown = 'pendaftaran?noKartu=*********7890';
        $cron = self::noRawat();
        $manual = self::noRawat();
        foreach ([$cron, $manual] as $noRawat) {
            $this->send('POST', $endpoint, ['noKartu' => '0001234567890'], ['X-Sim-Fault' => '500'], ['no_rawat' =>
                $noRawat]);
            $this->assertSame($endpoint, $this->sendRow($noRawat)['endpoint'], 'kept as sent: a resend sends it');
        }
        $result = self::resend()->resend($manual);
        $this->assertSame('sent', $result['results'][0]['result']);
        $this->assertSame($shown, $result['results'][0]['shown_endpoint']);
        $this->assertStringNotContainsString('0001234567890', json_encode($result));

        DB::table('pcare_send_attempts')->where('no_rawat', $cron)->update(['next_attempt_at' =>
            gmdate('Y-m-d H:i:s', time() - 1)]);
        $this->assertSame(0, Artisan::call('bpjs:resend-due', ['--limit' => 50]));
        $output = Artisan::output();
        $this->assertStringContainsString("$cron done POST $shown sent", $output);
        $this->assertStringNotContainsString('0001234567890', $output);
    }

    /**
     * vectors.json's canary as a hospital meets it: a card number in the reply (a decrypted
     * reply that is not JSON, a JSON reply cut short, a good reply naming it in noKartu and
     * nik), in the path and in the payload. No exception message, no line of the log channel and no pcare_bpjs_log
     * column holds it.
     */
    public function testACanaryInTheReplyOrPayloadIsNeverShownOrStored(): void
    {
        $canary = 'CANARY-0001234567890';
        $forbidden = [$canary, '0001234567890'];
        $ts = (string) time();
        $encrypted = fn (string $text) => '{"metaData":{"code":200,"message":"OK"},"response":"'
            . bpjs_compress_and_encrypt(Simulator::CONS_ID, Simulator::SECRET, $ts, $text) . '"}';
        $replies = [
            ['json', $encrypted("$canary tidak ditemukan")],
            ['json', $encrypted('{"noKartu":"' . $canary . '","nama":"BUDI SIMULASI","pstProl":')],
            [null, $encrypted('{"noKartu":"' . $canary . '","nik":"' . $canary . '","nama":"BUDI"}')],
        ];
        $shown = [];
        $factory = \Illuminate\Support\Facades\Http::getFacadeRoot();
        try {
            foreach ($replies as [$kind, $reply]) {
                \Illuminate\Support\Facades\Http::swap(new \Illuminate\Http\Client\Factory(app('events')));
                \Illuminate\Support\Facades\Http::fake(fn () => \Illuminate\Support\Facades\Http::response(
                    $reply,
                    200
                ));
                $host = new TraitHost();
                $host->withAuditContext(['no_rawat' => self::noRawat()]);
                $r = $host->call('pcareRequest', 'GET', 'peserta/0001234567890', [], null, [], $ts);
                // As an application decodes it: a failure is logged, the envelope returned.
                $decoded = $host->call('maybeDecryptAndDecompress', $r['response']->body(), $r['timestamp_used']);
                $this->assertIsArray($decoded, (string) $kind);
                try {
                    bpjs_process_wrapper(Simulator::CONS_ID, Simulator::SECRET, $ts, $reply);
                    $this->assertNull($kind, 'a good reply decodes');
                } catch (\BpjsCodecException $e) {
                    $this->assertSame($kind, $e->getKind());
                    $shown[] = $e->getMessage() . "\n" . $e . "\n" . var_export($e, true);
                }
            }
            // A write whose payload names it, refused upstream. (An upstream message that
            // quotes a card number is stored as BPJS wrote it: the core masks by field name.)
            \Illuminate\Support\Facades\Http::swap(new \Illuminate\Http\Client\Factory(app('events')));
            \Illuminate\Support\Facades\Http::fake(fn () => \Illuminate\Support\Facades\Http::response(
                '{"metaData":{"code":412,"message":"noKartu tidak valid"},"response":null}',
                412,
            ));
            $this->send('POST', 'pendaftaran', ['noKartu' => $canary, 'kdPoli' => '001'], [], ['no_rawat' =>
                self::noRawat()]);
        } finally {
            \Illuminate\Support\Facades\Http::swap($factory);
        }
        $this->assertCount(2, $shown);
        $log = $this->rows('pcare_bpjs_log');
        $this->assertCount(4, $log);
        $this->assertSame(['failed', 'failed', 'success', 'failed'], array_column($log, 'status'));
        $this->assertSame(['json', 'json', null, null], array_column($log, 'error_kind'));
        $stored = implode("\n", array_map(fn ($row) => json_encode($row, JSON_UNESCAPED_SLASHES), $log));
        // Inside Laravel a decrypted text that is not JSON is returned as text, as the original
        // trait did: not a decode failure of the application's, so no warning line (the audit
        // row above still says error_kind json).
        $places = ['exception' => implode("\n", $shown), 'log channel' => $this->logText(), 'pcare_bpjs_log' =>
            $stored];
        foreach ($places as $where => $text) {
            foreach ($forbidden as $value) {
                $this->assertStringNotContainsString($value, $text, "$where shows the canary");
            }
        }
    }

    // ------------------------------------------------------------- failure of the log itself

    public function testAFailingLogNeverFailsTheCall(): void
    {
        Schema::rename('pcare_bpjs_log', 'pcare_bpjs_log_away');
        Schema::rename('pcare_send_attempts', 'pcare_send_attempts_away');
        try {
            $r = $this->send('GET', 'dokter/0/10');
            $this->assertTrue($r['response']->successful());
            $r = $this->send('POST', 'kunjungan', self::kunjungan(), [], ['no_rawat' => self::noRawat()]);
            $this->assertSame(200, $r['response']->status());
        } finally {
            Schema::rename('pcare_bpjs_log_away', 'pcare_bpjs_log');
            Schema::rename('pcare_send_attempts_away', 'pcare_send_attempts');
        }
        $log = $this->logText();
        $warning = 'WARNING: bpjs: audit log row not written; the BPJS call was not affected';
        $this->assertStringContainsString($warning, $log);
        $this->assertStringContainsString('WARNING: bpjs: audit send state not written', $log);
        $this->assertStringContainsString('QueryException', $log);
        $this->assertStringNotContainsString('insert into', strtolower($log), 'no SQL (it would hold the values)');
        $this->assertStringNotContainsString('0001234567890', $log);
    }

    public function testSecretsInAPayloadAreNeverStored(): void
    {
        $noRawat = self::noRawat();
        $body = ['noKartu' => '0001234567890', 'kdPoli' => '001', 'password' => Simulator::PASSWORD,
            'catatan' => 'kunci ' . Simulator::USER_KEY . ' / ' . Simulator::SECRET, Simulator::SECRET => 'as a key'];
        $this->send('POST', 'pendaftaran', $body, ['X-Sim-Fault' => '500'], ['no_rawat' => $noRawat]);
        $row = $this->sendRow($noRawat);
        $stored = json_decode($row['payload'], true);
        $this->assertSame('[redacted]', $stored['password']);
        $this->assertSame('0001234567890', $stored['noKartu']);
        $this->assertSame(
            bpjs_payload_hash($body, self::hashKey()),
            $row['payload_hash'],
            'the hash is of what was sent'
        );
        // tearDown reads every column of every row.
    }

    public function testAuditContextIsChecked(): void
    {
        foreach (
            [['noRawat' => 'x'], ['attempt' => 0], ['correlation_id' => ''], ['correlation_id' =>
            str_repeat('c', 65)],
            ['no_rawat' => ['x']]] as $bad
        ) {
            try {
                (new TraitHost())->withAuditContext($bad);
                $this->fail('no InvalidArgumentException for ' . json_encode($bad));
            } catch (InvalidArgumentException $e) {
                $this->assertStringContainsString('withAuditContext', $e->getMessage());
            }
        }
        $host = new TraitHost();
        $this->assertSame($host, $host->withAuditContext(['no_rawat' => 'x', 'triggered_by' => null]));
        // A request that fails before sending (a malformed timestamp) still uses its context up.
        $host->withAuditContext(['no_rawat' => 'stale']);
        try {
            $host->call('pcareRequest', 'GET', 'dokter/0/1', [], null, [], 'not-a-timestamp');
            $this->fail('no InvalidArgumentException for a malformed timestamp');
        } catch (InvalidArgumentException $e) {
        }
        $host->call('pcareRequest', 'GET', 'dokter/0/1');
        $rows = $this->rows('pcare_bpjs_log');
        $this->assertCount(1, $rows);
        $this->assertSame('', $rows[0]['no_rawat'], 'the stale context was not used');
    }
}
