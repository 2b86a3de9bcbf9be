<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Unit;

use BpjsCodecException;
use PHPUnit\Framework\TestCase;

/**
 * tests/vectors/erm.json (docs/erm.md, written by erm.mjs with node:crypto and
 * node:zlib): the same cases the Rust, Python and Node suites run, through
 * bpjs_decrypt_medical_record, bpjs_build_medical_record_request and
 * bpjs_encrypt_medical_record.
 */
final class ErmVectorsTest extends TestCase
{
    private static ?array $doc = null;

    private static function doc(): array
    {
        if (self::$doc === null) {
            $env = getenv('BPJS_ERM_VECTORS');
            $path = ($env !== false && $env !== '') ? $env : dirname(__DIR__, 3) . '/tests/vectors/erm.json';
            $text = @file_get_contents($path);
            if ($text === false) {
                throw new \RuntimeException("eRM vectors not found at $path (set BPJS_ERM_VECTORS)");
            }
            self::$doc = json_decode($text, true, 512, JSON_THROW_ON_ERROR);
        }
        return self::$doc;
    }

    /** @return array<string, array{0: array}> */
    private static function section(string $name): array
    {
        $rows = [];
        foreach (self::doc()[$name] as $case) {
            $rows[$case['name']] = [$case];
        }
        if ($rows === []) {
            throw new \RuntimeException("erm.json: section $name is empty");
        }
        return $rows;
    }

    public static function decryptCases(): array
    {
        return self::section('decrypt');
    }

    public static function bundleCases(): array
    {
        return self::section('bundles');
    }

    public static function requestCases(): array
    {
        return self::section('requests');
    }

    /** The bodies that open: refusing a received body is the receiver's check, not a PHP function. */
    public static function bodyCases(): array
    {
        return array_filter(self::section('bodies'), fn ($row) => !isset($row[0]['error']));
    }

    private function error(callable $call, string $case): BpjsCodecException
    {
        try {
            $call();
        } catch (BpjsCodecException $e) {
            return $e;
        }
        $this->fail("$case: no BpjsCodecException");
    }

    /** The body's request object: its four fields (keys in order) and dataMR. */
    private function requestOf(string $body): array
    {
        $value = json_decode($body, true, 512, JSON_THROW_ON_ERROR);
        $this->assertSame(['request'], array_keys($value));
        $request = $value['request'];
        $this->assertSame(['noSep', 'jnsPelayanan', 'bulan', 'tahun', 'dataMR'], array_keys($request));
        $dataMr = $request['dataMR'];
        unset($request['dataMR']);
        return [$request, $dataMr];
    }

    public function testTheDefaultCapIsTheExtensionsDefault(): void
    {
        $this->assertSame(33554432, self::doc()['default_max_output']);
    }

    /** @dataProvider decryptCases */
    public function testDecrypt(array $c): void
    {
        $call = fn () => bpjs_decrypt_medical_record(
            $c['cons_id'],
            $c['secret'],
            $c['kode_ppk'],
            $c['data_mr'],
            $c['max_output'] ?? null,
        );
        if (isset($c['error'])) {
            $e = $this->error($call, $c['name']);
            $this->assertSame($c['error'], $e->getKind(), "{$c['name']}: {$e->getMessage()}");
            $this->assertStringNotContainsString($c['secret'], (string) $e);
            $this->assertStringNotContainsString('resourceType', $e->getMessage());
            return;
        }
        $this->assertSame($c['bundle'], $call(), $c['name']);
    }

    /** @dataProvider bundleCases */
    public function testBundleCheckOfTheRequestBuilder(array $c): void
    {
        // The builder checks the bundle: the bundle cases through it, as JSON text.
        $fields = ['noSep' => '0301R0011124V000123', 'jnsPelayanan' => '2', 'bulan' => '11', 'tahun' => '2024',
            'bundle' => $c['bundle_json']];
        $call = fn () => bpjs_build_medical_record_request('1000', 'S3cr3tK3y', '0301R001', $fields);
        if (isset($c['error'])) {
            $this->assertSame($c['error'], $this->error($call, $c['name'])->getKind());
            return;
        }
        [, $dataMr] = $this->requestOf($call());
        $this->assertSame(
            $c['bundle_json'],
            bpjs_decrypt_medical_record('1000', 'S3cr3tK3y', '0301R001', $dataMr),
            'the bundle text is encrypted verbatim',
        );
    }

    /** @dataProvider requestCases */
    public function testRequests(array $c): void
    {
        // As JSON text (exactly the vector) and as the array json_decode gives a PHP app.
        $asText = fn () => bpjs_build_medical_record_request(
            $c['cons_id'],
            $c['secret'],
            $c['kode_ppk'],
            $c['fields_json'],
        );
        if (isset($c['error'])) {
            $e = $this->error($asText, $c['name']);
            $this->assertSame($c['error'], $e->getKind(), $c['name']);
            $this->assertStringStartsWith($c['error'] . ': ' . $c['error_field'], $e->getMessage(), $c['name']);
            return;
        }
        [$fields, $dataMr] = $this->requestOf($asText());
        $this->assertSame($c['request'], $fields, $c['name']);
        $this->assertSame(
            $c['bundle'],
            bpjs_decrypt_medical_record($c['cons_id'], $c['secret'], $c['kode_ppk'], $dataMr),
            $c['name'],
        );
        $asArray = json_decode($c['fields_json'], true, 512, JSON_THROW_ON_ERROR);
        [$fields, $dataMr] = $this->requestOf(
            bpjs_build_medical_record_request($c['cons_id'], $c['secret'], $c['kode_ppk'], $asArray),
        );
        $this->assertSame($c['request'], $fields, "{$c['name']} (array)");
        $bundle = bpjs_decrypt_medical_record($c['cons_id'], $c['secret'], $c['kode_ppk'], $dataMr);
        // Re-encoded from the array: the same document (json_encode's escapes aside).
        $this->assertEquals(json_decode($c['bundle'], true), json_decode($bundle, true), "{$c['name']} (array)");
    }

    /** @dataProvider bodyCases */
    public function testReceivedBodiesOpen(array $c): void
    {
        $request = json_decode($c['body'], true, 512, JSON_THROW_ON_ERROR)['request'];
        $this->assertSame(
            $c['bundle'],
            bpjs_decrypt_medical_record($c['cons_id'], $c['secret'], $c['kode_ppk'], $request['dataMR']),
            $c['name'],
        );
    }

    public function testOursRoundTripAndAreDeterministic(): void
    {
        foreach (self::doc()['decrypt'] as $c) {
            if (!isset($c['bundle'])) {
                continue;
            }
            $dataMr = bpjs_encrypt_medical_record('1000', 'S3cr3tK3y', '0301R001', $c['bundle']);
            $this->assertSame($dataMr, bpjs_encrypt_medical_record('1000', 'S3cr3tK3y', '0301R001', $c['bundle']));
            $this->assertSame($c['bundle'], bpjs_decrypt_medical_record('1000', 'S3cr3tK3y', '0301R001', $dataMr));
            $this->assertSame('padding', $this->error(
                fn () => bpjs_decrypt_medical_record('1000', 'S3cr3tK3y', '0301R002', $dataMr),
                'another facility',
            )->getKind());
        }
        $e = $this->error(fn () => bpjs_encrypt_medical_record('1000', 'S3cr3tK3y', '', '{}'), 'no kode_ppk');
        $this->assertSame('config', $e->getKind());
        $this->assertStringContainsString('kode_ppk', $e->getMessage());
    }
}
