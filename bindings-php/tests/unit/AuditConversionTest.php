<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Unit;

use BpjsCodecException;
use PHPUnit\Framework\TestCase;
use TypeError;

/**
 * How PHP values reach the audit functions (the vectors cover the rules
 * themselves): lists versus other arrays, int keys, floats, stdClass,
 * references, what is refused, and that no refused value is ever echoed.
 */
final class AuditConversionTest extends TestCase
{
    private const SECRET = 'S3cr3t-never-shown';
    /** The audit hash key (docs/audit.md: at least 16 bytes). */
    private const KEY = 'audit-conversion-key-0001';
    private const OPTIONS = ['hash_key' => self::KEY];

    private function configError(callable $call): BpjsCodecException
    {
        try {
            $call();
        } catch (BpjsCodecException $e) {
            $this->assertSame('config', $e->getKind());
            $this->assertStringStartsWith('config: ', $e->getMessage());
            return $e;
        }
        $this->fail('no BpjsCodecException');
    }

    public function testListsAreArraysAndOtherArraysAreObjects(): void
    {
        $this->assertSame('["a","b"]', bpjs_canonical_json(['a', 'b']));
        $this->assertSame('["a","b"]', bpjs_canonical_json([0 => 'a', 1 => 'b']));
        // Not in order 0..n-1: an object, int keys in decimal (sorted as text).
        $this->assertSame('{"0":"b","1":"a"}', bpjs_canonical_json([1 => 'a', 0 => 'b']));
        $this->assertSame('{"10":1,"9":2,"x":3}', bpjs_canonical_json([9 => 2, 10 => 1, 'x' => 3]));
        $list = ['a', 'b', 'c'];
        unset($list[1]);
        $this->assertSame('{"0":"a","2":"c"}', bpjs_canonical_json($list));
        $this->assertSame('{"-1":"n"}', bpjs_canonical_json([-1 => 'n']));
        // PHP stores "5" as the int key 5: it comes back as the text "5".
        $this->assertSame('{"5":"x","a":1}', bpjs_canonical_json(['5' => 'x', 'a' => 1]));
    }

    public function testEmptyArrayIsAListAndStdClassIsAnObject(): void
    {
        $this->assertSame('[]', bpjs_canonical_json([]));
        $this->assertSame('{}', bpjs_canonical_json(new \stdClass()));
        $this->assertSame('{"a":{},"b":[]}', bpjs_canonical_json(json_decode('{"b":[],"a":{}}')));
        $this->assertSame('{"a":[],"b":[]}', bpjs_canonical_json(json_decode('{"b":[],"a":{}}', true)));
        $this->assertSame(
            '{"0":1,"k":{"x":null}}',
            bpjs_canonical_json((object) ['k' => (object) ['x' => null], 0 => 1]),
        );
        // Hashes agree with json_encode's view of the same value.
        $value = ['noKartu' => '0001234567890', 'obat' => [['kd' => 'A', 'qty' => 2]], 'meta' => new \stdClass()];
        $this->assertSame(
            bpjs_payload_hash(json_decode(json_encode($value)), self::KEY),
            bpjs_payload_hash($value, self::KEY),
        );
    }

    public function testScalars(): void
    {
        $this->assertSame('[null,true,false,0,-42,"x",""]', bpjs_canonical_json([null, true, false, 0, -42, 'x', '']));
        $this->assertSame((string) PHP_INT_MAX, bpjs_canonical_json(PHP_INT_MAX));
        $this->assertSame((string) PHP_INT_MIN, bpjs_canonical_json(PHP_INT_MIN));
        $this->assertSame('"0301R0011124V000123"', bpjs_canonical_json('0301R0011124V000123'));
        $this->assertSame(
            hash_hmac('sha256', '"x"', self::KEY),
            bpjs_payload_hash('x', self::KEY),
            'a string is a JSON string, not parsed',
        );
        $this->assertSame(hash_hmac('sha256', 'null', self::KEY), bpjs_payload_hash(null, self::KEY));
    }

    public function testFloatsStayFloatsUntilCanonicalised(): void
    {
        $this->assertSame(
            '{"a":65,"b":65.5,"c":0.30000000000000004,"d":-0.25}',
            bpjs_canonical_json(['a' => 65.0, 'b' => 65.5, 'c' => 0.1 + 0.2, 'd' => -0.25])
        );
        $this->assertSame(
            bpjs_payload_hash(['beratBadan' => 65], self::KEY),
            bpjs_payload_hash(['beratBadan' => 65.0], self::KEY),
        );
        // redact() gives back what it got: 65.0 stays a float, 65 an int.
        $this->assertSame(['f' => 65.0, 'i' => 65, 's' => '65'], bpjs_redact(['f' => 65.0, 'i' => 65, 's' => '65']));
    }

