<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Hardening;

use BpjsCodec\Tests\Support\Vectors;
use PHPUnit\Framework\TestCase;

/**
 * The decompression bombs of tests/vectors/vectors.json (`bombs`: a few KB of
 * lz-string expanding to 16 or 64 Mi UTF-16 units) through each decoding
 * function, each in a fresh child `php` (bomb_child.php), so that the peak
 * memory measured is that call's: it must stop with `output_limit`, and the
 * process's peak RSS (getrusage ru_maxrss) and PHP heap peak
 * (memory_get_peak_usage(true)) may grow by at most twice the cap's size
 * (2 bytes per unit) over the baseline taken just before the call.
 */
final class BombTest extends TestCase
{
    private const FUNCTIONS = ['bpjs_lz_decompress', 'bpjs_decrypt_and_decompress', 'bpjs_process_wrapper'];

    public static function bombs(): array
    {
        $rows = [];
        foreach (Vectors::all()['bombs'] ?? [] as $case) {
            foreach (self::FUNCTIONS as $function) {
                $rows["{$case['name']} $function"] = [$case, $function];
            }
        }
        if ($rows === []) {
            throw new \RuntimeException('vectors.json has no bombs section');
        }
        return $rows;
    }

    /** The extension file this process loaded (the child loads the same one). */
    private static function extensionFile(): string
    {
        foreach (file('/proc/self/maps', FILE_IGNORE_NEW_LINES) ?: [] as $line) {
            if (preg_match('~(/\S*bpjs_codec\S*\.so)$~', $line, $m)) {
                return $m[1];
            }
        }
        throw new \RuntimeException('the bpjs_codec shared object is not mapped in this process');
    }

    /** @dataProvider bombs */
    public function testBombStopsAtTheCapWithinTwiceItsSize(array $case, string $function): void
    {
        $capUnits = $case['max_output'] ?? Vectors::all()['default_max_output'];
        $capBytes = 2 * $capUnits;
        $this->assertGreaterThan($capUnits, $case['expands_to'], 'the vector really is a bomb for this cap');
        $file = tempnam(sys_get_temp_dir(), 'bpjs-bomb-');
        file_put_contents($file, json_encode($case));
        try {
            $command = [PHP_BINARY, '-d', 'extension=' . self::extensionFile(), '-d', 'memory_limit=512M',
                __DIR__ . '/bomb_child.php', $file, $function];
            $process = proc_open(
                $command,
                [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
                $pipes,
            );
            $this->assertIsResource($process);
            $out = (string) stream_get_contents($pipes[1]);
            $err = (string) stream_get_contents($pipes[2]);
            fclose($pipes[1]);
            fclose($pipes[2]);
            $status = proc_close($process);
        } finally {
            unlink($file);
        }
        $this->assertSame(0, $status, "child: $err $out");
        $r = json_decode(trim($out), true, 512, JSON_THROW_ON_ERROR);
        $rssGrowth = 1024 * ($r['rss_peak_kb'] - $r['rss_before_kb']);
        $zendGrowth = $r['zend_peak'] - $r['zend_before'];
        fwrite(STDERR, sprintf(
            "\n[bomb] %s via %s: %s after %.3f s; peak RSS +%.1f MiB, PHP heap peak +%.1f MiB"
                . " (cap %.0f MiB, limit %.0f MiB)",
            $case['name'],
            $function,
            $r['kind'] ?? 'no error',
            $r['seconds'],
            $rssGrowth / 1048576,
            $zendGrowth / 1048576,
            $capBytes / 1048576,
            2 * $capBytes / 1048576
        ));
        $this->assertSame($case['error'], $r['kind']);
        $this->assertLessThanOrEqual(2 * $capBytes, $rssGrowth, 'peak RSS within twice the cap');
        $this->assertLessThanOrEqual(2 * $capBytes, $zendGrowth, 'PHP heap within twice the cap');
        $this->assertLessThan(10.0, $r['seconds']);
    }
}
