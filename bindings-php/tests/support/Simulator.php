<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Support;

/**
 * Starts `bpjs-sim --port 0` (binary from $BPJS_SIM_BIN) and stops it with
 * SIGTERM. One instance per test class; the base URL is the first stdout line.
 */
final class Simulator
{
    public const CONS_ID = '31337';
    public const SECRET = 'simSecret2026';
    public const USER_KEY = 'simUserKey0123456789';
    public const USERNAME = 'pcare.sim';
    public const PASSWORD = 'SimPass!2026';
    public const APP_CODE = '095';

    /** @var resource */
    private $process;
    /** @var resource[] */
    private array $pipes;
    public readonly string $url;
    public readonly string $logFile;

    public static function binary(): string
    {
        $env = getenv('BPJS_SIM_BIN');
        return ($env !== false && $env !== '') ? $env : dirname(__DIR__, 3) . '/target/release/bpjs-sim';
    }

    public function __construct()
    {
        $bin = self::binary();
        if (!is_executable($bin)) {
            throw new \RuntimeException("bpjs-sim not found at $bin: run make build-sim or set BPJS_SIM_BIN");
        }
        $this->logFile = Artifacts::newFile('bpjs-sim-log-');
        $cmd = [$bin, '--port', '0', '--log', $this->logFile];
        $process = proc_open(
            $cmd,
            [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', $this->logFile . '.stderr', 'a']],
            $pipes,
        );
        if (!is_resource($process)) {
            throw new \RuntimeException('could not start bpjs-sim');
        }
        $this->process = $process;
        $this->pipes = $pipes;
        $line = fgets($pipes[1]);
        if ($line === false || !str_starts_with($line, 'http://')) {
            $this->stop();
            throw new \RuntimeException('bpjs-sim did not print its URL: ' . var_export($line, true));
        }
        $this->url = rtrim(trim($line), '/');
    }

    public function stop(): void
    {
        if (!is_resource($this->process)) {
            return;
        }
        proc_terminate($this->process, 15);
        foreach ($this->pipes as $pipe) {
            if (is_resource($pipe)) {
                fclose($pipe);
            }
        }
        proc_close($this->process);
    }

    /** The request log, one decoded JSON object per line. */
    public function log(): array
    {
        $lines = file($this->logFile, FILE_IGNORE_NEW_LINES | FILE_SKIP_EMPTY_LINES) ?: [];
        return array_map(fn ($l) => json_decode($l, true), $lines);
    }

    public function __destruct()
    {
        $this->stop();
        Artifacts::remove($this->logFile);
        Artifacts::remove($this->logFile . '.stderr');
    }
}