    public function testNanAndInfinityAreRefused(): void
    {
        foreach ([NAN, INF, -INF] as $bad) {
            $e = $this->configError(fn () => bpjs_payload_hash(['suhu' => $bad], self::KEY));
            $this->assertStringContainsString('payload_hash value', $e->getMessage());
            $this->assertStringContainsString('NaN and infinity', $e->getMessage());
        }
        $this->configError(fn () => bpjs_canonical_json(NAN));
        $this->configError(fn () => bpjs_redact([[INF]]));
        $this->configError(fn () => bpjs_audit_record([
            'method' => 'GET',
            'endpoint' => 'x',
            'correlation_id' => 'c',
            'duration_ms' => NAN,
        ], self::OPTIONS));
        $this->configError(fn () => bpjs_retry_decision(
            ['http_status' => 500, 'attempt' => 1, 'method' => 'GET'],
            ['max_attempts' => INF],
        ));
    }

    public function testObjectsAndResourcesAreRefusedByClassNotValue(): void
    {
        $e = $this->configError(fn () => bpjs_canonical_json(['when' => new \DateTimeImmutable('2026-11-24')]));
        $this->assertStringContainsString('a DateTimeImmutable object is not a JSON value', $e->getMessage());
        $this->assertStringNotContainsString('2026', $e->getMessage());
        $e = $this->configError(fn () => bpjs_redact(['f' => fn () => self::SECRET]));
        $this->assertStringContainsString('Closure', $e->getMessage());
        $e = $this->configError(fn () => bpjs_payload_hash(new \ArrayObject(['a' => 1]), self::KEY));
        $this->assertStringContainsString('ArrayObject', $e->getMessage());
        $stream = fopen('php://memory', 'r');
        try {
            $e = $this->configError(fn () => bpjs_canonical_json(['body' => $stream]));
            $this->assertStringContainsString('a resource is not a JSON value', $e->getMessage());
        } finally {
            fclose($stream);
        }
        $closed = fopen('php://memory', 'r');
        fclose($closed);
        $this->configError(fn () => bpjs_canonical_json($closed));
    }

    public function testDepthIsBoundedAndRecursionStops(): void
    {
        $deep = 'x';
        for ($i = 0; $i < 128; $i++) {
            $deep = [$deep];
        }
        $this->assertSame(str_repeat('[', 128) . '"x"' . str_repeat(']', 128), bpjs_canonical_json($deep));
        // Redaction fails closed past 64 levels: a placeholder, never the value.
        $this->assertMatchesRegularExpression(
            '/^\[unredactable: nested deeper than 64 levels, \d+ bytes\]$/',
            bpjs_redact($deep),
        );
        $e = $this->configError(fn () => bpjs_canonical_json([$deep]));
        $this->assertStringContainsString('nested deeper than 128 levels', $e->getMessage());
        $this->configError(fn () => bpjs_canonical_json(['k' => $deep]));

        $self = ['noKartu' => '0001234567890'];
        $self['me'] = &$self;
        $this->configError(fn () => bpjs_redact($self));
        $this->configError(fn () => bpjs_payload_hash($self, self::KEY));
        $object = new \stdClass();
        $object->me = $object;
        $this->configError(fn () => bpjs_canonical_json($object));
        // bpjs_metadata stays lenient on a recursive array (it reads two levels).
        $this->assertSame(['code' => null, 'message' => null, 'ok' => false], bpjs_metadata($self));
        // Cycles only PHP's collector frees (else valgrind-php reports them at exit).
        unset($self['me'], $object->me);
        gc_collect_cycles();
    }

