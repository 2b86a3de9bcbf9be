<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Unit;

use BpjsCodec\Tests\Support\Vectors;
use BpjsCodecException;
use PHPUnit\Framework\TestCase;

/**
 * The core functions every host exposes (README, api table) that the drop-ins
 * used to reach through other functions: authorization, is_sensitive_header,
 * lz_compress, find_timestamp, service_from_url, service_path,
 * redact_endpoint and result_number. Checked against the shared vectors
 * where they hold a case.
 */
final class HostApiTest extends TestCase
{
    private const SERVICES = [
        'vclaim', 'antreanrs', 'antreanfktp', 'pcare', 'icare-fktp', 'icare-fkrtl', 'apotek', 'aplicares',
    ];

    /**
     * lz vectors whose input is not what lz-string's compressor writes for
     * their text (altered by hand to test the decoder).
     */
    private const ALTERED_LZ_INPUTS = [
        'space_for_plus', 'lone_surrogates', 'missing_trailing_zero_bits', 'extra_alphabet_after_end',
        'lz_extra_alphabet_after_end', 'dollar_reads_as_zero_bits',
    ];

    private static function kindOf(callable $call): ?string
    {
        try {
            $call();
        } catch (BpjsCodecException $e) {
            return $e->getKind();
        }
        return null;
    }

    public static function headerCases(): array
    {
        return Vectors::section('headers');
    }

    /** @dataProvider headerCases */
    public function testAuthorizationIsTheHeaderOfTheVectors(array $c): void
    {
        $expected = $c['expected']['X-authorization'] ?? null;
        $creds = $c['credentials'];
        if ($expected === null || !isset($creds['username'], $creds['password'])) {
            $this->assertArrayNotHasKey('X-authorization', $c['expected'] ?? []);
            return;
        }
        $this->assertSame(
            $expected,
            bpjs_authorization($creds['username'], $creds['password'], $creds['app_code'] ?? null),
        );
    }

    public function testAuthorizationDefaultsAndNamedArguments(): void
    {
        $this->assertSame('Basic ' . base64_encode('user:pass:095'), bpjs_authorization('user', 'pass'));
        $this->assertSame(bpjs_authorization('user', 'pass'), bpjs_authorization('user', 'pass', ''));
        $this->assertSame(
            'Basic ' . base64_encode('u:p:099'),
            bpjs_authorization(username: 'u', password: 'p', app_code: '099'),
        );
        $headers = bpjs_build_headers('pcare', [
            'cons_id' => '1', 'secret' => 's', 'user_key' => 'k', 'username' => 'dokter', 'password' => 'rahasia',
        ], 5);
        $this->assertSame($headers['X-authorization'], bpjs_authorization('dokter', 'rahasia'));
    }

    public function testSensitiveHeaders(): void
    {
        foreach (['X-signature', 'x-SIGNATURE', 'user_key', 'USER_KEY', 'X-authorization', 'Authorization'] as $name) {
            $this->assertTrue(bpjs_is_sensitive_header($name), $name);
        }
        foreach (['X-cons-id', 'X-timestamp', 'Accept', 'Content-Type', '', 'user-key', 'signature'] as $name) {
            $this->assertFalse(bpjs_is_sensitive_header($name), $name);
        }
        // Every header bpjs_build_headers writes is classified, and the secret ones are sensitive.
        $headers = bpjs_build_headers('pcare', [
            'cons_id' => '1', 'secret' => 's', 'user_key' => 'k', 'username' => 'u', 'password' => 'p',
        ], 5);
        $sensitive = array_keys(array_filter(array_keys($headers), 'bpjs_is_sensitive_header'));
        $this->assertCount(3, $sensitive);
    }

    public static function lzCases(): array
    {
        $rows = [];
        foreach (['lz', 'decode'] as $section) {
            foreach (Vectors::section($section) as $name => $row) {
                $rows["$section: $name"] = $row;
            }
        }
        return $rows;
    }

    /** @dataProvider lzCases */
    public function testLzCompressWritesWhatTheReferenceWrites(array $c): void
    {
        if (!isset($c['text']) || isset($c['error'])) {
            $this->assertTrue(isset($c['error']) || !isset($c['text']));
            return;
        }
        $compressed = bpjs_lz_compress($c['text']);
        $this->assertSame($c['text'], bpjs_lz_decompress($compressed), 'round trip');
        $input = $c['input'] ?? $c['plaintext'];
        if (!in_array($c['name'], self::ALTERED_LZ_INPUTS, true)) {
            $this->assertSame($input, $compressed, 'lz-string compressToEncodedURIComponent');
        }
    }

    public static function decodeCases(): array
    {
        return Vectors::section('decode');
    }

