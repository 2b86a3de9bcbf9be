<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Unit;

use BpjsCodec\Tests\Support\Vectors;
use BpjsCodecException;
use PHPUnit\Framework\TestCase;

/**
 * vectors.json `canary`: calls whose input carries a card number (in a
 * decrypted reply, lz text, a ciphertext-looking response, a service name)
 * fail with their kind, and nothing PHP shows of the exception or stores for
 * it holds the canary: getMessage(), (string) $e, getTraceAsString(),
 * var_export($e), print_r($e), and the audit row built from the failure.
 * Run with zend.exception_ignore_args off (php.ini-development), where PHP
 * would put the calls' arguments in the trace.
 */
final class CanaryTest extends TestCase
{
    private string|false $ignoreArgs = false;

    protected function setUp(): void
    {
        $this->ignoreArgs = ini_set('zend.exception_ignore_args', '0');
    }

    protected function tearDown(): void
    {
        if ($this->ignoreArgs !== false) {
            ini_set('zend.exception_ignore_args', $this->ignoreArgs);
        }
    }

    public static function canaryCases(): array
    {
        $rows = [];
        foreach (Vectors::all()['canary']['cases'] as $case) {
            $rows[$case['name']] = [$case];
        }
        return $rows;
    }

    /** The call of the case, as the README's table names it in PHP; a user function in between, as an app has. */
    private static function call(array $c): mixed
    {
        $max = $c['max_output'] ?? null;
        return match ($c['call']) {
            'process_wrapper' => bpjs_process_wrapper($c['cons_id'], $c['secret'], $c['timestamp'], $c['input'], $max),
            'decrypt_and_decompress' => bpjs_decrypt_and_decompress(
                $c['cons_id'],
                $c['secret'],
                $c['timestamp'],
                $c['input'],
                $max,
            ),
            'decrypt' => bpjs_decrypt($c['cons_id'] . $c['secret'] . $c['timestamp'], $c['input']),
            'lz_decompress' => bpjs_lz_decompress($c['input'], $max),
            'build_headers' => bpjs_build_headers(
                $c['input'],
                ['cons_id' => $c['cons_id'], 'secret' => $c['secret'], 'user_key' => $c['user_key'] ?? null],
                $c['timestamp'],
            ),
        };
    }

    public function testTheSectionHasCasesAndForbiddenStrings(): void
    {
        $canary = Vectors::all()['canary'];
        $this->assertContains('CANARY-0001234567890', $canary['forbidden']);
        $this->assertGreaterThanOrEqual(10, count($canary['cases']));
    }

    /** @dataProvider canaryCases */
    public function testNoCanaryInTheErrorOrItsRow(array $c): void
    {
        try {
            self::call($c);
            $this->fail("{$c['name']}: no BpjsCodecException");
        } catch (BpjsCodecException $e) {
            $this->assertSame($c['error'], $e->getKind(), $c['name']);
            $shown = [
                'getMessage' => $e->getMessage(),
                'string' => (string) $e,
                'getTraceAsString' => $e->getTraceAsString(),
                'var_export' => var_export($e, true),
                'print_r' => print_r($e, true),
                'getTrace' => json_encode($e->getTrace(), JSON_PARTIAL_OUTPUT_ON_ERROR),
            ];
        }
        $row = bpjs_audit_record([
            'service' => 'vclaim', 'method' => 'GET', 'endpoint' => 'Peserta/nokartu/0001234567890/tglSEP/2026-12-05',
            'correlation_id' => 'canary-1', 'http_status' => 200,
            'response_body_raw' => $c['call'] === 'process_wrapper' ? $c['input'] : null,
            'error_kind' => $e->getKind(), 'error_message' => $e->getMessage(),
        ], ['hash_key' => Vectors::audit()['hash_key'], 'secret_values' => [$c['secret']]]);
        $this->assertSame('failed', $row['status']);
        $this->assertSame($c['error'], $row['error_kind']);
        // Every column the failure writes. response_body_raw is the reply as
        // received, stored redacted by field name (docs/audit.md): a `response`
        // string that is neither ciphertext nor a named identifier field is kept.
        $fromTheError = array_diff_key($row, ['response_body_raw' => true]);
        $shown['audit row'] = json_encode($fromTheError, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
        foreach ($shown as $where => $text) {
            foreach (Vectors::all()['canary']['forbidden'] as $forbidden) {
                $this->assertStringNotContainsString($forbidden, $text, "{$c['name']}: $where");
            }
            $this->assertStringNotContainsString($c['secret'], $text, "{$c['name']}: $where shows the secret");
        }
    }
}
