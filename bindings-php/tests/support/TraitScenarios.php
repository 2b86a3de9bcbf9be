<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Support;

use InvalidArgumentException;
use PHPUnit\Framework\TestCase;

/**
 * The drop-in trait against the simulator over real HTTP. Run twice: in plain
 * PHP (getenv + curl) and inside a booted Laravel application (config, the
 * setting_bridging_bpjs table, the Http facade over Guzzle). Subclasses say how
 * settings are applied, how the trait's log is read, and how a host is made.
 */
abstract class TraitScenarios extends TestCase
{
    protected static ?Simulator $sim = null;

    /** Applies settings given by their env names (BPJS_PCARE_CONS_ID => ...). */
    abstract protected function configure(array $settings): void;

    /** Everything the trait logged since the test started. */
    abstract protected function logText(): string;

    /** A fresh object using the trait (reads configuration on first use). */
    protected function host(): TraitHost
    {
        return new TraitHost();
    }

    public static function setUpBeforeClass(): void
    {
        self::$sim = new Simulator();
    }

    public static function tearDownAfterClass(): void
    {
        self::$sim?->stop();
        self::$sim = null;
    }

    /** The simulator's defaults for one family (PCARE, MOBILEJKN, ICARE). */
    protected static function family(string $family, string $path): array
    {
        $p = "BPJS_{$family}_";
        return [
            $p . 'BASE_URL' => self::$sim->url . '/' . $path,
            $p . 'CONS_ID' => Simulator::CONS_ID,
            $p . 'CONS_PWD' => Simulator::SECRET,
            $p . 'USER_KEY' => Simulator::USER_KEY,
            $p . 'USER' => Simulator::USERNAME,
            $p . 'PASS' => Simulator::PASSWORD,
            $p . 'KODE_PPK' => '0114U001',
            $p . 'APP_CODE' => Simulator::APP_CODE,
        ];
    }

    protected function defaults(array $overrides = []): void
    {
        $this->configure($overrides + self::family('PCARE', 'pcare-rest') + self::family('MOBILEJKN', 'antreanfktp')
            + self::family('ICARE', 'wsihs/api/pcare') + [
                'BPJS_ICARE_SERVICE' => 'icare-fktp',
                'BPJS_MOBILEJKN_SEND_AUTHORIZATION' => 'false',
                'BPJS_PCARE_KUNJUNGAN_CT' => 'text/plain',
                'BPJS_HTTP_DISABLE_SSL_VERIFY' => 'false',
                'BPJS_HTTP_TIMEOUT' => '10',
                'BPJS_HTTP_CONNECT_TIMEOUT' => '5',
                'BPJS_HTTP_RETRY_TIMES' => '2',
                'BPJS_HTTP_RETRY_SLEEP' => '10',
                'BPJS_PCARE_FORCE_RESOLVE' => '',
                'BPJS_PCARE_FORCE_RESOLVE_LIST' => '',
                'BPJS_MOBILEJKN_FORCE_RESOLVE' => '',
            ]);
    }

    /** Simulator log lines written before this test started. */
    private int $logOffset = 0;

    protected function setUp(): void
    {
        $this->logOffset = count(self::$sim->log());
        $this->defaults();
    }

    /** Requests of this test the simulator logged for a path (query string excluded), in order. */
    protected function simRequests(string $path): array
    {
        return array_values(array_filter(
            array_slice(self::$sim->log(), $this->logOffset),
            fn ($e) => ($e['event'] ?? '') === 'request' && ($e['path'] ?? '') === $path
        ));
    }

    /** Decoders of the three request methods, as a controller pairs them. */
    private const DECODERS = [
        'pcareRequest' => 'maybeDecryptAndDecompress',
        'mobilejknRequest' => 'maybeDecryptAndDecompressMobileJkn',
        'icareRequest' => 'maybeDecryptAndDecompressIcare',
    ];

    /**
     * One request the way faskesku controllers make it: the original's return shape,
     * then `maybeDecryptAndDecompress*($r['response']->body(), $r['timestamp_used'])`
     * on the same object. Adds `status` and `decoded` for the assertions.
     */
    protected function send(string $fn, ...$args): array
    {
        $host = $this->host();
        $r = $host->call($fn, ...$args);
        $this->assertSame(['response', 'headers_used', 'timestamp_used', 'url'], array_keys($r));
        $this->assertIsObject($r['response']);
        $r['status'] = $r['response']->status();
        $r['decoded'] = $host->call(self::DECODERS[$fn], $r['response']->body(), $r['timestamp_used']);
        return $r;
    }