    /** @dataProvider decodeCases */
    public function testFindTimestampOnTheVectors(array $c): void
    {
        $ts = $c['timestamp'];
        $decodes = !isset($c['error']) && !isset($c['decrypt_error']);
        if (!$decodes || !ctype_digit($ts) || strlen($ts) > 18) {
            $this->assertFalse($decodes && ctype_digit($ts) && strlen($ts) <= 18);
            return;
        }
        $found = bpjs_find_timestamp($c['cons_id'], $c['secret'], $c['ciphertext'], (int) $ts - 7, 10);
        $this->assertSame($ts, $found, 'seven seconds of skew');
        $this->assertSame(
            $ts,
            bpjs_find_timestamp($c['cons_id'], $c['secret'], $c['ciphertext'], (string) ((int) $ts + 3)),
        );
        $this->assertNull(bpjs_find_timestamp($c['cons_id'], $c['secret'], $c['ciphertext'], (int) $ts - 7, 6));
    }

    public function testFindTimestampErrors(): void
    {
        $ct = bpjs_compress_and_encrypt('1000', 's3cret', '1732406437', '{"poli":"INT"}');
        $this->assertSame('1732406437', bpjs_find_timestamp('1000', 's3cret', $ct, 1732406400));
        $this->assertNull(bpjs_find_timestamp('1000', 'wrong', $ct, 1732406437, 5));
        $this->assertSame(
            'cipher_length',
            self::kindOf(fn () => bpjs_find_timestamp('1000', 's3cret', '0301R0011124V000123', 1)),
        );
        $this->assertSame(
            'base64',
            self::kindOf(fn () => bpjs_find_timestamp('1000', 's3cret', '<html>503</html>', 1)),
        );
        $cases = [
            'window' => fn () => bpjs_find_timestamp('1000', 's3cret', $ct, 1, -1),
            'one week' => fn () => bpjs_find_timestamp('1000', 's3cret', $ct, 1, 7 * 24 * 3600 + 1),
            'around' => fn () => bpjs_find_timestamp('1000', 's3cret', $ct, -5),
            'timestamp' => fn () => bpjs_find_timestamp('1000', 's3cret', $ct, '17.5'),
            'cons_id' => fn () => bpjs_find_timestamp('', 's3cret', $ct, 1),
        ];
        foreach ($cases as $word => $call) {
            try {
                $call();
                $this->fail("no config error for $word");
            } catch (BpjsCodecException $e) {
                $this->assertSame('config', $e->getKind(), $word);
                $this->assertStringContainsString($word, $e->getMessage());
                $this->assertStringNotContainsString('s3cret', $e->getMessage());
            }
        }
    }

    public function testServicePathsAndBaseUrls(): void
    {
        $this->assertSame('vclaim-rest', bpjs_service_path('vclaim'));
        $this->assertSame('antreanrs_dev', bpjs_service_path('antreanrs', true));
        $this->assertSame('wsihs/api/pcare', bpjs_service_path(service: 'icare-fktp'));
        $this->assertSame('aplicaresws/rest', bpjs_service_path('aplicares', development: true));
        $this->assertSame('config', self::kindOf(fn () => bpjs_service_path('vclaim-typo')));
        foreach (self::SERVICES as $service) {
            $hosts = [
                'https://apijkn.bpjs-kesehatan.go.id/' => false,
                'https://apijkn-dev.bpjs-kesehatan.go.id/' => true,
            ];
            foreach ($hosts as $host => $dev) {
                $path = bpjs_service_path($service, $dev);
                $this->assertSame($service, bpjs_service_from_url($host . $path), "$host$path");
                $this->assertSame($service, bpjs_service_from_url($host . $path . '/?x=1'), "$host$path/?x=1");
            }
        }
        $this->assertSame('pcare', bpjs_service_from_url('http://127.0.0.1:8080/pcare-rest-v3.0/'));
        $this->assertSame('antreanrs', bpjs_service_from_url('antreanrs_dev'));
        $this->assertNull(bpjs_service_from_url('https://apijkn.bpjs-kesehatan.go.id/'));
        $this->assertNull(bpjs_service_from_url('https://apijkn.bpjs-kesehatan.go.id/not-pcare-rest-x'));
        $this->assertNull(bpjs_service_from_url(''));
    }

    public static function recordCases(): array
    {
        return Vectors::auditSection('record');
    }

    /** @return array the attempt of a record vector, its `*_json` keys decoded as an app decodes them */
    private static function attempt(array $case): array
    {
        $attempt = [];
        foreach ($case['attempt'] as $key => $value) {
            if (str_ends_with($key, '_json')) {
                $attempt[substr($key, 0, -strlen('_json'))] = json_decode($value, true, 512, JSON_THROW_ON_ERROR);
            } else {
                $attempt[$key] = $value;
            }
        }
        return $attempt;
    }

