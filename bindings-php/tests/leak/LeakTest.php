<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Leak;

use BpjsCodec\Tests\Support\Vectors;
use BpjsCodecException;
use PHPUnit\Framework\TestCase;

/**
 * The ~1 MB vector decoded 10,000 times in one process (BPJS_LEAK_ITERATIONS
 * overrides): PHP's allocator (memory_get_usage(true)) and the process RSS
 * must not grow after warm-up. Also the array path and the exception path.
 * Figures are printed to STDERR for the record.
 */
final class LeakTest extends TestCase
{
    private static function rssBytes(): int
    {
        $statm = explode(' ', (string) file_get_contents('/proc/self/statm'));
        return (int) $statm[1] * 4096;
    }

    private static function iterations(int $default): int
    {
        $env = getenv('BPJS_LEAK_ITERATIONS');
        return ($env !== false && $env !== '') ? max(1, (int) $env) : $default;
    }

    private function assertFlat(string $what, callable $run, int $iterations): void
    {
        $warmup = max(1, intdiv($iterations, 20));
        for ($i = 0; $i < $warmup; $i++) {
            $run();
        }
        gc_collect_cycles();
        $zendBefore = memory_get_usage(true);
        $rssBefore = self::rssBytes();
        for ($i = 0; $i < $iterations; $i++) {
            $run();
        }
        gc_collect_cycles();
        $zendGrowth = memory_get_usage(true) - $zendBefore;
        $rssGrowth = self::rssBytes() - $rssBefore;
        fwrite(STDERR, sprintf(
            "\n[leak] %s x%d (after %d warm-up): memory_get_usage(true) %+d bytes (at %.1f MB),"
                . " RSS %+d KB (at %.1f MB)",
            $what,
            $iterations,
            $warmup,
            $zendGrowth,
            $zendBefore / 1048576,
            intdiv($rssGrowth, 1024),
            $rssBefore / 1048576
        ));
        $this->assertLessThanOrEqual(0, $zendGrowth, "$what: PHP heap grew");
        // One leaked 1 MB result per call would be gigabytes; allow allocator noise only.
        $this->assertLessThan(8 * 1048576, $rssGrowth, "$what: RSS grew");
    }

    private static function largeCase(): array
    {
        foreach (Vectors::all()['decode'] as $case) {
            if ($case['name'] === 'diagnosa_list_1mb') {
                return $case;
            }
        }
        throw new \RuntimeException('diagnosa_list_1mb not in the vectors');
    }

    public function testDecryptAndDecompressLargeVector(): void
    {
        $c = self::largeCase();
        $this->assertFlat('bpjs_decrypt_and_decompress 1 MB', function () use ($c): void {
            $text = bpjs_decrypt_and_decompress($c['cons_id'], $c['secret'], $c['timestamp'], $c['ciphertext']);
            if (strlen($text) !== strlen($c['text'])) {
                throw new \LogicException('wrong length');
            }
        }, self::iterations(10000));
    }

    public function testProcessWrapperLargeVector(): void
    {
        $c = self::largeCase();
        $body = '{"metaData":{"code":"200","message":"OK"},"response":' . json_encode($c['ciphertext']) . '}';
        $this->assertFlat('bpjs_process_wrapper 1 MB', function () use ($c, $body): void {
            $envelope = bpjs_process_wrapper($c['cons_id'], $c['secret'], $c['timestamp'], $body);
            if (count($envelope['response']['list']) === 0) {
                throw new \LogicException('empty');
            }
        }, intdiv(self::iterations(10000), 10));
    }

    public function testErrorPathAndHeaders(): void
    {
        $c = self::largeCase();
        $creds = ['cons_id' => '1', 'secret' => 's', 'user_key' => 'k', 'username' => 'u', 'password' => 'p'];
        $this->assertFlat('exceptions + headers + metadata', function () use ($c, $creds): void {
            try {
                bpjs_decrypt_and_decompress($c['cons_id'], $c['secret'], '1', substr($c['ciphertext'], 0, 4096));
            } catch (BpjsCodecException $e) {
                $e->getKind();
            }
            bpjs_build_headers('pcare', $creds, 1732406400);
            bpjs_metadata(['metaData' => ['code' => '200', 'message' => 'OK']]);
            bpjs_metadata('{"metadata":{"code":1}}');
        }, self::iterations(10000));
    }