    protected function assertNoSecrets($value, string $timestamp): void
    {
        if (is_array($value) && is_object($value['response'] ?? null)) {
            // Laravel's Response keeps the request it answers (transferStats), headers
            // included, as it did with the original trait: what the trait itself
            // returns and logs is checked, and the body.
            $value['response'] = $value['response']->body();
        }
        $text = is_string($value) ? $value : var_export($value, true);
        foreach (Secrets::forbidden($timestamp) as $secret) {
            $this->assertStringNotContainsString($secret, $text);
        }
    }

    // ---------------------------------------------------------------- PCare

    public function testPcareDokter(): void
    {
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/10');
        $this->assertSame(200, $r['status']);
        $this->assertSame(200, $r['decoded']['metaData']['code']);
        $this->assertSame(8, $r['decoded']['response']['count']);
        $this->assertSame('dr. ANDI SIMULASI', $r['decoded']['response']['list'][0]['nmDokter']);
        $this->assertSame(self::$sim->url . '/pcare-rest/dokter/0/10', $r['url']);
        $this->assertSame($r['timestamp_used'], $r['headers_used']['X-timestamp']);
        $this->assertSame(Simulator::CONS_ID, $r['headers_used']['X-cons-id']);
        foreach (['X-signature', 'user_key', 'X-authorization'] as $name) {
            $this->assertSame('[redacted]', $r['headers_used'][$name]);
        }
        $this->assertNoSecrets($r, $r['timestamp_used']);
        $this->assertSame('', $this->logText());
    }

    public function testPcarePesertaAndBusinessError(): void
    {
        $host = $this->host();
        $r = $this->send('pcareRequest', 'GET', 'peserta/nokartu/0001234567890/tglPelayanan/24-11-2026');
        $this->assertSame('BUDI SIMULASI', $r['decoded']['response']['nama']);
        $r = $this->send('pcareRequest', 'GET', 'peserta/nokartu/0009999999999/tglPelayanan/24-11-2026');
        $this->assertSame(204, $r['decoded']['metaData']['code']);
        $this->assertNull($r['decoded']['response']);
    }

    public function testPcareDiagnosaPathShape(): void
    {
        $r = $this->send('pcareRequest', 'GET', 'diagnosa/A00/0/3');
        $this->assertSame(7, $r['decoded']['response']['count']);
        $this->assertCount(3, $r['decoded']['response']['list']);
        $this->assertMatchesRegularExpression('/^A00\.\d$/', $r['decoded']['response']['list'][0]['kdDiag']);
    }

    public function testPcareV3DiagnosaQueryShapeIsPlain(): void
    {
        $this->defaults(['BPJS_PCARE_BASE_URL' => self::$sim->url . '/pcare-rest-v3.0']);
        $r = $this->send('pcareRequest', 'GET', 'diagnosa', ['keyword' => 'A00', 'offset' => 0, 'limit' => 3]);
        $this->assertSame(self::$sim->url . '/pcare-rest-v3.0/diagnosa?keyword=A00&offset=0&limit=3', $r['url']);
        $this->assertSame(7, $r['decoded']['response']['count']);
        $this->assertCount(3, $r['decoded']['response']['list']);
        $this->assertSame('', $this->logText(), 'a plain response is not a decode failure');
    }

    public function testPcareLargeDiagnosaList(): void
    {
        $r = $this->send('pcareRequest', 'GET', 'diagnosa/-/0/100000');
        $this->assertSame(11744, $r['decoded']['response']['count']);
        $this->assertCount(11744, $r['decoded']['response']['list']);
    }

