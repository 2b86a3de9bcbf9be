<?php

// Child process of BombTest: one decompression bomb through one function, with
// the process's peak memory before and after (a fresh process, so the peak is
// this call's). Prints one JSON line. Usage: php bomb_child.php CASE.json FUNCTION
declare(strict_types=1);

[$case, $function] = [json_decode((string) file_get_contents($argv[1]), true, 512, JSON_THROW_ON_ERROR), $argv[2]];
$max = $case['max_output'];
$call = match ($function) {
    'bpjs_lz_decompress' => fn () => bpjs_lz_decompress($case['lz'], $max),
    'bpjs_decrypt_and_decompress' => fn () => bpjs_decrypt_and_decompress(
        $case['cons_id'],
        $case['secret'],
        $case['timestamp'],
        $case['ciphertext'],
        $max,
    ),
    'bpjs_process_wrapper' => fn () => bpjs_process_wrapper(
        $case['cons_id'],
        $case['secret'],
        $case['timestamp'],
        '{"metaData":{"code":"200","message":"OK"},"response":"' . $case['ciphertext'] . '"}',
        $max
    ),
};
// Warm-up: code pages and the allocator's first arenas belong to the baseline.
bpjs_process_wrapper(
    $case['cons_id'],
    $case['secret'],
    $case['timestamp'],
    '{"response":"' . bpjs_compress_and_encrypt($case['cons_id'], $case['secret'], $case['timestamp'], '{"a":1}') . '"}'
);
$before = ['rss_kb' => getrusage()['ru_maxrss'], 'zend' => memory_get_peak_usage(true)];
$started = hrtime(true);
try {
    $call();
    $kind = null;
} catch (BpjsCodecException $e) {
    $kind = $e->getKind();
}
echo json_encode([
    'kind' => $kind,
    'seconds' => (hrtime(true) - $started) / 1e9,
    'rss_before_kb' => $before['rss_kb'],
    'rss_peak_kb' => getrusage()['ru_maxrss'],
    'zend_before' => $before['zend'],
    'zend_peak' => memory_get_peak_usage(true),
]), "\n";
