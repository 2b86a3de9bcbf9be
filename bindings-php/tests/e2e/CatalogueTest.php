<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\E2e;

use BpjsCodec\Tests\Support\Http;
use BpjsCodec\Tests\Support\Simulator;
use PHPUnit\Framework\TestCase;

/**
 * The endpoint catalogue (docs/catalogue.md) through the extension: the
 * stub's endpoint constants are exactly the catalogue's names, every entry
 * builds through bpjs_request from its own examples, and the whole catalogue
 * is walked against the simulator over real HTTP (request builder, curl,
 * bpjs_process_wrapper), each reply in its service's envelope.
 */
final class CatalogueTest extends TestCase
{
    private const PRODUCTION_HOST = 'https://apijkn.bpjs-kesehatan.go.id';
    private const DEVELOPMENT_HOST = 'https://apijkn-dev.bpjs-kesehatan.go.id';

    private static ?Simulator $sim = null;

    public static function tearDownAfterClass(): void
    {
        self::$sim?->stop();
        self::$sim = null;
    }

    private static function sim(): Simulator
    {
        return self::$sim ??= new Simulator();
    }

    private static function credentials(): array
    {
        return [
            'cons_id' => Simulator::CONS_ID, 'secret' => Simulator::SECRET, 'user_key' => Simulator::USER_KEY,
            'username' => Simulator::USERNAME, 'password' => Simulator::PASSWORD, 'app_code' => Simulator::APP_CODE,
        ];
    }

    /** BPJS_<SERVICE>_<NAME>, as the extension registers it. */
    private static function constantName(array $endpoint): string
    {
        return strtoupper(str_replace(['-', '.'], '_', "BPJS_{$endpoint['service']}_{$endpoint['name']}"));
    }

    /** A plausible value for a body field, by its BPJS name (as the simulator's own walk). */
    private static function fieldValue(string $name): string|int
    {
        $lower = strtolower($name);
        return match (true) {
            in_array($lower, ['nokartu', 'nomorkartu', 'param'], true) => '0001234567890',
            str_starts_with($lower, 'tgl'), str_starts_with($lower, 'tanggal') => '2026-12-05',
            in_array($lower, ['kodepoli', 'kdpoli'], true) => 'INT',
            in_array($lower, ['status', 'taskid', 'waktu', 'kodedokter', 'jenisresep'], true) => 1,
            default => '1',
        };
    }

    /** A body with every documented field, nested objects included. */
    private static function sampleBody(array $fields): array
    {
        $body = [];
        foreach ($fields as $field) {
            if (is_string($field)) {
                $body[$field] = self::fieldValue($field);
            } elseif (is_array($field)) {
                foreach ($field as $name => $inner) {
                    $body[$name] = self::sampleBody($inner);
                }
            }
        }
        return $body;
    }

    /** Parameters from the catalogue's own examples, and a body when the endpoint takes one. */
    private static function sampleParams(array $endpoint): array
    {
        $params = [];
        foreach ($endpoint['params'] as $param) {
            $params[$param['name']] = $param['example'];
        }
        if ($endpoint['body'] !== null) {
            $params['body'] = self::sampleBody($endpoint['body']['fields']);
        }
        return $params;
    }

    public function testTheStubsConstantsAreTheCataloguesNames(): void
    {
        $stub = (string) file_get_contents(dirname(__DIR__, 2) . '/stubs/bpjs_codec.stub.php');
        preg_match_all("/^const (BPJS_[A-Z0-9_]+) = '([^']+)';$/m", $stub, $m, PREG_SET_ORDER);
        $fromStub = [];
        foreach ($m as [, $constant, $name]) {
            $fromStub[$constant] = $name;
        }
        $fromCatalogue = [];
        foreach (bpjs_catalogue() as $endpoint) {
            $constant = self::constantName($endpoint);
            $this->assertArrayNotHasKey($constant, $fromCatalogue, "two endpoints map to $constant");
            $fromCatalogue[$constant] = $endpoint['name'];
            $this->assertTrue(defined($constant), "the extension does not define $constant");
            $this->assertSame($endpoint['name'], constant($constant));
        }
        $this->assertSame($fromCatalogue, $fromStub, 'the stub lists every endpoint constant, in catalogue order');
        $defined = array_filter(
            array_keys(get_defined_constants(true)['bpjs_codec'] ?? []),
            fn ($c) => str_starts_with($c, 'BPJS_'),
        );
        $this->assertEqualsCanonicalizing(array_keys($fromCatalogue), array_values($defined));
    }