    public function testPcareKunjunganContentTypeIsConfigurable(): void
    {
        $body = ['noKartu' => '0001234567890', 'tglDaftar' => '24-11-2026'];
        $r = $this->send('pcareRequest', 'POST', 'kunjungan', [], $body);
        $this->assertSame('text/plain', $r['headers_used']['Content-Type']);
        $this->assertSame(201, $r['decoded']['metaData']['code']);
        $this->assertSame('noKunjungan', $r['decoded']['response']['field']);
        $this->assertStringStartsWith('0114U0011126Y', $r['decoded']['response']['message']);

        $this->defaults(['BPJS_PCARE_KUNJUNGAN_CT' => 'application/json']);
        $r = $this->send('pcareRequest', 'POST', 'kunjungan', [], $body);
        $this->assertSame('application/json', $r['headers_used']['Content-Type']);
        $this->assertSame('noKunjungan', $r['decoded']['response']['field']);
        // Other endpoints keep the service default.
        $r = $this->send('pcareRequest', 'POST', 'pendaftaran', [], json_encode($body));
        $this->assertSame('application/json', $r['headers_used']['Content-Type']);
        $this->assertSame('noUrut', $r['decoded']['response']['field']);
    }

    public function testExtraHeadersCannotReplaceSigningHeaders(): void
    {
        $extra = [
            'X-signature' => 'forged',
            'x-timestamp' => '1',
            'USER_KEY' => 'other',
            'Accept' => 'application/json; charset=utf-8',
        ];
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/1', [], null, $extra);
        $this->assertSame(200, $r['status'], 'the simulator accepted the core-built signature');
        $this->assertSame('100001', $r['decoded']['response']['list'][0]['kdDokter']);
        $this->assertSame('application/json; charset=utf-8', $r['headers_used']['Accept']);
        $this->assertSame($r['timestamp_used'], $r['headers_used']['X-timestamp']);
        $this->assertArrayNotHasKey('x-timestamp', $r['headers_used']);
    }

    public function testTimestampOverrideSignsAndDecrypts(): void
    {
        $ts = (string) (time() - 120);
        $host = $this->host();
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/1', [], null, [], $ts);
        $this->assertSame($ts, $r['timestamp_used']);
        $this->assertSame($ts, $r['headers_used']['X-timestamp']);
        // The simulator encrypted with $ts; only a decryption with $ts gives this.
        $this->assertSame('100001', $r['decoded']['response']['list'][0]['kdDokter']);
        $this->assertSame('', $this->logText());

        $headers = $host->call('buildPcareHeaders', $ts);
        $this->assertSame($ts, $headers['X-timestamp']);
        $this->assertSame(
            base64_encode(hash_hmac('sha256', Simulator::CONS_ID . '&' . $ts, Simulator::SECRET, true)),
            $headers['X-signature']
        );
        $this->assertSame(
            $headers['X-signature'],
            $host->call('generateSignature', Simulator::CONS_ID, Simulator::SECRET, $ts),
        );
        // Without "Basic ": the header builders add it, as in the original.
        $this->assertSame(base64_encode('u:p:095'), $host->call('generateAuthorization', 'u', 'p', '095'));
        // Never throws on empty parts: computed as the original did.
        $this->assertSame(base64_encode('::095'), $host->call('generateAuthorization', '', '', '095'));
        $this->assertSame(
            base64_encode(hash_hmac('sha256', '&' . $ts, '', true)),
            $host->call('generateSignature', '', '', $ts),
        );
        // An empty override means "now", as the original's `?:`.
        $this->assertMatchesRegularExpression('/^\d{10}$/', $host->call('buildPcareHeaders', '')['X-timestamp']);
        $this->assertMatchesRegularExpression('/^\d{10}$/', $host->call('generateTimestamp'));
    }

