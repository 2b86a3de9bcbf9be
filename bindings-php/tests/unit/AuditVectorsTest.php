<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Unit;

use BpjsCodec\Tests\Support\Vectors;
use BpjsCodecException;
use PHPUnit\Framework\TestCase;

/**
 * Every section of tests/vectors/audit.json (docs/audit.md): the same cases the
 * Rust, Python and Node suites run. JSON text in the vectors (`json`, `*_json`)
 * is parsed with json_decode(..., true), as a Laravel app parses it.
 */
final class AuditVectorsTest extends TestCase
{
    public static function canonicalCases(): array
    {
        return Vectors::auditSection('canonical');
    }

    public static function redactCases(): array
    {
        return Vectors::auditSection('redact');
    }

    public static function redactErrorCases(): array
    {
        return Vectors::auditSection('redact_errors');
    }

    public static function retryCases(): array
    {
        return Vectors::auditSection('retry');
    }

    public static function retryErrorCases(): array
    {
        return Vectors::auditSection('retry_errors');
    }

    public static function recordCases(): array
    {
        return Vectors::auditSection('record');
    }

    public static function recordErrorCases(): array
    {
        return Vectors::auditSection('record_errors');
    }

    private static function decode(string $json)
    {
        return json_decode($json, true, 512, JSON_THROW_ON_ERROR);
    }

    /** The kind of the BpjsCodecException $call throws; fails when it throws nothing. */
    private function kindOf(callable $call, string $case): BpjsCodecException
    {
        try {
            $call();
        } catch (BpjsCodecException $e) {
            return $e;
        }
        $this->fail("$case: no BpjsCodecException");
    }

    /** Numbers compare by value (65.0 == 65), everything else exactly: int-valued floats become ints. */
    private static function numbersByValue($value)
    {
        if (is_array($value)) {
            return array_map([self::class, 'numbersByValue'], $value);
        }
        if (is_float($value) && floor($value) === $value && abs($value) < 2 ** 53) {
            return (int) $value;
        }
        return $value;
    }

    public function testEverySectionIsRun(): void
    {
        $runHere = ['canonical', 'redact', 'redact_errors', 'retry', 'retry_errors', 'record', 'record_errors'];
        $sections = array_keys(array_filter(
            Vectors::audit(),
            fn ($v, $k) => is_array($v) && $k !== 'columns',
            ARRAY_FILTER_USE_BOTH,
        ));
        sort($sections);
        sort($runHere);
        $this->assertSame($runHere, $sections, 'a new audit.json section needs a test here');
    }

    /** @dataProvider canonicalCases */
    public function testCanonical(array $case): void
    {
        // json_decode($json) keeps `{}` as an object (stdClass): exactly the vector.
        $objects = json_decode($case['json'], false, 512, JSON_THROW_ON_ERROR);
        $this->assertSame($case['canonical'], bpjs_canonical_json($objects));
        $this->assertSame($case['hash'], bpjs_payload_hash($objects));
        // json_decode($json, true) turns `{}` into [], which PHP (json_encode included)
        // writes as `[]`: the same document with every empty object an empty list.
        $arrays = self::decode($case['json']);
        $expected = str_replace('{}', '[]', $case['canonical']);
        $this->assertSame($expected, bpjs_canonical_json($arrays));
        $this->assertSame(hash('sha256', $expected), bpjs_payload_hash($arrays));
        if ($expected === $case['canonical']) {
            $this->assertSame($case['hash'], bpjs_payload_hash($arrays));
        }
    }

    /** @dataProvider redactCases */
    public function testRedact(array $case): void
    {
        $result = bpjs_redact(self::decode($case['json']), $case['options'] ?? null);
        // Same keys, order and types.
        $this->assertSame($case['expected'], $result);
    }

    /** @dataProvider redactErrorCases */
    public function testRedactErrors(array $case): void
    {
        $e = $this->kindOf(fn () => bpjs_redact(['noKartu' => '0001234567890'], $case['options']), $case['name']);
        $this->assertSame($case['error'], $e->getKind());
        array_walk_recursive($case['options'], function ($value) use ($e): void {
            if (is_string($value) && strlen($value) >= 4) {
                $this->assertStringNotContainsString($value, $e->getMessage());
            }
        });
    }

    /** @dataProvider retryCases */
    public function testRetry(array $case): void
    {
        $decision = bpjs_retry_decision($case['attempt'], $case['policy'] ?? null);
        $this->assertSame(['retry', 'delay_secs', 'reason'], array_keys($decision));
        $this->assertSame($case['expected'], ['retry' => $decision['retry'], 'delay_secs' => $decision['delay_secs']]);
        $this->assertIsString($decision['reason']);
        $this->assertNotSame('', $decision['reason']);
    }

    /** @dataProvider retryErrorCases */
    public function testRetryErrors(array $case): void
    {
        $this->assertSame(
            $case['error'],
            $this->kindOf(fn () => bpjs_retry_decision($case['attempt']), $case['name'])->getKind(),
        );
    }

    /** @dataProvider recordCases */
    public function testRecord(array $case): void
    {
        $attempt = [];
        foreach ($case['attempt'] as $key => $value) {
            if (str_ends_with($key, '_json')) {
                $attempt[substr($key, 0, -strlen('_json'))] = self::decode($value);
            } else {
                $attempt[$key] = $value;
            }
        }
        $row = bpjs_audit_record($attempt, $case['options'] ?? null);
        $this->assertSame(Vectors::audit()['columns'], array_keys($row));
        foreach ($case['expected'] as $column => $expected) {
            $actual = $row[$column];
            if (in_array($column, ['request_payload', 'response_body_json'], true) && $actual !== null) {
                $this->assertIsString($actual, $column);
                $actual = self::numbersByValue(self::decode($actual));
                $expected = self::numbersByValue($expected);
            }
            $this->assertSame($expected, $actual, $column);
        }
    }

    /** @dataProvider recordErrorCases */
    public function testRecordErrors(array $case): void
    {
        $this->assertSame(
            $case['error'],
            $this->kindOf(fn () => bpjs_audit_record($case['attempt']), $case['name'])->getKind(),
        );
    }
}
