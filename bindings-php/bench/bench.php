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

/**
 * Runs every function once per round, $n rounds (after 3 warm-up rounds), so
 * that a change in machine load hits all of them alike. Returns [min, median] ms.
 */
function interleaved(array $fns, int $n): array
{
    $samples = array_fill_keys(array_keys($fns), []);
    for ($round = -3; $round < $n; $round++) {
        foreach ($fns as $name => $fn) {
            $start = hrtime(true);
            $fn();
            $elapsed = (hrtime(true) - $start) / 1e6;
            if ($round >= 0) {
                $samples[$name][] = $elapsed;
            }
        }
    }
    $out = [];
    foreach ($samples as $name => $times) {
        sort($times);
        $out[$name] = [$times[0], $times[intdiv($n, 2)]];
    }
    return $out;
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

$r = interleaved([
    'php openssl_decrypt (AES only)' => $openssl,
    'php json_decode(text, true)' => fn () => json_decode($text, true),
    'ext bpjs_decrypt (AES only)' => fn () => bpjs_decrypt($key, $ct),
    'ext bpjs_decrypt_and_decompress' => fn () => bpjs_decrypt_and_decompress($consId, $secret, $ts, $ct),
    'ext bpjs_process_wrapper (AES+lz+array)' => fn () => bpjs_process_wrapper($consId, $secret, $ts, $body),
], $iterations);
$sum = fn (string $a, string $b) => [$r[$a][0] + $r[$b][0], $r[$a][1] + $r[$b][1]];
$r['php openssl_decrypt + json_decode'] = $sum('php openssl_decrypt (AES only)', 'php json_decode(text, true)');

$native = $native !== null && is_executable($native) ? json_decode((string) shell_exec(escapeshellarg($native) . ' '
    . escapeshellarg($vectors) . ' ' . escapeshellarg($caseName) . ' ' . $iterations), true) : null;
foreach ((array) $native as $name => $times) {
    if (is_array($times)) { // [min, median] ms per function; skip "case", "iterations"
        $r["native core $name"] = $times;
    }
}

printf("bpjs_codec PHP extension, %s: %d bytes ciphertext, %d bytes JSON; %d interleaved rounds\n\n",
    $caseName, strlen($ct), strlen($text), $iterations);
printf("  %-44s %10s %10s\n", '', 'min ms', 'median ms');
foreach ($r as $name => [$min, $median]) {
    printf("  %-44s %10.2f %10.2f\n", $name, $min, $median);
}
$ratio = fn (string $a, string $b) => sprintf('%.2fx (median %.2fx)', $r[$a][0] / $r[$b][0], $r[$a][1] / $r[$b][1]);
$over = fn (string $a, string $b) => sprintf('%+.0f%% (median %+.0f%%)', 100 * ($r[$a][0] / $r[$b][0] - 1), 100 * ($r[$a][1] / $r[$b][1] - 1));
echo "\n";
printf("  full decode / (openssl_decrypt + json_decode):  %s   target <= 1.5x\n",
    $ratio('ext bpjs_process_wrapper (AES+lz+array)', 'php openssl_decrypt + json_decode'));
printf("  bpjs_decrypt / openssl_decrypt (AES alone):     %s\n",
    $ratio('ext bpjs_decrypt (AES only)', 'php openssl_decrypt (AES only)'));
if ($native) {
    printf("  binding overhead, decrypt_and_decompress:       %s   target <= +25%%\n",
        $over('ext bpjs_decrypt_and_decompress', 'native core decrypt_and_decompress'));
    printf("  binding overhead, decrypt:                      %s\n", $over('ext bpjs_decrypt (AES only)', 'native core decrypt'));
    printf("  process_wrapper = native process_wrapper %.2f ms + PHP array %.2f ms (json_decode of the same text: %.2f ms)\n",
        $r['native core process_wrapper'][0], $r['ext bpjs_process_wrapper (AES+lz+array)'][0] - $r['native core process_wrapper'][0],
        $r['php json_decode(text, true)'][0]);
}
