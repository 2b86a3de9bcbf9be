<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Hardening;

use BpjsCodec\Tests\Support\Vectors;
use BpjsCodecException;
use PHPUnit\Framework\TestCase;
use TypeError;

/**
 * A seeded random loop over every public bpjs_* function: random envelopes,
 * strings, bytes, arrays and PHP values. What may come out: a result of the
 * documented type, a BpjsCodecException with a documented kind, or a TypeError
 * exactly when an argument had the wrong PHP type for a typed parameter (or
 * was not UTF-8 where the function takes text). Never another exception, a
 * fatal error, or a call slower than a few seconds.
 *
 * BPJS_PROPERTY_SEED replays a run; BPJS_PROPERTY_ITERATIONS (default 3000)
 * sets its length. The seed is printed at the start, in every failure and,
 * should the process die of a fatal error, by a shutdown function.
 */
final class PropertyTest extends TestCase
{
    private const KINDS = ['base64', 'cipher_length', 'padding', 'lz_empty', 'lz_invalid_char', 'lz_truncated',
        'lz_corrupt', 'output_limit', 'json', 'config'];
    private const CONS_ID = '31337';
    private const SECRET = 'S3cr3t-never-shown';
    private const TS = '1732406400';
    private const HASH_KEY = 'property-test-hash-key';
    private const SLOW_SECONDS = 5.0;
    private const SERVICES = [
        'vclaim',
        'antreanrs',
        'antreanfktp',
        'pcare',
        'icare-fktp',
        'icare-fkrtl',
        'apotek',
        'aplicares',
    ];

    private static int $seed = 0;
    private static ?string $current = null;
    /** @var resource */
    private static $stream;

    /** Whether the argument being built was of a wrong PHP type (TypeError allowed). */
    private bool $wrongType = false;

    public static function setUpBeforeClass(): void
    {
        $env = getenv('BPJS_PROPERTY_SEED');
        self::$seed = ($env !== false && $env !== '') ? (int) $env : random_int(1, PHP_INT_MAX);
        self::$stream = fopen('php://memory', 'r');
        register_shutdown_function(function (): void {
            if (self::$current !== null) {
                fwrite(
                    STDERR,
                    "\n[property] process ended inside " . self::$current
                        . '; replay with BPJS_PROPERTY_SEED=' . self::$seed . "\n",
                );
            }
        });
    }

    private static function iterations(): int
    {
        $env = getenv('BPJS_PROPERTY_ITERATIONS');
        return ($env !== false && $env !== '') ? max(1, (int) $env) : 3000;
    }

    // ------------------------------------------------------------ generators

    private static function pick(array $items)
    {
        return $items[mt_rand(0, count($items) - 1)];
    }

    private static function bytes(int $max): string
    {
        $out = '';
        for ($i = mt_rand(0, $max); $i > 0; $i--) {
            $out .= chr(mt_rand(0, 255));
        }
        return $out;
    }

    private static function fromAlphabet(string $alphabet, int $max): string
    {
        $out = '';
        for ($i = mt_rand(0, $max); $i > 0; $i--) {
            $out .= $alphabet[mt_rand(0, strlen($alphabet) - 1)];
        }
        return $out;
    }

    private static function mutate(string $text): string
    {
        if ($text === '') {
            return $text;
        }
        switch (mt_rand(0, 4)) {
            case 0:
                return substr($text, 0, mt_rand(0, strlen($text)));
            case 1:
                $text[mt_rand(0, strlen($text) - 1)] = chr(mt_rand(0, 255));
                return $text;
            case 2:
                $at = mt_rand(0, strlen($text));
                return substr($text, 0, $at) . self::bytes(8) . substr($text, $at);
            case 3:
                return $text . $text;
            default:
                return chunk_split($text, mt_rand(1, 80), self::pick(["\n", "\r\n", ' ', "\t"]));
        }
    }

    /** UTF-8 text (a random JSON document or text), or null for "not needed". */
    private static function text(int $max = 60): string
    {
        $parts = ['é', '🏥', '𝕏', 'a', 'Z', ' ', "\u{FFFD}", "\0", '"', '\\', '{', '}', '[', ']', ':', ',', '0', '-',
            'noKartu', 'metaData', 'response', 'code', "\u{D7FF}", "\u{E000}", "\n"];
        $out = '';
        for ($i = mt_rand(0, $max); $i > 0; $i--) {
            $out .= self::pick($parts);
        }
        return $out;
    }

    private static function ciphertext(): string
    {
        $plain = mt_rand(0, 2) === 0 ? self::text() : json_encode(
            self::jsonValue(3),
            JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION,
        );
        $secret = mt_rand(0, 3) === 0 ? 'other-secret' : self::SECRET;
        $ts = mt_rand(0, 5) === 0 ? '1732406401' : self::TS;
        $ct = bpjs_compress_and_encrypt(self::CONS_ID, $secret, $ts, (string) $plain);
        return mt_rand(0, 2) === 0 ? self::mutate($ct) : $ct;
    }

