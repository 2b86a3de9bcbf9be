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

    public static function hashKeyCases(): array
    {
        return Vectors::auditSection('hash_keys');
    }

    public static function hashKeyErrorCases(): array
    {
        return Vectors::auditSection('hash_key_errors');
    }

    public static function sendStateCases(): array
    {
        return Vectors::auditSection('send_state');
    }

    public static function sendStateErrorCases(): array
    {
        return Vectors::auditSection('send_state_errors');
    }

    public static function resendPlanCases(): array
    {
        return Vectors::auditSection('resend_plan');
    }

    public static function resendPlanErrorCases(): array
    {
        return Vectors::auditSection('resend_plan_errors');
    }

    public static function resendOutcomeCases(): array
    {
        return Vectors::auditSection('resend_outcome');
    }

    public static function resendOutcomeErrorCases(): array
    {
        return Vectors::auditSection('resend_outcome_errors');
    }

    public static function staleLimitsCases(): array
    {
        return Vectors::auditSection('stale_limits');
    }

    public static function staleLimitsErrorCases(): array
    {
        return Vectors::auditSection('stale_limits_errors');
    }

    private static function key(): string
    {
        return Vectors::audit()['hash_key'];
    }

    /** `expected` lists some keys (nested arrays too): each must be there and match exactly. */
    private function assertSubset(array $expected, array $actual, string $path): void
    {
        foreach ($expected as $key => $want) {
            $this->assertArrayHasKey($key, $actual, "$path.$key is missing");
            if (is_array($want) && $want !== [] && !array_is_list($want)) {
                $this->assertIsArray($actual[$key], "$path.$key");
                $this->assertSubset($want, $actual[$key], "$path.$key");
            } else {
                $this->assertSame($want, $actual[$key], "$path.$key");
            }
        }
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
        $runHere = ['canonical', 'hash_keys', 'hash_key_errors', 'redact', 'redact_errors', 'retry', 'retry_errors',
            'record', 'record_errors', 'send_state', 'send_state_errors', 'resend_plan', 'resend_plan_errors',
            'resend_outcome', 'resend_outcome_errors', 'stale_limits', 'stale_limits_errors'];
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
        $this->assertSame($case['hash'], bpjs_payload_hash($objects, self::key()));
        // json_decode($json, true) turns `{}` into [], which PHP (json_encode included)
        // writes as `[]`: the same document with every empty object an empty list.
        $arrays = self::decode($case['json']);
        $expected = str_replace('{}', '[]', $case['canonical']);
        $this->assertSame($expected, bpjs_canonical_json($arrays));
        $this->assertSame(hash_hmac('sha256', $expected, self::key()), bpjs_payload_hash($arrays, self::key()));
        if ($expected === $case['canonical']) {
            $this->assertSame($case['hash'], bpjs_payload_hash($arrays, self::key()));
        }
    }

    public function testTheKeyLabelIsTheCores(): void
    {
        $secret = 'any-secret-value';
        $this->assertSame(
            hash_hmac('sha256', Vectors::audit()['hash_key_label'], $secret),
            bpjs_derive_hash_key($secret),
        );
    }

    /** @dataProvider hashKeyCases */
    public function testHashKeys(array $case): void
    {
        $this->assertSame($case['hash_key'], bpjs_derive_hash_key($case['secret']));
    }

    /** @dataProvider hashKeyErrorCases */
    public function testHashKeyErrors(array $case): void
    {
        $call = array_key_exists('hash_key', $case)
            ? fn () => bpjs_payload_hash(['a' => 1], $case['hash_key'])
            : fn () => bpjs_derive_hash_key($case['secret']);
        $e = $this->kindOf($call, $case['name']);
        $this->assertSame($case['error'], $e->getKind());
        if (($case['hash_key'] ?? '') !== '') {
            $this->assertStringNotContainsString($case['hash_key'], (string) $e);
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
            if (str_ends_with($column, '_text')) {
                // The stored text exactly, as a host reads it back.
                $this->assertSame($expected, $row[substr($column, 0, -strlen('_text'))], $column);
                continue;
            }
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
            $this->kindOf(fn () => bpjs_audit_record($case['attempt'], $case['options'] ?? null), $case['name'])
                ->getKind(),
        );
    }

    /** @dataProvider sendStateCases */
    public function testSendState(array $case): void
    {
        $state = bpjs_send_state($case['row'], $case['attempt'], $case['policy'] ?? null);
        $this->assertSubset($case['expected'], $state, $case['name']);
        $this->assertIsString($state['reason']);
        $this->assertNotSame('', $state['reason']);
    }

    /** @dataProvider sendStateErrorCases */
    public function testSendStateErrors(array $case): void
    {
        $call = fn () => bpjs_send_state($case['row'], $case['attempt'], $case['policy'] ?? null);
        $this->assertSame($case['error'], $this->kindOf($call, $case['name'])->getKind());
    }

    /** @dataProvider resendPlanCases */
    public function testResendPlan(array $case): void
    {
        $plan = bpjs_resend_plan($case['row'], $case['context'] ?? null);
        $this->assertSame(
            ['action', 'result', 'method', 'endpoint', 'body', 'shown_endpoint', 'switched_to', 'state', 'reason'],
            array_keys($plan),
        );
        $this->assertSubset($case['expected'], $plan, $case['name']);
    }

    /** @dataProvider resendPlanErrorCases */
    public function testResendPlanErrors(array $case): void
    {
        $call = fn () => bpjs_resend_plan($case['row'], $case['context'] ?? null);
        $this->assertSame($case['error'], $this->kindOf($call, $case['name'])->getKind());
    }

    /** @dataProvider resendOutcomeCases */
    public function testResendOutcome(array $case): void
    {
        $outcome = bpjs_resend_outcome($case['row'], $case['plan'], $case['attempt'], $case['policy'] ?? null);
        $this->assertSubset($case['expected'], $outcome, $case['name']);
    }

    /** @dataProvider resendOutcomeErrorCases */
    public function testResendOutcomeErrors(array $case): void
    {
        $call = fn () => bpjs_resend_outcome($case['row'], $case['plan'], $case['attempt'], $case['policy'] ?? null);
        $this->assertSame($case['error'], $this->kindOf($call, $case['name'])->getKind());
    }

    /** @dataProvider staleLimitsCases */
    public function testStaleLimits(array $case): void
    {
        $this->assertSame($case['expected'], bpjs_stale_limits($case['settings']));
    }

    /** @dataProvider staleLimitsErrorCases */
    public function testStaleLimitsErrors(array $case): void
    {
        $call = fn () => bpjs_stale_limits($case['settings']);
        $this->assertSame($case['error'], $this->kindOf($call, $case['name'])->getKind());
    }

    public function testLoggedResultNumberReadsWhatARowStored(): void
    {
        $row = bpjs_audit_record([
            'service' => 'pcare', 'method' => 'POST', 'endpoint' => 'kunjungan', 'correlation_id' => 'c',
            'http_status' => 201, 'decoded' => ['metaData' => ['code' => 201, 'message' => 'CREATED'],
                'response' => ['field' => 'noKunjungan', 'message' => '0301U0011126Y000123']],
        ], ['hash_key' => self::key()]);
        $this->assertSame('0301U0011126Y000123', bpjs_logged_result_number($row));
        $this->assertSame(
            '0301U0011126Y000123',
            bpjs_logged_result_number(['response_body_json' => $row['response_body_json']]),
        );
        $this->assertNull(bpjs_logged_result_number(['response_body_json' => null]));
        $cut = substr((string) $row['response_body_json'], 0, 20) . '...[truncated: 999 bytes in all]';
        $this->assertNull(bpjs_logged_result_number(['response_body_json' => $cut]), 'a cut text names no number');
        $this->assertSame('config', $this->kindOf(
            fn () => bpjs_logged_result_number(['response_body_json' => 5]),
            'wrong type',
        )->getKind());
    }
}