    public function testTheCatalogueIsTheCoresTable(): void
    {
        $catalogue = bpjs_catalogue();
        $this->assertGreaterThanOrEqual(190, count($catalogue));
        $ownBase = [];
        $services = ['vclaim', 'antreanrs', 'antreanfktp', 'pcare', 'icare-fktp', 'icare-fkrtl', 'apotek', 'aplicares'];
        foreach ($catalogue as $endpoint) {
            $label = "{$endpoint['service']} {$endpoint['name']}";
            $this->assertSame(
                ['service', 'name', 'method', 'path', 'params', 'encrypted_reply', 'content_type', 'body', 'reply',
                    'production_path', 'development_path'],
                array_keys($endpoint),
                $label,
            );
            $this->assertContains($endpoint['service'], $services, $label);
            $this->assertContains($endpoint['reply']['code'], ['string', 'number'], $label);
            if ($endpoint['production_path'] !== bpjs_service_path($endpoint['service'])) {
                $ownBase[] = $label;
            }
        }
        // Only eRekam Medis lives outside its service's path (docs/catalogue.md: `base`).
        $this->assertSame(['vclaim rekam_medis.insert'], $ownBase);
    }

    public function testEveryEntryBuildsFromItsOwnExamples(): void
    {
        $built = 0;
        foreach (bpjs_catalogue() as $endpoint) {
            $label = "{$endpoint['service']} {$endpoint['name']}";
            $params = self::sampleParams($endpoint);
            $request = bpjs_request($endpoint['service'], $endpoint['name'], $params);
            $this->assertSame(
                ['service', 'name', 'method', 'path', 'content_type', 'body', 'encrypted_reply', 'production_path',
                    'development_path', 'url'],
                array_keys($request),
                $label,
            );
            foreach (['service', 'name', 'method', 'content_type', 'production_path', 'development_path'] as $key) {
                $this->assertSame($endpoint[$key], $request[$key], "$label: $key");
            }
            $this->assertSame($endpoint['encrypted_reply'], $request['encrypted_reply'], $label);
            // The path is the template with each example in place, percent-encoded as one segment.
            $expected = '/' . preg_replace_callback(
                '/\{(\w+)\??:[^}]*\}/',
                fn ($m) => rawurlencode((string) $params[$m[1]]),
                $endpoint['path'],
            );
            $this->assertSame($expected, $request['path'], $label);
            $this->assertSame(
                self::PRODUCTION_HOST . '/' . $endpoint['production_path'] . $request['path'],
                $request['url'],
                $label,
            );
            if ($endpoint['body'] === null) {
                $this->assertNull($request['body'], $label);
            } else {
                $body = json_decode($request['body'], true, 512, JSON_THROW_ON_ERROR);
                foreach ($endpoint['body']['wrapper'] as $key) {
                    $this->assertSame([$key], array_keys($body), "$label: wrapped in {$key}");
                    $body = $body[$key];
                }
                $this->assertSame($params['body'], $body, "$label: the body inside its wrapper");
            }
            $dev = bpjs_request($endpoint['service'], $endpoint['name'], $params, development: true);
            $this->assertSame(
                self::DEVELOPMENT_HOST . '/' . $endpoint['development_path'] . $request['path'],
                $dev['url'],
                $label,
            );
            $built++;
        }
        $this->assertSame(count(bpjs_catalogue()), $built);
    }

    public function testHeadersBaseUrlAndErrors(): void
    {
        $params = ['nik' => '3201011705800001', 'tgl_sep' => '2026-12-05'];
        $request = bpjs_request('vclaim', BPJS_VCLAIM_PESERTA_NIK, $params, self::credentials(), 1732406400);
        $this->assertSame(
            bpjs_build_headers('vclaim', self::credentials(), 1732406400, 'GET', $request['content_type']),
            $request['headers'],
        );
        $this->assertSame('1732406400', $request['headers']['X-timestamp']);
        foreach (['http://127.0.0.1:9/vclaim-rest-dev', 'http://127.0.0.1:9/vclaim-rest-dev/'] as $base) {
            $this->assertSame(
                'http://127.0.0.1:9/vclaim-rest-dev/Peserta/nik/3201011705800001/tglSEP/2026-12-05',
                bpjs_request('vclaim', 'peserta.nik', $params, base_url: $base)['url'],
            );
        }
        // A PCare write: its method and its Content-Type (text/plain) in the headers.
        $write = bpjs_request('pcare', BPJS_PCARE_KUNJUNGAN_INSERT, ['body' => []], self::credentials(), 5);
        $this->assertSame('{}', $write['body'], 'an empty PHP array is an empty body object');
        $this->assertSame($write['content_type'], $write['headers']['Content-Type']);
        $this->assertArrayHasKey('X-authorization', $write['headers']);
        // Errors name the parameter and its type, never the value.
        $bad = [
            [fn () => bpjs_request('vclaim', 'peserta.nik', ['nik' => '0001234567890', 'tgl_sep' => '2026-12-05']),
                'nik'],
            [fn () => bpjs_request('vclaim', 'peserta.nokartu.x'), 'endpoint'],
            [fn () => bpjs_request('vclaim', 'peserta.nik', ['nik' => '3201011705800001']), 'tgl_sep'],
            [fn () => bpjs_request('nope', 'peserta.nik'), 'service'],
            [fn () => bpjs_request('vclaim', 'peserta.nik', $params, ['cons_id' => '1']), 'secret'],
        ];
        foreach ($bad as $i => [$call, $named]) {
            try {
                $call();
                $this->fail("call $i: no error");
            } catch (\BpjsCodecException $e) {
                $this->assertSame('config', $e->getKind(), "call $i");
                $this->assertStringNotContainsString('0001234567890', (string) $e, "call $i");
                $this->assertStringContainsString($named, $e->getMessage(), "call $i");
            }
        }
    }

