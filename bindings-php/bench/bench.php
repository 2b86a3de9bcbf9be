<?php
// make bench-php: the extension on the ~1 MB vector (diagnosa_list_1mb),
// against what a PHP-only app runs (openssl_decrypt for the AES layer, plus
// json_decode that it needs anyway) and against the native core, in one run.
// Numbers, not pass/fail. Usage: php -d extension=... bench.php [native_decode binary]
declare(strict_types=1);

$vectors = getenv('BPJS_VECTORS') ?: dirname(__DIR__, 2) . '/tests/vectors/vectors.json';
$native = $argv[1] ?? null;
$iterations = (int) (getenv('BENCH_ITERATIONS') ?: 40);
$caseName = 'diagnosa_list_1mb';

foreach (json_decode(file_get_contents($vectors), true)['decode'] as $case) {
    if ($case['name'] === $caseName) {
        break;
    }
}
['cons_id' => $consId, 'secret' => $secret, 'timestamp' => $ts, 'ciphertext' => $ct, 'text' => $text] = $case;
$body = '{"metaData":{"code":"200","message":"OK"},"response":' . json_encode($ct) . '}';
$key = $consId . $secret . $ts;

/** Median wall time in ms over $n runs, after 3 warm-up runs. */
function median(callable $run, int $n): float
{
    for ($i = 0; $i < 3; $i++) {
        $run();
    }
    $times = [];
    for ($i = 0; $i < $n; $i++) {
        $start = hrtime(true);
        $run();
        $times[] = (hrtime(true) - $start) / 1e6;
    }
    sort($times);
    return $times[intdiv($n, 2)];
}

// The AES layer exactly as the PHP-only BpjsTraits does it.
$openssl = function () use ($key, $ct) {
    $hash = hex2bin(hash('sha256', $key));
    return openssl_decrypt(base64_decode($ct), 'AES-256-CBC', $hash, OPENSSL_RAW_DATA, substr($hash, 0, 16));
};
if (bpjs_decrypt($key, $ct) !== $openssl()) {
    fwrite(STDERR, "openssl_decrypt and bpjs_decrypt disagree\n");
    exit(1);
}
if (bpjs_process_wrapper($consId, $secret, $ts, $body)['response'] !== json_decode($text, true)) {
    fwrite(STDERR, "bpjs_process_wrapper differs from json_decode of the text\n");
    exit(1);
}

$r = [];
$r['php openssl_decrypt (AES only)'] = median($openssl, $iterations);
$r['php json_decode(text, true)'] = median(fn () => json_decode($text, true), $iterations);
$r['php openssl_decrypt + json_decode'] = $r['php openssl_decrypt (AES only)'] + $r['php json_decode(text, true)'];
$r['ext bpjs_decrypt (AES only)'] = median(fn () => bpjs_decrypt($key, $ct), $iterations);
$r['ext bpjs_decrypt_and_decompress'] = median(fn () => bpjs_decrypt_and_decompress($consId, $secret, $ts, $ct), $iterations);
$r['ext bpjs_process_wrapper (AES+lz+array)'] = median(fn () => bpjs_process_wrapper($consId, $secret, $ts, $body), $iterations);

$nativeTimes = null;
if ($native !== null && is_executable($native)) {
    $nativeTimes = json_decode((string) shell_exec(escapeshellarg($native) . ' ' . escapeshellarg($vectors) . ' '
        . escapeshellarg($caseName) . ' ' . $iterations), true);
    foreach ((array) $nativeTimes as $name => $ms) {
        $r["native core $name"] = $ms;
    }
}

printf("bpjs_codec PHP extension, %s: %d bytes ciphertext, %d bytes JSON, median of %d runs\n\n",
    $caseName, strlen($ct), strlen($text), $iterations);
foreach ($r as $name => $ms) {
    printf("  %-44s %8.2f ms\n", $name, $ms);
}
echo "\n";
printf("  full decode in the extension / (openssl_decrypt + json_decode): %.2fx  (target <= 1.5x)\n",
    $r['ext bpjs_process_wrapper (AES+lz+array)'] / $r['php openssl_decrypt + json_decode']);
printf("  bpjs_decrypt / openssl_decrypt (AES layer alone):               %.2fx\n",
    $r['ext bpjs_decrypt (AES only)'] / $r['php openssl_decrypt (AES only)']);
if ($nativeTimes) {
    printf("  binding overhead, bpjs_decrypt_and_decompress / native:         %+.0f%%  (target <= +25%%)\n",
        100 * ($r['ext bpjs_decrypt_and_decompress'] / $nativeTimes['decrypt_and_decompress'] - 1));
    printf("  binding overhead, bpjs_decrypt / native decrypt:                %+.0f%%\n",
        100 * ($r['ext bpjs_decrypt (AES only)'] / $nativeTimes['decrypt'] - 1));
    $array = $r['ext bpjs_process_wrapper (AES+lz+array)'] - $nativeTimes['process_wrapper'];
    printf("  bpjs_process_wrapper = native process_wrapper %.2f ms + building the PHP array %.2f ms\n",
        $nativeTimes['process_wrapper'], $array);
}