    public function testMaybeDecryptNeverThrows(): void
    {
        $host = $this->host();
        $ts = '1732406400';
        $ct = bpjs_compress_and_encrypt(Simulator::CONS_ID, Simulator::SECRET, $ts, '{"a":"😀 é"}');
        $body = '{"metaData":{"code":200},"response":"' . $ct . '"}';
        $this->assertSame(
            ['metaData' => ['code' => 200], 'response' => ['a' => '😀 é']],
            $host->call('maybeDecryptAndDecompress', $body, $ts)
        );
        // Wrong timestamp: envelope unchanged, failure logged with its kind.
        $this->assertSame(json_decode($body, true), $host->call('maybeDecryptAndDecompress', $body, '1732406401'));
        $this->assertStringContainsString('padding', $this->logText());
        // A plain string response is kept (the PHP-only trait emptied it).
        $sep = '{"metaData":{"code":"200","message":"Sukses"},"response":"0301R0011126V000123"}';
        $this->assertSame('0301R0011126V000123', $host->call('maybeDecryptAndDecompressIcare', $sep, $ts)['response']);
        $this->assertSame(
            'Service Unavailable',
            $host->call('maybeDecryptAndDecompressMobileJkn', 'Service Unavailable', $ts),
        );
        $this->assertSame([1, 2], $host->call('maybeDecryptAndDecompress', '[1,2]', $ts));
        $this->assertSame('null', $host->call('maybeDecryptAndDecompress', 'null', $ts));
        $this->assertSame(' 42 ', $host->call('maybeDecryptAndDecompressIcare', ' 42 ', $ts));
        // The AES and lz helpers of the original trait.
        $lz = $host->call('stringDecrypt', Simulator::CONS_ID . Simulator::SECRET . $ts, $ct);
        $this->assertSame('{"a":"😀 é"}', $host->call('decompressLzString', $lz));
        $this->assertSame('', $host->call('stringDecrypt', 'wrong-key', $ct), "'' on failure, as the original");
        $this->assertSame(
            'not lz!',
            $host->call('decompressLzString', 'not lz!'),
            'the input on failure, as the original',
        );
        $this->assertStringContainsString('lz_invalid_char', $this->logText());
        $this->assertNoSecrets($this->logText(), $ts);
    }

    // ------------------------------------------------------- Mobile JKN / Antrean FKTP

    public function testMobileJkn(): void
    {
        $r = $this->send('mobilejknRequest', 'GET', 'ref/poli/tanggal/2026-11-24');
        $this->assertSame('POLI UMUM', $r['decoded']['response'][0]['namapoli']);
        $this->assertArrayNotHasKey('X-authorization', $r['headers_used'], 'off by default for Antrean FKTP');
        $r = $this->send('mobilejknRequest', 'GET', 'ref/dokter/kodepoli/001/tanggal/2026-11-24');
        $this->assertSame('dr. ANDI SIMULASI', $r['decoded']['response'][0]['namadokter']);
        $body = ['tanggalperiksa' => '2026-11-24', 'kodepoli' => '001', 'nomorkartu' => '0001234567890', 'status' => 1];
        $r = $this->send('mobilejknRequest', 'POST', 'antrean/panggil', [], $body);
        $this->assertSame(200, $r['decoded']['metadata']['code']);

        $this->defaults(['BPJS_MOBILEJKN_SEND_AUTHORIZATION' => 'true']);
        $r = $this->send('mobilejknRequest', 'GET', 'ref/poli/tanggal/2026-11-24');
        $this->assertSame('[redacted]', $r['headers_used']['X-authorization']);
        $this->assertSame('POLI UMUM', $r['decoded']['response'][0]['namapoli']);
        $this->assertNoSecrets($r, $r['timestamp_used']);
    }

    public function testMobileJknHeadersNeedConsIdSecretAndUserKey(): void
    {
        foreach (['CONS_ID' => 'cons_id', 'CONS_PWD' => 'secret', 'USER_KEY' => 'user_key'] as $env => $field) {
            $this->defaults(["BPJS_MOBILEJKN_$env" => '']);
            try {
                $this->host()->call('buildMobileJknHeaders');
                $this->fail("no InvalidArgumentException without $field");
            } catch (InvalidArgumentException $e) {
                $this->assertStringContainsString($field, $e->getMessage());
                $this->assertNoSecrets($e->getMessage(), '0');
            }
        }
    }

    // ---------------------------------------------------------------- iCare

    public function testIcareFktpAndFkrtl(): void
    {
        $body = ['param' => '0001234567890', 'kodedokter' => 100001];
        $r = $this->send('icareRequest', 'POST', 'validate', [], $body);
        $this->assertStringStartsWith('https://icare.sim.invalid/', $r['decoded']['response']['url']);
        $this->assertSame('[redacted]', $r['headers_used']['X-authorization']);

        $this->defaults([
            'BPJS_ICARE_SERVICE' => 'icare-fkrtl',
            'BPJS_ICARE_BASE_URL' => self::$sim->url . '/wsihs/api/rs',
        ]);
        $r = $this->send('icareRequest', 'POST', 'validate', [], $body);
        $this->assertStringStartsWith('https://icare.sim.invalid/', $r['decoded']['response']['url']);
        $this->assertArrayNotHasKey('X-authorization', $r['headers_used']);
        $r = $this->send('icareRequest', 'POST', 'validate', [], ['param' => '0009999999999', 'kodedokter' => 1]);
        $this->assertSame(201, $r['decoded']['metaData']['code']);
    }