    public function testMetadataReadsArraysWithTheSameConverterLeniently(): void
    {
        // What the audit functions refuse is read as null by bpjs_metadata...
        $stream = fopen('php://memory', 'r');
        try {
            $envelope = ['metaData' => ['code' => 200, 'message' => 'OK'], 'nan' => NAN, 'io' => $stream,
                         'obj' => new \ArrayObject()];
            $this->assertSame(['code' => 200, 'message' => 'OK', 'ok' => true], bpjs_metadata($envelope));
            $this->configError(fn () => bpjs_canonical_json($envelope));
        } finally {
            fclose($stream);
        }
        $this->assertSame(
            ['code' => null, 'message' => 'OK', 'ok' => false],
            bpjs_metadata(['metaData' => ['code' => INF, 'message' => 'OK']])
        );
        // ...and everything else the same way: stdClass is an object, invalid UTF-8 becomes U+FFFD.
        $this->assertSame(
            ['code' => 201, 'message' => 'CREATED', 'ok' => false],
            bpjs_metadata(['metaData' => json_decode('{"code":201,"message":"CREATED"}')])
        );
        $this->assertSame(
            ['code' => 412, 'message' => "Gagal \u{FFFD}", 'ok' => false],
            bpjs_metadata(['metadata' => ['code' => '412', 'message' => "Gagal \xa0"]])
        );
    }

    public function testReferencesAreFollowed(): void
    {
        $code = 200;
        $envelope = ['metaData' => ['code' => &$code], 'list' => [1, 2]];
        $alias = &$envelope['list'];
        $this->assertSame('{"list":[1,2],"metaData":{"code":200}}', bpjs_canonical_json($envelope));
        $row = bpjs_audit_record([
            'method' => 'GET',
            'endpoint' => 'x',
            'correlation_id' => 'c',
            'http_status' => 200,
            'decoded' => $envelope,
        ], self::OPTIONS);
        $this->assertSame('success', $row['status']);
        $this->assertSame(200, $row['meta_code']);
    }

    public function testInvalidUtf8IsReplacedNotRefused(): void
    {
        $this->assertSame("\"caf\u{FFFD}\"", bpjs_canonical_json("caf\xe9"));
        $this->assertSame("{\"k\u{FFFD}\":1}", bpjs_canonical_json(["k\xff" => 1]));
        $row = bpjs_audit_record(['method' => 'GET', 'endpoint' => 'x', 'correlation_id' => 'c', 'http_status' => 503,
            'response_body_raw' => "<html>Layanan tidak tersedia \xa0</html>"], self::OPTIONS);
        $this->assertSame("<html>Layanan tidak tersedia \u{FFFD}</html>", $row['response_body_raw']);
        $this->assertSame('failed', $row['status']);
        // A key that is not UTF-8 is read the same way (also by bpjs_metadata).
        $this->assertSame(
            ['code' => 200, 'message' => null, 'ok' => true],
            bpjs_metadata(["\xff" => 1, 'metaData' => ['code' => 200]]),
        );
    }

    public function testOptionsArraysAreAlwaysObjects(): void
    {
        $value = ['noKartu' => '0001234567890', 'password' => 'x'];
        // [] is "no options", not an empty list the core would refuse.
        $this->assertSame(bpjs_redact($value), bpjs_redact($value, []));
        $this->assertSame(
            bpjs_retry_decision(['http_status' => 503, 'attempt' => 1, 'method' => 'GET']),
            bpjs_retry_decision(['http_status' => 503, 'attempt' => 1, 'method' => 'GET'], [])
        );
        // A list is read as keys "0", "1": unknown keys, named.
        $e = $this->configError(fn () => bpjs_redact($value, [self::SECRET]));
        $this->assertStringContainsString('unknown key "0"', $e->getMessage());
        $this->assertStringNotContainsString(self::SECRET, $e->getMessage());
        $e = $this->configError(fn () => bpjs_audit_record([], self::OPTIONS));
        $this->assertStringContainsString('method', $e->getMessage());
        $this->configError(fn () => bpjs_retry_decision(['x']));
    }

    public function testWrongPhpTypesAreTypeErrors(): void
    {
        $calls = [
            fn () => bpjs_audit_record('{"method":"GET"}'),
            fn () => bpjs_audit_record(['method' => 'GET'], 'options'),
            fn () => bpjs_redact([], 42),
            fn () => bpjs_retry_decision(null),
            fn () => bpjs_retry_decision([], new \stdClass()),
        ];
        foreach ($calls as $i => $call) {
            try {
                $call();
                $this->fail("call $i: no TypeError");
            } catch (TypeError $e) {
                $this->assertNotInstanceOf(BpjsCodecException::class, $e);
            }
        }
        $this->expectException(\ArgumentCountError::class);
        bpjs_payload_hash();
    }