    public function testHostApiFunctions(): void
    {
        $ct = bpjs_compress_and_encrypt('1000', 's3cret', '1732406437', '{"poli":"INT"}');
        $decoded = ['response' => ['field' => 'noKunjungan', 'message' => '0301U0011126Y000123']];
        $what = 'authorization + lz + find_timestamp + services + endpoint';
        $this->assertFlat($what, function () use ($ct, $decoded): void {
            bpjs_authorization('dokter', 'rahasia', '095');
            bpjs_is_sensitive_header('X-signature');
            bpjs_lz_decompress(bpjs_lz_compress('{"poli":"INT"}'));
            bpjs_find_timestamp('1000', 's3cret', $ct, 1732406430, 10);
            bpjs_service_from_url('https://apijkn.bpjs-kesehatan.go.id/' . bpjs_service_path('pcare'));
            bpjs_redact_endpoint('peserta/0001234567890?user_key=abc', ['secret_values' => ['rahasia']]);
            bpjs_result_number($decoded);
            try {
                bpjs_service_path('nope');
            } catch (BpjsCodecException $e) {
                $e->getKind();
            }
        }, self::iterations(10000));
    }

    public function testNewCoreFunctions(): void
    {
        $row = ['status' => 'failed', 'method' => 'POST', 'attempts' => 1, 'next_attempt_at' => null,
            'result_number' => null, 'last_http_status' => 503, 'last_meta_code' => null, 'last_error' => 'HTTP 503'];
        $record = ['status' => 'success', 'http_status' => 200, 'meta_code' => 201, 'meta_message' => 'CREATED',
            'error_kind' => null, 'result_number' => 'K1'];
        $stored = ['service' => 'pcare', 'method' => 'POST', 'endpoint' => 'kunjungan', 'payload' => '{"a":1}'];
        $creds = ['cons_id' => '1000', 'secret' => 's3cret', 'user_key' => 'uk'];
        $fields = ['noSep' => '0301R0011124V000123', 'jnsPelayanan' => '2', 'bulan' => '11', 'tahun' => '2024',
            'bundle' => ['resourceType' => 'Bundle', 'entry' => []]];
        $what = 'hash key + send state + resend + catalogue + request + eRM + ciphertext rule';
        $this->assertFlat($what, function () use ($row, $record, $stored, $creds, $fields): void {
            $key = bpjs_derive_hash_key('s3cret');
            bpjs_payload_hash(['noKartu' => '0001234567890'], $key);
            bpjs_send_state($row, ['by' => 'resend', 'outcome' => 'answered', 'method' => 'POST',
                'record' => $record, 'now' => 1795000000]);
            $plan = bpjs_resend_plan($stored, ['accepted_no_kunjungan' => 'K1']);
            bpjs_resend_outcome($row, $plan, ['outcome' => 'not_sent', 'now' => 1795000000]);
            bpjs_stale_limits(['attempts' => 3]);
            bpjs_logged_result_number(['response_body_json' => '{"response":{"noSep":"S1"}}']);
            bpjs_catalogue();
            bpjs_request('vclaim', 'peserta.nik', ['nik' => '3201011705800001', 'tgl_sep' => '2026-12-05'], $creds, 5);
            $body = bpjs_build_medical_record_request('1000', 's3cret', '0301R001', $fields);
            $dataMr = json_decode($body, true)['request']['dataMR'];
            bpjs_decrypt_medical_record('1000', 's3cret', '0301R001', $dataMr);
            bpjs_is_ciphertext($dataMr);
            try {
                bpjs_request('vclaim', 'peserta.nik', ['nik' => '1']);
            } catch (BpjsCodecException $e) {
                $e->getKind();
            }
        }, self::iterations(2000));
    }
}
