<?php
// make soak-php: N decodes (default 100,000) of a realistic reply in one PHP
// process, each done the way the Laravel trait does it with the audit log on:
// headers, bpjs_process_wrapper, bpjs_metadata, bpjs_audit_record (secret
// values scrubbed); every 100th call decodes with the wrong timestamp (the
// exception path). RSS and PHP's heap are sampled every 10,000 calls and must
// stay flat after the first sample. Prints the figures; exit 1 if memory grew.
//
//   php -d extension=.../libbpjs_codec_php.so soak.php [N] [VECTORS_JSON]
declare(strict_types=1);

$iterations = (int) ($argv[1] ?? 100000);
$vectors = $argv[2] ?? (getenv('BPJS_VECTORS') ?: dirname(__DIR__, 2) . '/tests/vectors/vectors.json');
$every = 10000;
// Allocator noise only: one leaked reply (about 1 KB) per call would be 100 MB.
$allowedRssGrowth = 2 * 1048576;

$case = null;
foreach (json_decode((string) file_get_contents($vectors), true, 512, JSON_THROW_ON_ERROR)['decode'] as $c) {
    if ($c['name'] === 'vclaim_peserta') {
        $case = $c;
    }
}
if ($case === null) {
    fwrite(STDERR, "soak: vclaim_peserta not found in $vectors\n");
    exit(2);
}
$body = '{"metaData":{"code":"200","message":"OK"},"response":' . json_encode($case['ciphertext']) . '}';
$credentials = ['cons_id' => $case['cons_id'], 'secret' => $case['secret'], 'user_key' => 'soak-user-key'];
$secrets = [
    'secret_values' => [$case['secret'], 'soak-user-key'],
    'hash_key' => bpjs_derive_hash_key($case['secret']),
];
$expected = json_decode($case['text'], true);

function rss_bytes(): int
{
    return (int) explode(' ', (string) file_get_contents('/proc/self/statm'))[1] * 4096;
}

printf("bpjs_codec PHP soak: %d decodes of vclaim_peserta (%d bytes of JSON, %d bytes of body), PHP %s\n",
    $iterations, strlen($case['text']), strlen($body), PHP_VERSION);
printf("each: bpjs_build_headers + bpjs_process_wrapper + bpjs_metadata + bpjs_audit_record; every 100th a padding error\n\n");
printf("%10s %12s %14s %10s\n", 'calls', 'RSS KB', 'PHP heap B', 'seconds');
$started = hrtime(true);
$samples = [];
$errors = 0;
for ($i = 1; $i <= $iterations; $i++) {
    $headers = bpjs_build_headers('vclaim', $credentials, $case['timestamp']);
    if ($i % 100 === 0) {
        try {
            bpjs_process_wrapper($case['cons_id'], $case['secret'], '1', $body);
        } catch (BpjsCodecException $e) {
            $errors += $e->getKind() === 'padding' ? 1 : 0;
        }
    }
    $envelope = bpjs_process_wrapper($case['cons_id'], $case['secret'], $headers['X-timestamp'], $body);
    if ($envelope['response'] !== $expected) {
        fwrite(STDERR, "soak: wrong decode at call $i\n");
        exit(1);
    }
    $meta = bpjs_metadata($envelope);
    $row = bpjs_audit_record([
        'service' => 'vclaim', 'method' => 'GET', 'endpoint' => 'Peserta/nokartu/0001234567890/tglSEP/2026-11-24',
        'http_status' => 200, 'response_body_raw' => $body, 'decoded' => $envelope, 'duration_ms' => 1,
        'correlation_id' => "soak-$i",
    ], $secrets);
    if (!$meta['ok'] || $row['status'] !== 'success') {
        fwrite(STDERR, "soak: wrong status at call $i\n");
        exit(1);
    }
    unset($headers, $envelope, $meta, $row);
    if ($i % $every === 0) {
        gc_collect_cycles();
        $samples[] = [$i, rss_bytes(), memory_get_usage(true)];
        printf("%10d %12d %14d %10.1f\n", $i, intdiv(rss_bytes(), 1024), memory_get_usage(true), (hrtime(true) - $started) / 1e9);
    }
}
$seconds = (hrtime(true) - $started) / 1e9;
[, $rss0, $zend0] = $samples[0];
[, $rssN, $zendN] = end($samples);
$rssMax = max(array_column($samples, 1));
printf("\n%d calls in %.1f s (%.1f us per call), %d padding errors raised and caught\n", $iterations, $seconds,
    1e6 * $seconds / $iterations, $errors);
printf("after the first %d: RSS %+d KB (max %d KB), PHP heap %+d bytes\n", $every, intdiv($rssN - $rss0, 1024),
    intdiv($rssMax, 1024), $zendN - $zend0);
$flat = $rssMax - $rss0 <= $allowedRssGrowth && $zendN <= $zend0;
printf("memory %s\n", $flat ? 'flat: PASS' : 'GREW: FAIL');
exit($flat && $errors === intdiv($iterations, 100) ? 0 : 1);