    /** A random string of one of many shapes, any bytes. */
    private static function str(): string
    {
        switch (mt_rand(0, 10)) {
            case 0:
                return '';
            case 1:
                return self::bytes(64);
            case 2:
                return self::fromAlphabet(' !"#%&\'()*,./:;<=>?@[]^_`{|}~abcXYZ019', 64);
            case 3:
                return self::fromAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$', 300);
            case 4:
                return self::fromAlphabet("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \n", 300);
            case 5:
                return self::text();
            case 6:
                return self::ciphertext();
            case 7:
                return self::pick([
                    '0',
                    '1',
                    '-1',
                    '1732406400',
                    '17324064001732406400',
                    '9223372036854775808',
                    '1.5',
                    ' 1',
                    '1e3',
                ]);
            case 8:
                return self::envelope();
            case 9:
                return self::pick(array_merge(
                    self::SERVICES,
                    self::KINDS,
                    ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'get', 'timeout', 'connection'],
                ));
            default:
                return self::mutate(self::text(20));
        }
    }

    /** A JSON-representable value (what json_decode(..., true) could give). */
    private static function jsonValue(int $depth)
    {
        $choice = mt_rand(0, $depth > 0 ? 9 : 6);
        switch ($choice) {
            case 0:
                return null;
            case 1:
                return (bool) mt_rand(0, 1);
            case 2:
                return self::pick([0, -1, 1, 201, 412, PHP_INT_MAX, PHP_INT_MIN, mt_rand()]);
            case 3:
                return self::pick([0.0, -0.0, 65.0, 36.5, 1e300, -2.5e-8, 0.1 + 0.2]);
            case 4:
            case 5:
                return self::text(20);
            case 6:
                return self::pick(['0001234567890', '3171234567890001', '2026/11/24/000001', 'OK', 'CREATED']);
            case 7:
                $list = [];
                for ($i = mt_rand(0, 4); $i > 0; $i--) {
                    $list[] = self::jsonValue($depth - 1);
                }
                return $list;
            default:
                $keys = ['noKartu', 'nik', 'password', 'user_key', 'X-signature', 'metaData', 'metadata', 'code',
                    'Code', 'message', 'response', 'noRawat', 'no_rawat', 'field', 'noKunjungan', 'list', '', '0',
                    '7', 'é🏥'];
                $object = [];
                for ($i = mt_rand(0, 5); $i > 0; $i--) {
                    $object[self::pick($keys)] = self::jsonValue($depth - 1);
                }
                return $object;
        }
    }

    /** Any PHP value, JSON or not (NaN, objects, resources, references, recursion). */
    private static function anyValue(int $depth)
    {
        switch (mt_rand(0, 12)) {
            case 0:
                return NAN;
            case 1:
                return self::pick([INF, -INF]);
            case 2:
                return new \DateTimeImmutable('@' . mt_rand(0, 2000000000));
            case 3:
                return fn () => 1;
            case 4:
                return self::$stream;
            case 5:
                $object = new \stdClass();
                $object->{self::pick(['a', 'noKartu', '0', ''])} = self::jsonValue(1);
                return $object;
            case 6:
                $self = ['a' => 1];
                $self['self'] = &$self;
                return $self;
            case 7:
                return self::bytes(16);
            case 8:
                $value = self::jsonValue(1);
                $array = ['r' => &$value, 5 => 'five', "\xff" => 'not utf-8 key'];
                return $array;
            default:
                return self::jsonValue($depth);
        }
    }

    private static function envelope(): string
    {
        $key = self::pick(['metaData', 'metadata', 'MetaData']);
        $code = self::pick([200, '200', 1, 201, '201', 412, 'x', null, 1.5, []]);
        $response = self::pick([
            fn () => self::ciphertext(), fn () => self::ciphertext(), fn () => self::str(), fn () => self::jsonValue(2),
            fn () => null, fn () => '0301R0011126V000123', fn () => self::fromAlphabet('ABCDEFGHabcdefgh0123+/', 64),
        ])();
        $document = mt_rand(0, 1) ? [$key => ['code' => $code, 'message' => self::text(8)], 'response' => $response]
            : ['response' => $response, $key => ['Code' => $code]];
        $json = json_encode(
            $document,
            JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE | JSON_PARTIAL_OUTPUT_ON_ERROR,
        );
        return mt_rand(0, 4) === 0 ? self::mutate((string) $json) : (string) $json;
    }

    // ------------------------------------------------------------ typed arguments

    /** A `string` argument: usually a string; sometimes another type or non-UTF-8 text (TypeError allowed). */
    private function textArg(bool $utf8Only = true)
    {
        if (mt_rand(0, 15) === 0) {
            $this->wrongType = true;
            return self::pick([null, 42, 1.5, [], true]);
        }
        $value = self::str();
        if ($utf8Only && !mb_check_encoding($value, 'UTF-8')) {
            $this->wrongType = true;
        }
        return $value;
    }

    /** A `string` argument that may hold any bytes (the binary ones: ciphertext, body, lz text). */
    private function bytesArg()
    {
        return $this->textArg(false);
    }

    private function timestampArg()
    {
        // mixed: wrong types are config errors, not TypeErrors.
        return self::pick([self::TS, (int) self::TS, self::str(), -1, 0, PHP_INT_MAX, 1.5, null, [], '']);
    }

    private function maxOutputArg()
    {
        if (mt_rand(0, 15) === 0) {
            $this->wrongType = true;
            return self::pick(['10', 1.5, []]);
        }
        return self::pick([null, null, null, 0, 1, 16, 1000, -1, PHP_INT_MIN, PHP_INT_MAX, 1 << 20]);
    }

    private function arrayArg(bool $nullable)
    {
        if (mt_rand(0, 15) === 0) {
            $value = self::pick(['x', 1, 1.5, true, new \stdClass(), ...($nullable ? [] : [null])]);
            $this->wrongType = true;
            return $value;
        }
        return $nullable && mt_rand(0, 2) === 0 ? null : self::randomArray();
    }

    /** Arrays shaped like the real arguments (known keys, right or wrong value types) or anything at all. */
    private static function randomArray(): array
    {
        $keys = self::pick([
            ['cons_id', 'secret', 'user_key', 'username', 'password', 'app_code'],
            ['service', 'method', 'endpoint', 'request_payload', 'http_status', 'response_body_raw', 'decoded',
                'error_kind', 'error_message', 'transport_error', 'duration_ms', 'correlation_id', 'triggered_by',
                'no_rawat'],
            ['secret_fields', 'identifier_fields', 'extra_secret_fields', 'extra_identifier_fields', 'keep_last',
                'secret_values', 'max_stored_bytes', 'hash_key'],
            ['status', 'method', 'attempts', 'next_attempt_at', 'result_number', 'last_http_status', 'last_meta_code',
                'last_error', 'by', 'outcome', 'record', 'now'],
            ['service', 'method', 'endpoint', 'payload', 'result_number', 'services', 'logged_success',
                'accepted_no_kunjungan', 'secret_values'],
            ['noSep', 'jnsPelayanan', 'bulan', 'tahun', 'bundle', 'deadline_secs', 'margin_secs', 'window_secs'],
            [
                'http_status',
                'transport',
                'error_kind',
                'attempt',
                'method',
                'marked_safe',
                'max_attempts',
                'schedule_secs',
            ],
            ['unknownKey', 'correlationId', '0'],
        ]);
        $array = [];
        foreach ($keys as $key) {
            if (mt_rand(0, 2) > 0) {
                $array[$key] = mt_rand(0, 5) === 0 ? self::anyValue(2) : self::pick([
                    fn () => self::str(), fn () => self::jsonValue(2), fn () => [self::str(), self::str()],
                    fn () => self::pick([
                        'GET',
                        'POST',
                        'pcare',
                        'vclaim',
                        'c-1',
                        'timeout',
                        'padding',
                        500,
                        201,
                        1,
                        true,
                    ]),
                ])();
            }
        }
        return mt_rand(0, 6) === 0 ? (array) self::jsonValue(2) : $array;
    }

    /** Mostly valid arguments with a few wrong keys or values: the paths past validation get exercised. */
    private function nearlyValid(array $valid, array $optional): array
    {
        $array = $valid;
        foreach ($optional as $key => $make) {
            if (mt_rand(0, 2) === 0) {
                $array[$key] = $make();
            }
        }
        if (mt_rand(0, 9) === 0) {
            $array[self::pick(array_merge(array_keys($valid), array_keys($optional), ['unknown']))] = self::anyValue(2);
        }
        return $array;
    }

    private function credentialsArg()
    {
        if (mt_rand(0, 3) === 0) {
            return $this->arrayArg(false);
        }
        return $this->nearlyValid(
            ['cons_id' => self::CONS_ID, 'secret' => self::SECRET, 'user_key' => 'uk-' . mt_rand()],
            [
                'username' => fn () => self::pick(['dokter', '', self::text(8)]),
                'password' => fn () => self::pick(['p@ss', self::text(8)]),
                'app_code' => fn () => self::pick(['095', null, '', 7]),
                'cons_id' => fn () => self::pick([31337, '', null, self::str()]),
            ]
        );
    }

    private function attemptArg()
    {
        if (mt_rand(0, 3) === 0) {
            return $this->arrayArg(false);
        }
        return $this->nearlyValid([
            'method' => self::pick(['GET', 'POST', 'PUT', 'DELETE']),
            'endpoint' => self::pick(['kunjungan', 'dokter/0/10', self::text(20)]),
            'correlation_id' => 'c-' . mt_rand(),
        ], [
            'service' => fn () => self::pick(self::SERVICES),
            'http_status' => fn () => self::pick([200, 201, 404, 500, 503, 0, 999]),
            'request_payload' => fn () => mt_rand(0, 1) ? self::jsonValue(3) : json_encode(self::jsonValue(3)),
            'response_body_raw' => fn () => mt_rand(0, 1) ? self::envelope() : self::text(),
            'decoded' => fn () => self::jsonValue(3), 'duration_ms' => fn () => mt_rand(0, 100000),
            'error_kind' => fn () => self::pick(self::KINDS), 'transport_error' => fn () => self::text(10),
            'triggered_by' => fn () => self::text(10),
            'no_rawat' => fn () => self::pick(['2026/11/24/000001', self::text(10)]),
        ]);
    }

    private function redactOptionsArg()
    {
        if (mt_rand(0, 3) === 0) {
            return $this->arrayArg(true);
        }
        $strings = fn () => array_map(
            fn () => self::pick(['noKartu', 'nik', 'password', self::SECRET, self::text(6), 'abc']),
            range(0, mt_rand(0, 3)),
        );
        return $this->nearlyValid([], [
            'secret_fields' => $strings, 'identifier_fields' => $strings, 'extra_secret_fields' => $strings,
            'extra_identifier_fields' => $strings, 'secret_values' => $strings, 'keep_last' => fn () => mt_rand(0, 70),
            'max_stored_bytes' => fn () => self::pick([0, 1, 64, 100, 65536]),
        ]);
    }

    /** bpjs_audit_record's options: the redaction options, mostly with a hash_key. */
    private function recordOptionsArg()
    {
        $options = $this->redactOptionsArg();
        if (is_array($options) && mt_rand(0, 4) > 0) {
            $options['hash_key'] = self::pick([self::HASH_KEY, self::HASH_KEY, '', 'short', self::str()]);
        }
        return $options;
    }

    /** A send row: null, a plausible one, or anything. */
    private function sendRowArg(bool $nullable)
    {
        if (mt_rand(0, 3) === 0) {
            return $this->arrayArg($nullable);
        }
        if ($nullable && mt_rand(0, 3) === 0) {
            return null;
        }
        return $this->nearlyValid([
            'status' => self::pick(['failed', 'sending', 'sent']),
            'method' => self::pick(['POST', 'PUT', 'DELETE']),
        ], [
            'attempts' => fn () => mt_rand(0, 9), 'next_attempt_at' => fn () => self::pick([null, 1795000000]),
            'result_number' => fn () => self::pick([null, '0301U001']), 'last_http_status' => fn () => 503,
            'last_meta_code' => fn () => self::pick([null, 412]), 'last_error' => fn () => self::text(20),
        ]);
    }

    /** A send or resend attempt, its record from bpjs_audit_record when one can be built. */
    private function sendAttemptArg(bool $withBy)
    {
        if (mt_rand(0, 3) === 0) {
            return $this->arrayArg(false);
        }
        $outcome = self::pick(['answered', 'answered', 'interrupted', 'not_sent']);
        $valid = ['outcome' => $outcome, 'now' => 1795000000];
        if ($withBy) {
            $valid += ['by' => self::pick(['send', 'resend']), 'method' => self::pick(['POST', 'PUT', 'GET'])];
        }
        if ($outcome === 'answered') {
            $valid['record'] = [
                'status' => self::pick(['success', 'failed']), 'http_status' => self::pick([200, 201, 412, 503]),
                'meta_code' => self::pick([null, 200, 201, 412]), 'meta_message' => self::text(20),
                'error_kind' => self::pick([null, 'padding']), 'result_number' => self::pick([null, '0301U001']),
            ];
        }
        return $this->nearlyValid($valid, ['http_status' => fn () => self::pick([null, 503])]);
    }

    /** A stored resend row, its payload JSON text or not. */
    private function resendRowArg()
    {
        if (mt_rand(0, 3) === 0) {
            return $this->arrayArg(false);
        }
        return $this->nearlyValid([
            'service' => self::pick(['pcare', 'vclaim', null]),
            'method' => self::pick(['POST', 'PUT', 'DELETE']),
            'endpoint' => self::pick(['kunjungan', 'peserta/0001234567890', self::text(20)]),
            'payload' => self::pick([json_encode(self::jsonValue(3)), self::text(40), null,
                '[unredactable: not JSON, 12 bytes]']),
        ], ['result_number' => fn () => self::pick([null, '0301U001'])]);
    }

    private function resendContextArg()
    {
        if (mt_rand(0, 3) === 0) {
            return $this->arrayArg(true);
        }
        return $this->nearlyValid([], [
            'services' => fn () => self::pick([['pcare'], ['vclaim', 'pcare'], [], ['x']]),
            'logged_success' => fn () => self::pick([null, ['http_status' => 200, 'meta_code' => 201,
                'response_body_json' => '{"response":{"field":"noKunjungan","message":"K1"}}']]),
            'accepted_no_kunjungan' => fn () => self::pick([null, '0301U0011126Y000123']),
            'secret_values' => fn () => [self::SECRET],
        ]);
    }

    /** Fields of an eRM insert, as an array or its JSON text, mostly valid. */
    private function medicalRecordFieldsArg()
    {
        if (mt_rand(0, 3) === 0) {
            return mt_rand(0, 1) ? $this->arrayArg(false) : $this->textArg();
        }
        $fields = $this->nearlyValid([
            'noSep' => self::pick(['0301R0011124V000123', self::text(19)]),
            'jnsPelayanan' => self::pick(['1', '2', 2, '3']),
            'bulan' => self::pick(['11', 1, '13']),
            'tahun' => self::pick(['2024', 2024, '24']),
            'bundle' => self::pick([['resourceType' => 'Bundle', 'entry' => []],
                '{"resourceType":"Bundle","type":"document"}', self::text(20)]),
        ], []);
        return mt_rand(0, 3) === 0 ? json_encode($fields) : $fields;
    }

    private function retryArg()
    {
        if (mt_rand(0, 3) === 0) {
            return $this->arrayArg(false);
        }
        $outcome = mt_rand(0, 2) ? ['http_status' => self::pick([200, 201, 404, 429, 500, 502, 503, 599])]
            : ['transport' => self::pick(['timeout', 'connection'])];
        return $this->nearlyValid(
            $outcome + ['attempt' => mt_rand(1, 6), 'method' => self::pick(['GET', 'POST', 'PUT', 'DELETE'])],
            ['marked_safe' => fn () => (bool) mt_rand(0, 1), 'error_kind' => fn () => self::pick(self::KINDS)]
        );
    }

    private function policyArg()
    {
        if (mt_rand(0, 3) === 0) {
            return $this->arrayArg(true);
        }
        return $this->nearlyValid([], ['max_attempts' => fn () => mt_rand(0, 101),
            'schedule_secs' => fn () => array_map(fn () => mt_rand(0, 3600), range(0, mt_rand(0, 3)))]);
    }

    // ------------------------------------------------------------ the loop

    /** @return array{string, callable, callable} name, call, check of the result */
    private function randomCall(): array
    {
        $this->wrongType = false;
        $which = mt_rand(0, 32);
        switch ($which) {
            case 0:
                $args = [mt_rand(0, 3) ? self::pick(self::SERVICES) : $this->textArg(), $this->credentialsArg(),
                    $this->timestampArg(), mt_rand(0, 1) ? null : $this->textArg(),
                    mt_rand(0, 1) ? null : $this->textArg()];
                return ['bpjs_build_headers', fn () => bpjs_build_headers(...$args), function ($r): void {
                    $this->assertIsArray($r);
                    $this->assertArrayHasKey('X-timestamp', $r);
                    foreach ($r as $name => $value) {
                        $this->assertIsString($value, (string) $name);
                    }
                }];
            case 1:
                $args = [$this->textArg(), $this->textArg(), $this->timestampArg()];
                return ['bpjs_signature', fn () => bpjs_signature(...$args), function ($r): void {
                    $this->assertMatchesRegularExpression('~^[A-Za-z0-9+/]{43}=$~', $r);
                }];
            case 2:
                $args = mt_rand(0, 1) ? [
                    self::CONS_ID . self::SECRET . self::TS,
                    self::ciphertext(),
                ] : [$this->textArg(), $this->bytesArg()];
                return ['bpjs_decrypt', fn () => bpjs_decrypt(...$args), fn ($r) => $this->assertIsString($r)];
            case 3:
                $lzAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
                $args = [
                    mt_rand(0, 1) ? self::fromAlphabet($lzAlphabet, 400) : $this->bytesArg(),
                    $this->maxOutputArg(),
                ];
                return ['bpjs_lz_decompress', fn () => bpjs_lz_decompress(...$args), function ($r): void {
                    $this->assertIsString($r);
                    $this->assertTrue(mb_check_encoding($r, 'UTF-8'), 'decompressed text is UTF-8');
                }];
            case 4:
                $args = [
                    mt_rand(0, 3) ? self::CONS_ID : $this->textArg(), mt_rand(0, 3) ? self::SECRET : $this->textArg(),
                    $this->timestampArg(), mt_rand(0, 2) ? self::ciphertext() : $this->bytesArg(),
                    $this->maxOutputArg(),
                ];
                return [
                    'bpjs_decrypt_and_decompress',
                    fn () => bpjs_decrypt_and_decompress(...$args),
                    fn ($r) => $this->assertIsString($r),
                ];
            case 5:
                $args = [
                    mt_rand(0, 3) ? self::CONS_ID : $this->textArg(), mt_rand(0, 3) ? self::SECRET : $this->textArg(),
                    mt_rand(0, 2) ? self::TS : $this->timestampArg(),
                    mt_rand(0, 2) ? self::envelope() : $this->bytesArg(), $this->maxOutputArg(),
                ];
                $call = fn () => bpjs_process_wrapper(...$args);
                return ['bpjs_process_wrapper', $call, function ($r) use ($args): void {
                    $this->assertTrue(is_array($r) || is_string($r) || is_scalar($r) || $r === null);
                    $notJson = is_string($args[3]) && json_decode($args[3]) === null
                        && json_last_error() !== JSON_ERROR_NONE;
                    if ($notJson) {
                        // Not JSON (for PHP either): the body comes back as it was.
                        $this->assertSame($args[3], $r);
                    }
                }];
            case 6:
                $arg = mt_rand(0, 1) ? self::anyValue(3) : (mt_rand(0, 1) ? self::envelope() : self::str());
                return ['bpjs_metadata', fn () => bpjs_metadata($arg), function ($r): void {
                    $this->assertSame(['code', 'message', 'ok'], array_keys($r));
                    $this->assertTrue($r['code'] === null || is_int($r['code']));
                    $this->assertIsBool($r['ok']);
                }];
            case 7:
                $text = mt_rand(0, 3) ? self::text(200) : $this->textArg();
                $args = [self::CONS_ID, self::SECRET, mt_rand(0, 3) ? self::TS : $this->timestampArg(), $text];
                $call = fn () => bpjs_compress_and_encrypt(...$args);
                return ['bpjs_compress_and_encrypt', $call, function ($r) use ($args): void {
                    $this->assertIsString($r);
                    $ts = is_int($args[2]) ? (string) $args[2] : $args[2];
                    $this->assertSame(
                        $args[3],
                        bpjs_decrypt_and_decompress(self::CONS_ID, self::SECRET, $ts, $r),
                        'round trip',
                    );
                }];
            case 8:
                $args = [$this->attemptArg(), $this->recordOptionsArg()];
                return ['bpjs_audit_record', fn () => bpjs_audit_record(...$args), function ($r): void {
                    $this->assertSame(Vectors::audit()['columns'], array_keys($r));
                    $this->assertContains($r['status'], ['success', 'failed']);
                }];
            case 9:
                $args = [self::anyValue(3), $this->redactOptionsArg()];
                return ['bpjs_redact', fn () => bpjs_redact(...$args), fn ($r) => $this->assertTrue(true)];
            case 10:
                $value = self::anyValue(4);
                $key = mt_rand(0, 5) ? self::HASH_KEY : $this->textArg();
                $call = fn () => bpjs_payload_hash($value, $key);
                return ['bpjs_payload_hash', $call, function ($r) use ($value, $key): void {
                    $this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/', $r);
                    $this->assertSame(hash_hmac('sha256', bpjs_canonical_json($value), $key), $r);
                }];
            case 11:
                $value = self::anyValue(4);
                return ['bpjs_canonical_json', fn () => bpjs_canonical_json($value), function ($r): void {
                    json_decode($r, false, 512, JSON_THROW_ON_ERROR);
                    $this->assertStringNotContainsString("\n", $r);
                }];
            case 12:
                $args = [$this->textArg(), $this->textArg(), mt_rand(0, 1) ? null : $this->textArg()];
                return ['bpjs_authorization', fn () => bpjs_authorization(...$args), function ($r): void {
                    $this->assertStringStartsWith('Basic ', $r);
                    $this->assertNotFalse(base64_decode(substr($r, 6), true));
                }];
            case 13:
                $known = ['X-signature', 'user_key', 'Accept', 'AUTHORIZATION'];
                $name = mt_rand(0, 1) ? self::pick($known) : $this->textArg();
                return ['bpjs_is_sensitive_header', fn () => bpjs_is_sensitive_header($name), function ($r): void {
                    $this->assertIsBool($r);
                }];
            case 14:
                $text = mt_rand(0, 1) ? self::text(200) : $this->textArg();
                return ['bpjs_lz_compress', fn () => bpjs_lz_compress($text), function ($r) use ($text): void {
                    $this->assertSame($text, bpjs_lz_decompress($r), 'round trip');
                }];
            case 15:
                $args = [
                    mt_rand(0, 3) ? self::CONS_ID : $this->textArg(), mt_rand(0, 3) ? self::SECRET : $this->textArg(),
                    mt_rand(0, 2) ? self::ciphertext() : $this->bytesArg(), $this->timestampArg(),
                    self::pick([null, 0, 1, 5, -1, 7 * 24 * 3600 + 1, '5', 1.5]),
                ];
                if (!is_int($args[4]) && $args[4] !== null) {
                    $this->wrongType = true;
                }
                return ['bpjs_find_timestamp', fn () => bpjs_find_timestamp(...$args), function ($r): void {
                    $this->assertTrue($r === null || ctype_digit($r));
                }];
            case 16:
                $url = mt_rand(0, 1)
                    ? 'https://apijkn.bpjs-kesehatan.go.id/' . self::pick(['vclaim-rest', 'x'])
                    : $this->textArg();
                return ['bpjs_service_from_url', fn () => bpjs_service_from_url($url), function ($r): void {
                    $this->assertTrue($r === null || in_array($r, self::SERVICES, true));
                }];
            case 17:
                $args = [mt_rand(0, 1) ? self::pick(self::SERVICES) : $this->textArg(), (bool) mt_rand(0, 1)];
                return ['bpjs_service_path', fn () => bpjs_service_path(...$args), function ($r) use ($args): void {
                    $this->assertSame($args[0], bpjs_service_from_url('https://h/' . $r));
                }];
            case 18:
                $args = [mt_rand(0, 1) ? 'peserta/nokartu/0001234567890?user_key=' . self::str() : $this->bytesArg(),
                    $this->redactOptionsArg()];
                $call = fn () => bpjs_redact_endpoint(...$args);
                return ['bpjs_redact_endpoint', $call, function ($r) use ($args): void {
                    $this->assertIsString($r);
                    if ($args[1] === null || $args[1] === []) {
                        $this->assertStringNotContainsString('0001234567890', $r, 'default options mask the card');
                    }
                }];
            case 19:
                $value = mt_rand(0, 1) ? ['response' => self::anyValue(3)] : self::anyValue(4);
                return ['bpjs_result_number', fn () => bpjs_result_number($value), function ($r): void {
                    $this->assertTrue($r === null || is_string($r));
                }];
            case 20:
                $args = [$this->retryArg(), $this->policyArg()];
                return ['bpjs_retry_decision', fn () => bpjs_retry_decision(...$args), function ($r): void {
                    $this->assertSame(['retry', 'delay_secs', 'reason'], array_keys($r));
                    $this->assertIsBool($r['retry']);
                    $this->assertIsInt($r['delay_secs']);
                }];
            case 21:
                $secret = mt_rand(0, 3) ? self::SECRET : $this->textArg();
                return ['bpjs_derive_hash_key', fn () => bpjs_derive_hash_key($secret), function ($r): void {
                    $this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/', $r);
                }];
            case 22:
                $args = [$this->sendRowArg(true), $this->sendAttemptArg(true), $this->policyArg()];
                return ['bpjs_send_state', fn () => bpjs_send_state(...$args), function ($r): void {
                    $this->assertContains($r['write'], ['insert', 'update', 'none']);
                    $this->assertIsString($r['reason']);
                }];
            case 23:
                $args = [$this->resendRowArg(), $this->resendContextArg()];
                return ['bpjs_resend_plan', fn () => bpjs_resend_plan(...$args), function ($r): void {
                    $this->assertContains($r['action'], ['already_sent', 'send', 'refuse']);
                    $this->assertStringNotContainsString('0001234567890', $r['shown_endpoint']);
                    $this->assertStringNotContainsString(self::SECRET, json_encode($r));
                }];
            case 24:
                $plan = mt_rand(0, 3) ? ['action' => 'send', 'result' => null, 'method' => 'PUT',
                    'endpoint' => 'kunjungan', 'body' => '{}', 'shown_endpoint' => 'kunjungan',
                    'switched_to' => self::pick([null, 'K1']), 'state' => null, 'reason' => 'r']
                    : $this->arrayArg(false);
                $args = [$this->sendRowArg(true), $plan, $this->sendAttemptArg(false), $this->policyArg()];
                return ['bpjs_resend_outcome', fn () => bpjs_resend_outcome(...$args), function ($r): void {
                    $this->assertContains($r['result'], ['sent', 'failed', 'not_sent']);
                    $this->assertIsArray($r['state']);
                }];
            case 25:
                $settings = mt_rand(0, 2) ? $this->nearlyValid([], [
                    'deadline_secs' => fn () => self::pick([0, 60, 86401, -1]), 'attempts' => fn () => mt_rand(0, 101),
                    'margin_secs' => fn () => mt_rand(0, 100), 'window_secs' => fn () => mt_rand(0, 1000),
                ]) : $this->arrayArg(true);
                return ['bpjs_stale_limits', fn () => bpjs_stale_limits($settings), function ($r): void {
                    $this->assertSame(['row_stale_secs', 'lock_stale_secs', 'window_secs'], array_keys($r));
                    $this->assertGreaterThan($r['row_stale_secs'], $r['lock_stale_secs'] + 1);
                }];
            case 26:
                $row = mt_rand(0, 1)
                    ? ['response_body_json' => self::pick([self::text(), json_encode(self::jsonValue(3)), null])]
                    : $this->arrayArg(false);
                return ['bpjs_logged_result_number', fn () => bpjs_logged_result_number($row), function ($r): void {
                    $this->assertTrue($r === null || is_string($r));
                }];
            case 27:
                return ['bpjs_catalogue', fn () => bpjs_catalogue(), function ($r): void {
                    $this->assertGreaterThan(100, count($r));
                }];
            case 28:
                $entry = self::pick(bpjs_catalogue());
                $params = [];
                foreach ($entry['params'] as $param) {
                    $params[$param['name']] = mt_rand(0, 4) ? $param['example'] : self::anyValue(1);
                }
                if ($entry['body'] !== null) {
                    $params['body'] = mt_rand(0, 4) ? ['a' => self::str()] : self::anyValue(2);
                }
                $args = [mt_rand(0, 5) ? $entry['service'] : $this->textArg(),
                    mt_rand(0, 5) ? $entry['name'] : $this->textArg(),
                    mt_rand(0, 5) ? $params : $this->arrayArg(false),
                    mt_rand(0, 1) ? null : $this->credentialsArg(), $this->timestampArg(),
                    mt_rand(0, 2) ? null : $this->textArg(), (bool) mt_rand(0, 1)];
                return ['bpjs_request', fn () => bpjs_request(...$args), function ($r): void {
                    $this->assertStringEndsWith($r['path'], $r['url']);
                }];
            case 29:
                $args = [self::CONS_ID, mt_rand(0, 3) ? self::SECRET : $this->textArg(),
                    mt_rand(0, 3) ? '0301R001' : $this->textArg(), $this->textArg()];
                $call = fn () => bpjs_encrypt_medical_record(...$args);
                return ['bpjs_encrypt_medical_record', $call, function ($r) use ($args): void {
                    $this->assertSame($args[3], bpjs_decrypt_medical_record(...[...array_slice($args, 0, 3), $r]));
                }];
            case 30:
                $dataMr = mt_rand(0, 1)
                    ? bpjs_encrypt_medical_record(self::CONS_ID, self::SECRET, '0301R001', self::text(100))
                    : $this->bytesArg();
                $args = [self::CONS_ID, self::SECRET, mt_rand(0, 3) ? '0301R001' : $this->textArg(),
                    mt_rand(0, 2) || !is_string($dataMr) ? $dataMr : self::mutate($dataMr), $this->maxOutputArg()];
                $call = fn () => bpjs_decrypt_medical_record(...$args);
                return ['bpjs_decrypt_medical_record', $call, fn ($r) => $this->assertIsString($r)];
            case 31:
                $args = [self::CONS_ID, self::SECRET, '0301R001', $this->medicalRecordFieldsArg()];
                $call = fn () => bpjs_build_medical_record_request(...$args);
                return ['bpjs_build_medical_record_request', $call, function ($r): void {
                    $this->assertSame(['request'], array_keys(json_decode($r, true, 512, JSON_THROW_ON_ERROR)));
                }];
            default:
                $response = mt_rand(0, 1) ? self::ciphertext() : $this->bytesArg();
                return ['bpjs_is_ciphertext', fn () => bpjs_is_ciphertext($response), function ($r): void {
                    $this->assertIsBool($r);
                }];
        }
    }

    public function testRandomInputsNeverEscapeTheDocumentedErrors(): void
    {
        $iterations = self::iterations();
        fwrite(
            STDERR,
            "\n[property] seed " . self::$seed . ", $iterations calls (BPJS_PROPERTY_SEED / BPJS_PROPERTY_ITERATIONS)",
        );
        mt_srand(self::$seed);
        $outcomes = [];
        for ($i = 0; $i < $iterations; $i++) {
            [$name, $call, $check] = $this->randomCall();
            $where = "$name, call $i, seed " . self::$seed;
            self::$current = $where;
            $started = hrtime(true);
            try {
                $result = $call();
                $outcome = 'ok';
            } catch (BpjsCodecException $e) {
                $this->assertContains($e->getKind(), self::KINDS, "$where: undocumented kind");
                $this->assertStringStartsWith($e->getKind() . ': ', $e->getMessage(), $where);
                $this->assertStringNotContainsString(self::SECRET, $e->getMessage(), $where);
                $outcome = $e->getKind();
            } catch (TypeError $e) {
                $this->assertTrue(
                    $this->wrongType,
                    "$where: TypeError for arguments of the right types: " . $e->getMessage(),
                );
                $outcome = 'TypeError';
            } catch (\Throwable $e) {
                $this->fail("$where: " . get_class($e) . ': ' . $e->getMessage());
            }
            $seconds = (hrtime(true) - $started) / 1e9;
            $this->assertLessThan(self::SLOW_SECONDS, $seconds, "$where: took {$seconds}s");
            if ($outcome === 'ok') {
                try {
                    $check($result);
                } catch (\Throwable $e) {
                    throw new \PHPUnit\Framework\AssertionFailedError("$where: " . $e->getMessage(), 0, $e);
                }
            }
            $outcomes[$name][$outcome] = ($outcomes[$name][$outcome] ?? 0) + 1;
        }
        self::$current = null;
        // The recursive arrays and objects made above are cycles only PHP's collector frees.
        gc_collect_cycles();
        ksort($outcomes);
        fwrite(STDERR, "\n[property] outcomes: " . implode('; ', array_map(
            fn ($name, $o) => substr($name, 5) . ' ' . implode(
                ' ',
                array_map(fn ($k, $n) => "$k=$n", array_keys($o), $o),
            ),
            array_keys($outcomes),
            $outcomes
        )));
        // The loop reached every function, and both success and error paths.
        $functions = array_keys((new \ReflectionExtension('bpjs_codec'))->getFunctions());
        sort($functions);
        $this->assertSame($functions, array_keys($outcomes), 'every function of the extension was called');
        $errors = array_sum(array_map(fn ($o) => array_sum($o) - ($o['ok'] ?? 0), $outcomes));
        $oks = array_sum(array_map(fn ($o) => $o['ok'] ?? 0, $outcomes));
        $this->assertGreaterThan(0, $errors);
        $this->assertGreaterThan(0, $oks);
    }
}