    /** A stored text column's cap (docs/audit.md): at most $max UTF-8 bytes, the marker included. */
    private static function capped(string $text, int $max): string
    {
        if (strlen($text) <= $max) {
            return $text;
        }
        $marker = '...[truncated: ' . strlen($text) . ' bytes in all]';
        return mb_strcut($text, 0, $max - strlen($marker), 'UTF-8') . $marker;
    }

    /** @dataProvider recordCases */
    public function testRedactEndpointIsTheRowsEndpoint(array $case): void
    {
        $attempt = self::attempt($case);
        $options = $case['options'] ?? null;
        // The row's options less hash_key, which only the row needs.
        $redactOptions = array_diff_key($options ?? [], ['hash_key' => true]);
        // The log row caps its endpoint column (255 bytes, marker included);
        // bpjs_redact_endpoint never cuts (a resend sends what it returns).
        $endpoint = self::capped(bpjs_redact_endpoint($attempt['endpoint'], $redactOptions), 255);
        if (isset($case['expected']['endpoint'])) {
            $this->assertSame($case['expected']['endpoint'], $endpoint);
        }
        $this->assertSame(bpjs_audit_record($attempt, $options)['endpoint'], $endpoint);
    }

    /** @dataProvider recordCases */
    public function testResultNumberIsTheRowsForASuccess(array $case): void
    {
        $attempt = self::attempt($case);
        $row = bpjs_audit_record($attempt, $case['options'] ?? null);
        $number = bpjs_result_number($attempt['decoded'] ?? null);
        if ($row['status'] === 'success') {
            $this->assertSame($row['result_number'], $number);
            if (array_key_exists('result_number', $case['expected'])) {
                $this->assertSame($case['expected']['result_number'], $number);
            }
        } else {
            $this->assertNull($row['result_number'], 'a failed attempt names no number');
        }
    }

    public function testResultNumberShapes(): void
    {
        $this->assertSame(
            '0301U0011126Y000123',
            bpjs_result_number(['response' => ['field' => 'noKunjungan', 'message' => '0301U0011126Y000123']]),
        );
        $this->assertSame(
            'A001',
            bpjs_result_number([
                'metaData' => ['code' => 412],
                'response' => ['field' => 'noUrut', 'message' => 'A001'],
            ]),
        );
        $this->assertSame(
            '0301R0011124V000123',
            bpjs_result_number(['response' => ['sep' => ['noSep' => '0301R0011124V000123']]]),
        );
        $this->assertSame('K1', bpjs_result_number(['response' => ['list' => [['noKunjungan' => 'K1']]]]));
        $this->assertSame(
            'K2',
            bpjs_result_number(json_decode('{"response":{"noKunjungan":"K2"}}')),
            'stdClass read as an object',
        );
        $this->assertNull(bpjs_result_number(['response' => ['field' => 'kdPoli', 'message' => 'x']]));
        $this->assertNull(bpjs_result_number(['noSep' => 'outside response']));
        $this->assertNull(bpjs_result_number('0301R0011124V000123'));
        $this->assertNull(bpjs_result_number(null));
        $this->assertSame('config', self::kindOf(fn () => bpjs_result_number(['response' => NAN])));
    }

    public function testRedactEndpointOptions(): void
    {
        $this->assertSame(
            'peserta/*********7890?user_key=[redacted]',
            bpjs_redact_endpoint('peserta/0001234567890?user_key=abc'),
        );
        $this->assertSame('peserta/*******567890', bpjs_redact_endpoint('peserta/0001234567890', ['keep_last' => 6]));
        $this->assertSame(
            'ref/[redacted]/x',
            bpjs_redact_endpoint('ref/simSecret2026/x', ['secret_values' => ['simSecret2026']]),
        );
        // Bytes that are not UTF-8 are read as bpjs_audit_record reads them.
        $endpoint = "poli/caf\xe9/0001234567890";
        $this->assertSame("poli/caf\u{FFFD}/*********7890", bpjs_redact_endpoint($endpoint));
        $this->assertSame(
            bpjs_audit_record(
                ['method' => 'GET', 'endpoint' => $endpoint, 'correlation_id' => 'c'],
                ['hash_key' => 'host-api-test-key-01'],
            )['endpoint'],
            bpjs_redact_endpoint($endpoint),
        );
        try {
            bpjs_redact_endpoint('peserta/0001234567890', ['secret_values' => 'simSecret2026']);
            $this->fail('no config error');
        } catch (BpjsCodecException $e) {
            $this->assertSame('config', $e->getKind());
            $this->assertStringNotContainsString('simSecret2026', $e->getMessage());
        }
    }
}