    public function testSecretValuesAreScrubbedAndNeverEchoed(): void
    {
        $options = ['secret_values' => [self::SECRET, 'uk-never-shown-0123']];
        $redacted = bpjs_redact(
            ['note' => 'key=' . self::SECRET, self::SECRET => 1, 'n' => ['uk-never-shown-0123']],
            $options,
        );
        $this->assertStringNotContainsString(self::SECRET, json_encode($redacted));
        $this->assertStringNotContainsString('uk-never-shown-0123', json_encode($redacted));
        // Refused options never repeat a value they held (an unknown key is named: docs/audit.md).
        foreach (
            [['secret_values' => self::SECRET], ['secret_values' => [self::SECRET, NAN]],
            ['secret_values' => [self::SECRET, new \DateTime()]], ['keep_last' => self::SECRET]] as $bad
        ) {
            $e = $this->configError(fn () => bpjs_redact(['a' => 1], $bad));
            $this->assertStringNotContainsString(self::SECRET, $e->getMessage());
            $this->assertStringNotContainsString(self::SECRET, (string) $e);
        }
    }

    public function testAuditRecordRowTypesAndPayloadHash(): void
    {
        $payload = [
            'noRawat' => '2026/11/24/000001',
            'noKartu' => '0001234567890',
            'beratBadan' => 65.0,
            'password' => self::SECRET,
        ];
        $row = bpjs_audit_record([
            'service' => 'pcare', 'method' => 'POST', 'endpoint' => 'kunjungan', 'request_payload' => $payload,
            'http_status' => 201, 'decoded' => ['metaData' => ['message' => 'CREATED', 'code' => 201],
                'response' => ['field' => 'noKunjungan', 'message' => '0114U0011126Y000001']],
            'correlation_id' => 'c-1', 'duration_ms' => 12, 'triggered_by' => 'perawat01',
        ], ['secret_values' => [self::SECRET], 'hash_key' => self::KEY]);
        $this->assertSame('success', $row['status']);
        $this->assertSame(201, $row['http_status']);
        $this->assertSame(201, $row['meta_code']);
        $this->assertSame(12, $row['duration_ms']);
        $this->assertSame('2026/11/24/000001', $row['no_rawat']);
        $this->assertSame(
            bpjs_payload_hash($payload, self::KEY),
            $row['payload_hash'],
            'the hash of the payload as sent',
        );
        $stored = json_decode($row['request_payload'], true);
        $this->assertSame('[redacted]', $stored['password']);
        $this->assertSame('*********7890', $stored['noKartu']);
        $this->assertStringNotContainsString(self::SECRET, json_encode($row));
        // The same payload as JSON text (what the trait sends) hashes as the value it encodes.
        $text = bpjs_audit_record(['method' => 'POST', 'endpoint' => 'kunjungan', 'correlation_id' => 'c-2',
            'request_payload' => json_encode($payload)], self::OPTIONS);
        $this->assertSame($row['payload_hash'], $text['payload_hash']);
    }

    public function testTheHashKeyIsRequiredAndNeverEchoed(): void
    {
        $payload = ['noKartu' => '0001234567890'];
        foreach (['', 'short-key-15byte'] as $i => $bad) {
            $bad = substr($bad, 0, 15);
            $e = $this->configError(fn () => bpjs_payload_hash($payload, $bad));
            $this->assertStringContainsString('hash_key', $e->getMessage(), "key $i");
            if ($bad !== '') {
                $this->assertStringNotContainsString($bad, (string) $e);
            }
        }
        // The row needs it too: no key, no row (never an unkeyed hash).
        $e = $this->configError(fn () => bpjs_audit_record(['method' => 'GET', 'endpoint' => 'x',
            'correlation_id' => 'c'], ['secret_values' => [self::SECRET]]));
        $this->assertStringContainsString('hash_key', $e->getMessage());
        // Keyed: another key gives another hash; the hash is not the plain SHA-256.
        $other = bpjs_payload_hash($payload, 'another-key-of-16-bytes');
        $this->assertNotSame($other, bpjs_payload_hash($payload, self::KEY));
        $this->assertNotSame(hash('sha256', bpjs_canonical_json($payload)), bpjs_payload_hash($payload, self::KEY));
        $this->assertSame(64, strlen(bpjs_derive_hash_key(self::SECRET)));
        $this->assertStringNotContainsString(self::SECRET, bpjs_derive_hash_key(self::SECRET));
        $e = $this->configError(fn () => bpjs_derive_hash_key(''));
        $this->assertStringContainsString('secret', $e->getMessage());
    }
}