    // ---------------------------------------------------------------- faults

    private function withFault(
        string $fault,
        string $method = 'GET',
        string $endpoint = 'dokter/0/1',
        $body = null,
    ): array {
        return $this->send('pcareRequest', $method, $endpoint, [], $body, ['X-Sim-Fault' => $fault]);
    }

    public function testFault500IsRetriedForReadsOnly(): void
    {
        $r = $this->withFault('500', 'GET', 'dokter/0/2');
        $this->assertSame(500, $r['status']);
        $this->assertSame(500, $r['decoded']['metaData']['code']);
        $this->assertCount(3, $this->simRequests('/pcare-rest/dokter/0/2'), '1 + BPJS_HTTP_RETRY_TIMES attempts');

        $r = $this->withFault('500', 'POST', 'pendaftaran', ['noKartu' => '0001234567890']);
        $this->assertSame(500, $r['status']);
        $this->assertCount(1, $this->simRequests('/pcare-rest/pendaftaran'), 'a POST is never retried');
    }

    public function testFault503HtmlIsReturnedRaw(): void
    {
        $r = $this->withFault('503', 'GET', 'dokter/0/3');
        $this->assertSame(503, $r['status']);
        $this->assertIsString($r['decoded']);
        $this->assertStringContainsString('503', $r['decoded']);
        $this->assertStringContainsString('503', $r['response']->body());
        $this->assertFalse($r['response']->successful());
        $this->assertCount(3, $this->simRequests('/pcare-rest/dokter/0/3'));
    }

    public function testFaultDropThrowsAfterRetries(): void
    {
        $e = $this->connectionFailure(fn () => $this->withFault('drop', 'GET', 'dokter/0/4'));
        $this->assertNoSecrets($e->getMessage(), '0');
        $this->assertCount(3, $this->simRequests('/pcare-rest/dokter/0/4'));
        $this->connectionFailure(fn () => $this->withFault(
            'drop',
            'POST',
            'kunjungan',
            ['noKartu' => '0001234567890'],
        ));
        $this->assertCount(1, $this->simRequests('/pcare-rest/kunjungan'));
    }

    /**
     * Runs $send and returns the connection exception it must throw: Laravel's
     * ConnectionException or, outside Laravel, App\Traits\BpjsConnectionError. Any
     * other outcome (a reply, another exception, an assertion) fails the test.
     */
    private function connectionFailure(callable $send): \Throwable
    {
        try {
            $send();
        } catch (\Illuminate\Http\Client\ConnectionException | \App\Traits\BpjsConnectionError $e) {
            return $e;
        }
        $this->fail('a connection failure must be thrown, not look like a reply');
    }

    public function testFaultSlowHitsTheTimeout(): void
    {
        $this->defaults(['BPJS_HTTP_TIMEOUT' => '0.3', 'BPJS_HTTP_RETRY_TIMES' => '1']);
        $e = $this->connectionFailure(fn () => $this->withFault('slow:1500', 'GET', 'dokter/0/5'));
        $this->assertNoSecrets($e->getMessage(), '0');
        // Within the timeout the reply is normal.
        $this->defaults(['BPJS_HTTP_TIMEOUT' => '10']);
        $r = $this->withFault('slow:100');
        $this->assertSame('100001', $r['decoded']['response']['list'][0]['kdDokter']);
    }

    public function testFaultPlainIsReturnedAsParsed(): void
    {
        $r = $this->withFault('plain');
        $this->assertSame('100001', $r['decoded']['response']['list'][0]['kdDokter']);
        $this->assertSame('', $this->logText());
    }

