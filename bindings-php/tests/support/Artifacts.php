<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Support;

/**
 * BPJS_ARTIFACTS_DIR (set by `make test`, scripts/test-run.sh): where the suites
 * put the files they write (SQLite databases, logs, MariaDB dumps) and leave
 * them, so that the credential scan that follows reads everything a run wrote.
 * Unset: temp files, removed afterwards.
 */
final class Artifacts
{
    public static function dir(): ?string
    {
        $dir = getenv('BPJS_ARTIFACTS_DIR');
        if ($dir === false || $dir === '') {
            return null;
        }
        if (!is_dir($dir)) {
            mkdir($dir, 0700, true);
        }
        return rtrim($dir, '/');
    }

    /** Whether files written for a run must be kept. */
    public static function keep(): bool
    {
        return self::dir() !== null;
    }

    /** A new directory: under BPJS_ARTIFACTS_DIR when set, else under the temp dir. */
    public static function newDir(string $prefix): string
    {
        $dir = (self::dir() ?? sys_get_temp_dir()) . "/$prefix-" . getmypid() . '-' . bin2hex(random_bytes(4));
        mkdir($dir, 0700, true);
        return $dir;
    }

    /** A new empty file, placed like newDir(). */
    public static function newFile(string $prefix): string
    {
        return (string) tempnam(self::dir() ?? sys_get_temp_dir(), $prefix);
    }

    /** Removes a directory tree unless files are kept. */
    public static function remove(string $path): void
    {
        if (self::keep() || !file_exists($path)) {
            return;
        }
        if (is_file($path) || is_link($path)) {
            unlink($path);
            return;
        }
        $items = new \RecursiveIteratorIterator(
            new \RecursiveDirectoryIterator($path, \FilesystemIterator::SKIP_DOTS),
            \RecursiveIteratorIterator::CHILD_FIRST
        );
        foreach ($items as $item) {
            $item->isDir() && !$item->isLink() ? rmdir($item->getPathname()) : unlink($item->getPathname());
        }
        rmdir($path);
    }
}
