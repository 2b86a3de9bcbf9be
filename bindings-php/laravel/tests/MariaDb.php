<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Laravel;

use BpjsCodec\Tests\Support\Artifacts;

/**
 * A throw-away MariaDB server for one test class: scripts/mariadb-tmp.sh starts
 * it in a temp directory (its own socket and loopback port, never the system
 * service) and removes it again. With BPJS_ARTIFACTS_DIR set, the database is
 * dumped there first (mariadb-dump), for the credential scan of `make test`.
 */
final class MariaDb
{
    private string $dir;
    /** @var array<string, string> BPJS_MARIADB_HOST, _PORT, _SOCKET, _USER, _PASSWORD, _DATABASE */
    public array $env = [];

    private static function script(): string
    {
        return dirname(__DIR__, 3) . '/scripts/mariadb-tmp.sh';
    }

    public function __construct()
    {
        $this->dir = sys_get_temp_dir() . '/bpjs-php-mariadb-' . getmypid() . '-' . bin2hex(random_bytes(4));
        [$status, $out, $err] = self::run(['bash', self::script(), 'start', $this->dir]);
        foreach (preg_split('/\R/', $out) as $line) {
            if (preg_match('/^(BPJS_MARIADB_[A-Z]+)=(.*)$/', $line, $m)) {
                $this->env[$m[1]] = $m[2];
            }
        }
        if ($status !== 0 || !isset($this->env['BPJS_MARIADB_PORT'], $this->env['BPJS_MARIADB_DATABASE'])) {
            $this->stop();
            throw new \RuntimeException("scripts/mariadb-tmp.sh start failed (exit $status): " . trim($err));
        }
    }

    /** A Laravel `mysql` connection to it, over TCP as an app server would connect. */
    public function connection(): array
    {
        return [
            'driver' => 'mysql',
            'host' => $this->env['BPJS_MARIADB_HOST'],
            'port' => $this->env['BPJS_MARIADB_PORT'],
            'database' => $this->env['BPJS_MARIADB_DATABASE'],
            'username' => $this->env['BPJS_MARIADB_USER'],
            'password' => $this->env['BPJS_MARIADB_PASSWORD'],
            'charset' => 'utf8mb4',
            'collation' => 'utf8mb4_unicode_ci',
            'prefix' => '',
            'strict' => true,
            'engine' => null,
        ];
    }

    /** Writes `mariadb-dump` of the test database to BPJS_ARTIFACTS_DIR (when set). */
    public function dumpToArtifacts(): ?string
    {
        $dir = Artifacts::dir();
        if ($dir === null || $this->env === []) {
            return null;
        }
        $file = "$dir/php-mariadb-dump-" . getmypid() . '-' . bin2hex(random_bytes(3)) . '.sql';
        [$status, $out, $err] = self::run([
            'mariadb-dump', '--no-defaults', '--socket=' . $this->env['BPJS_MARIADB_SOCKET'],
            '--user=' . $this->env['BPJS_MARIADB_USER'], '--skip-extended-insert', '--result-file=' . $file,
            $this->env['BPJS_MARIADB_DATABASE'],
        ], ['MYSQL_PWD' => $this->env['BPJS_MARIADB_PASSWORD']]);
        if ($status !== 0) {
            throw new \RuntimeException("mariadb-dump failed (exit $status): " . trim($err));
        }
        return $file;
    }

    public function stop(): void
    {
        self::run(['bash', self::script(), 'stop', $this->dir]);
    }

    /** @return array{int, string, string} exit status, stdout, stderr */
    private static function run(array $command, array $env = []): array
    {
        $process = proc_open(
            $command,
            [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
            $pipes,
            null,
            $env === [] ? null : $env + getenv()
        );
        if (!is_resource($process)) {
            return [127, '', 'could not start ' . $command[0]];
        }
        $out = (string) stream_get_contents($pipes[1]);
        $err = (string) stream_get_contents($pipes[2]);
        fclose($pipes[1]);
        fclose($pipes[2]);
        return [proc_close($process), $out, $err];
    }
}
