<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Unit;

use PHPUnit\Framework\TestCase;
use ReflectionExtension;

/**
 * The README's table of the core API per host (between the api-table markers):
 * every PHP name in it exists in the extension, and every function of the
 * extension is in it, so a host that lacks a core function fails here.
 */
final class ApiTableTest extends TestCase
{
    /** @return list<string> the PHP column (the third), backticks removed */
    private static function phpNames(): array
    {
        $readme = (string) file_get_contents(dirname(__DIR__, 3) . '/README.md');
        $start = strpos($readme, '<!-- api-table:start -->');
        $end = strpos($readme, '<!-- api-table:end -->');
        self::assertNotFalse($start, 'README.md: no api-table:start marker');
        self::assertNotFalse($end, 'README.md: no api-table:end marker');
        $names = [];
        $rows = preg_split('/\R/', substr($readme, $start, $end - $start)) ?: [];
        foreach ($rows as $row) {
            if (!str_starts_with(trim($row), '|') || preg_match('/^\|[\s|:-]+\|$/', trim($row)) === 1) {
                continue;
            }
            $cells = array_map('trim', explode('|', trim(trim($row), '|')));
            self::assertCount(4, $cells, "README api table row: $row");
            $names[] = trim($cells[2], '` ');
        }
        self::assertNotEmpty($names, 'README.md: the api table has no rows');
        // The first row is the header (its PHP cell names the column).
        self::assertStringContainsString('PHP', array_shift($names));
        return $names;
    }

    public function testEveryPhpNameInTheReadmeExists(): void
    {
        $names = self::phpNames();
        $this->assertGreaterThanOrEqual(20, count($names));
        foreach ($names as $name) {
            $this->assertMatchesRegularExpression('/^bpjs_[a-z0-9_]+$/', $name, 'PHP names are bpjs_snake_case');
            $this->assertTrue(function_exists($name), "$name is in the README's api table but not in the extension");
        }
        $this->assertSame(array_unique($names), $names, 'each PHP name once');
    }

    public function testEveryFunctionOfTheExtensionIsInTheTable(): void
    {
        $functions = array_keys((new ReflectionExtension('bpjs_codec'))->getFunctions());
        $missing = array_values(array_diff($functions, self::phpNames()));
        $this->assertSame([], $missing, 'functions of the extension missing from the README api table');
    }
}