    public function testTheWholeCatalogueAgainstTheSimulator(): void
    {
        $sim = self::sim();
        $ok = 0;
        $businessErrors = [];
        $walked = 0;
        $skipped = [];
        foreach (bpjs_catalogue() as $endpoint) {
            $label = "{$endpoint['service']} {$endpoint['name']}";
            $params = self::sampleParams($endpoint);
            $isErm = $endpoint['production_path'] !== bpjs_service_path($endpoint['service']);
            if ($isErm) {
                $body = bpjs_build_medical_record_request(Simulator::CONS_ID, Simulator::SECRET, '0301R001', [
                    'noSep' => '0301R0011124V000123', 'jnsPelayanan' => '2', 'bulan' => '11', 'tahun' => '2024',
                    'bundle' => '{"resourceType":"Bundle","type":"document","entry":[]}',
                ]);
                $params['body'] = json_decode($body, true, 512, JSON_THROW_ON_ERROR);
            }
            $timestamp = (string) time();
            $request = bpjs_request(
                $endpoint['service'],
                $endpoint['name'],
                $params,
                self::credentials(),
                $timestamp,
                $sim->url . '/' . $endpoint['production_path'],
            );
            $reply = Http::send($request['method'], $request['url'], $request['headers'], $request['body']);
            if ($isErm && $reply['status'] === 404) {
                $skipped[] = $label;
                continue;
            }
            $walked++;
            $this->assertSame(200, $reply['status'], "$label: {$reply['status']} {$reply['body']}");
            $envelope = bpjs_process_wrapper(Simulator::CONS_ID, Simulator::SECRET, $timestamp, $reply['body']);
            $this->assertIsArray($envelope, "$label: {$reply['body']}");
            $key = $endpoint['reply']['envelope'];
            $this->assertArrayHasKey($key, $envelope, "$label: no $key in {$reply['body']}");
            $code = $envelope[$key]['code'];
            $endpoint['reply']['code'] === 'string'
                ? $this->assertIsString($code, $label)
                : $this->assertIsInt($code, $label);
            // Kept at 200 by the simulator for suites written before the catalogue; real BPJS sends 1.
            $knownException = $endpoint['service'] === 'antreanrs' && $endpoint['name'] === 'referensi.poli';
            if ((int) $code === $endpoint['reply']['ok_code'] || ($knownException && (int) $code === 200)) {
                $ok++;
                $raw = json_decode($reply['body'], true)['response'] ?? null;
                if ($endpoint['encrypted_reply'] && ($envelope['response'] ?? null) !== null) {
                    $this->assertTrue(is_string($raw) && bpjs_is_ciphertext($raw), "$label: reply not encrypted");
                }
                if (!$endpoint['encrypted_reply']) {
                    $plain = $envelope['response'] ?? null;
                    $this->assertSame($raw, $plain, "$label: a plain endpoint answered ciphertext");
                }
            } else {
                // Sample parameters name no stored record: BPJS's "not found", in the service's own shape.
                $this->assertFalse(bpjs_metadata($envelope)['ok'], "$label: code $code read as ok");
                $businessErrors[] = "$label: $code";
            }
        }
        fwrite(STDERR, sprintf(
            "\n[catalogue] walked %d endpoints, %d OK, %d business errors, skipped (not served): %s",
            $walked,
            $ok,
            count($businessErrors),
            $skipped === [] ? 'none' : implode(', ', $skipped),
        ));
        $this->assertSame(count(bpjs_catalogue()), $walked + count($skipped));
        $this->assertLessThanOrEqual(1, count($skipped), 'only eRekam Medis may be missing from the simulator');
        $this->assertGreaterThanOrEqual(170, $ok, implode("\n", $businessErrors));
        $this->assertLessThanOrEqual(20, count($businessErrors), implode("\n", $businessErrors));
    }
}
