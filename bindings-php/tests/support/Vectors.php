<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Support;

/** The shared conformance vectors (tests/vectors/vectors.json), loaded once. */
final class Vectors
{
    private static ?array $doc = null;

    public static function path(): string
    {
        $env = getenv('BPJS_VECTORS');
        return ($env !== false && $env !== '') ? $env : dirname(__DIR__, 3) . '/tests/vectors/vectors.json';
    }

    public static function all(): array
    {
        if (self::$doc === null) {
            $text = @file_get_contents(self::path());
            if ($text === false) {
                throw new \RuntimeException('vectors not found at ' . self::path() . ' (set BPJS_VECTORS)');
            }
            self::$doc = json_decode($text, true, 512, JSON_THROW_ON_ERROR);
        }
        return self::$doc;
    }

    private static ?array $audit = null;

    public static function auditPath(): string
    {
        $env = getenv('BPJS_AUDIT_VECTORS');
        return ($env !== false && $env !== '') ? $env : dirname(__DIR__, 3) . '/tests/vectors/audit.json';
    }

    /** tests/vectors/audit.json (docs/audit.md), parsed with json_decode(..., true) as an app would. */
    public static function audit(): array
    {
        if (self::$audit === null) {
            $text = @file_get_contents(self::auditPath());
            if ($text === false) {
                throw new \RuntimeException(
                    'audit vectors not found at ' . self::auditPath() . ' (set BPJS_AUDIT_VECTORS)'
                );
            }
            self::$audit = json_decode($text, true, 512, JSON_THROW_ON_ERROR);
        }
        return self::$audit;
    }

    /** @return array<string, array{0: array}> data-provider rows of one audit.json section */
    public static function auditSection(string $name): array
    {
        $rows = [];
        foreach (self::audit()[$name] as $case) {
            $rows[$case['name']] = [$case];
        }
        if ($rows === []) {
            throw new \RuntimeException("audit.json: section $name is empty");
        }
        return $rows;
    }

    /** @return array<string, array{0: array}> data-provider rows keyed by case name */
    public static function section(string $name): array
    {
        $rows = [];
        foreach (self::all()[$name] as $case) {
            $rows[$case['name']] = [$case];
        }
        return $rows;
    }
}