    /** @return array<string, array{string, string}> */
    public static function decodeFaults(): array
    {
        return [
            'wrong-key' => ['wrong-key', 'padding'],
            // A ciphertext cut to a length that is not whole blocks is an error, never a plain string.
            'truncate' => ['truncate', 'cipher_length'],
            'truncate-block' => ['truncate-block', 'padding'],
            'lz-truncate' => ['lz-truncate', 'lz_truncated'],
            'not-json' => ['not-json', 'json'],
        ];
    }

    /** @dataProvider decodeFaults */
    public function testDecodeFaultsAreLoggedWithTheirKind(string $fault, string $kind): void
    {
        $r = $this->withFault($fault);
        $this->assertSame(200, $r['decoded']['metaData']['code'], 'the envelope is returned unchanged');
        $this->assertIsString($r['decoded']['response']);
        $log = $this->logText();
        $this->assertStringContainsString("($kind)", $log);
        $this->assertNoSecrets($log, $r['timestamp_used']);
        $this->assertNoSecrets($r, $r['timestamp_used']);
    }

    public function testEmptyOrJunkNumbersFallBackToDefaults(): void
    {
        $this->defaults(['BPJS_HTTP_TIMEOUT' => 'abc', 'BPJS_HTTP_CONNECT_TIMEOUT' => '',
            'BPJS_HTTP_RETRY_TIMES' => '-3', 'BPJS_HTTP_RETRY_SLEEP' => 'x']);
        $http = $this->host()->call('bpjsHttpConfig');
        $this->assertSame(30.0, $http['timeout']);
        $this->assertSame(10.0, $http['connect_timeout']);
        $this->assertSame(0, $http['retry_times']);
        $this->assertSame(500, $http['retry_sleep']);
        $this->defaults(['BPJS_HTTP_TIMEOUT' => '0.5']);
        $this->assertSame(0.5, $this->host()->call('bpjsHttpConfig')['timeout']);
    }

    public function testOnlyGetIsRetried(): void
    {
        foreach (['PUT', 'DELETE'] as $method) {
            $r = $this->withFault('500', $method, 'pendaftaran/peserta/0001234567890/tglDaftar/24-11-2026/noUrut/A1');
            $this->assertSame(500, $r['status']);
        }
        $this->assertCount(
            2,
            $this->simRequests('/pcare-rest/pendaftaran/peserta/0001234567890/tglDaftar/24-11-2026/noUrut/A1'),
        );
    }

    public function testForceResolvePinsTheHost(): void
    {
        $port = parse_url(self::$sim->url, PHP_URL_PORT);
        $this->defaults([
            'BPJS_PCARE_BASE_URL' => "http://bpjs.sim.invalid:$port/pcare-rest",
            'BPJS_PCARE_FORCE_RESOLVE' => "bpjs.sim.invalid:$port:127.0.0.1",
        ]);
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/1');
        $this->assertSame('100001', $r['decoded']['response']['list'][0]['kdDokter']);
        // A list: each attempt takes the next address.
        $this->defaults([
            'BPJS_PCARE_BASE_URL' => "http://bpjs.sim.invalid:$port/pcare-rest",
            'BPJS_PCARE_FORCE_RESOLVE_LIST' => "bpjs.sim.invalid:$port:127.0.0.1, other.invalid:1:127.0.0.1",
        ]);
        $r = $this->send('pcareRequest', 'GET', 'dokter/0/1');
        $this->assertSame(200, $r['status']);
        $this->defaults([
            'BPJS_MOBILEJKN_BASE_URL' => "http://bpjs.sim.invalid:$port/antreanfktp",
            'BPJS_MOBILEJKN_FORCE_RESOLVE' => "bpjs.sim.invalid:$port:127.0.0.1",
        ]);
        $r = $this->send('mobilejknRequest', 'GET', 'ref/poli/tanggal/2026-11-24');
        $this->assertSame('POLI UMUM', $r['decoded']['response'][0]['namapoli']);
    }

    public function testTlsVerificationIsOnUnlessDisabled(): void
    {
        $this->assertFalse($this->host()->call('bpjsHttpConfig')['disable_ssl_verify']);
        $this->defaults(['BPJS_HTTP_DISABLE_SSL_VERIFY' => 'true']);
        $this->assertTrue($this->host()->call('bpjsHttpConfig')['disable_ssl_verify']);
    }
}
