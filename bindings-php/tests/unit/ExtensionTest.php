<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Unit;

use BpjsCodecException;
use PHPUnit\Framework\TestCase;
use ReflectionClass;
use ReflectionExtension;
use ReflectionFunction;
use RuntimeException;

/** The extension's PHP surface, every error kind, and what messages must never hold. */
final class ExtensionTest extends TestCase
{
    private const CONS_ID = '31337';
    private const SECRET = 'S3cr3t-never-shown';
    private const USER_KEY = 'uk-never-shown-0123';
    private const PASSWORD = 'Pa55-never-shown';
    private const TS = '1732406400';

    /** @var array<string, string> every kind => one message seen for it */
    private static array $messages = [];

    private static function kindOf(callable $call): ?string
    {
        try {
            $call();
        } catch (BpjsCodecException $e) {
            self::$messages[$e->getKind()] = $e->getMessage();
            return $e->getKind();
        }
        return null;
    }

    public function testModuleNameAndFunctions(): void
    {
        $this->assertContains('bpjs_codec', get_loaded_extensions());
        $functions = array_keys((new ReflectionExtension('bpjs_codec'))->getFunctions());
        sort($functions);
        $this->assertSame([
            'bpjs_audit_record', 'bpjs_authorization', 'bpjs_build_headers', 'bpjs_build_medical_record_request',
            'bpjs_canonical_json', 'bpjs_catalogue', 'bpjs_compress_and_encrypt', 'bpjs_decrypt',
            'bpjs_decrypt_and_decompress', 'bpjs_decrypt_medical_record', 'bpjs_derive_hash_key',
            'bpjs_encrypt_medical_record', 'bpjs_find_timestamp', 'bpjs_is_ciphertext', 'bpjs_is_sensitive_header',
            'bpjs_logged_result_number', 'bpjs_lz_compress', 'bpjs_lz_decompress', 'bpjs_metadata',
            'bpjs_payload_hash', 'bpjs_process_wrapper', 'bpjs_redact', 'bpjs_redact_endpoint', 'bpjs_request',
            'bpjs_resend_outcome', 'bpjs_resend_plan', 'bpjs_result_number', 'bpjs_retry_decision',
            'bpjs_send_state', 'bpjs_service_from_url', 'bpjs_service_path', 'bpjs_signature', 'bpjs_stale_limits',
        ], $functions);
    }

    public function testParameterNamesAreReal(): void
    {
        $names = fn (string $f) => array_map(fn ($p) => $p->getName(), (new ReflectionFunction($f))->getParameters());
        $this->assertSame(
            ['service', 'credentials', 'timestamp', 'method', 'content_type'],
            $names('bpjs_build_headers'),
        );
        $this->assertSame(
            ['cons_id', 'secret', 'timestamp', 'ciphertext', 'max_output'],
            $names('bpjs_decrypt_and_decompress'),
        );
        $this->assertSame(['cons_id', 'secret', 'timestamp', 'body', 'max_output'], $names('bpjs_process_wrapper'));
        $this->assertSame(['key', 'ciphertext'], $names('bpjs_decrypt'));
        $this->assertSame(['text', 'max_output'], $names('bpjs_lz_decompress'));
        $this->assertSame(['envelope'], $names('bpjs_metadata'));
        $this->assertSame(2, (new ReflectionFunction('bpjs_build_headers'))->getNumberOfRequiredParameters());
        // Named arguments work because the names are real.
        $h = bpjs_build_headers(service: 'aplicares', credentials: ['cons_id' => '1', 'secret' => 's'], timestamp: 5);
        $this->assertSame('5', $h['X-timestamp']);
    }

    public function testExceptionClass(): void
    {
        $class = new ReflectionClass(BpjsCodecException::class);
        $this->assertTrue($class->isSubclassOf(RuntimeException::class));
        $this->assertTrue($class->getMethod('getKind')->isPublic());
        try {
            bpjs_decrypt_and_decompress(self::CONS_ID, self::SECRET, self::TS, 'AAAA');
            $this->fail('no exception');
        } catch (RuntimeException $e) {
            $this->assertInstanceOf(BpjsCodecException::class, $e);
            $this->assertSame('cipher_length', $e->getKind());
            $this->assertSame(__FILE__, $e->getFile(), 'file and line point at the caller');
            $this->assertSame(__LINE__ - 6, $e->getLine());
            $this->assertStringStartsWith('cipher_length: ', $e->getMessage());
        }
        // Users may construct one themselves (e.g. in their own fakes).
        $this->assertSame('', (new BpjsCodecException('x'))->getKind());
    }

    public function testEveryErrorKind(): void
    {
        $c = self::CONS_ID;
        $s = self::SECRET;
        $t = self::TS;
        $ok = bpjs_compress_and_encrypt($c, $s, $t, '{"poli":[{"kode":"INT","nama":"PENYAKIT DALAM"}]}');
        $body = fn (string $ct) => '{"metaData":{"code":"200","message":"OK"},"response":' . json_encode($ct) . '}';

        $this->assertSame(
            'base64',
            self::kindOf(fn () => bpjs_decrypt_and_decompress($c, $s, $t, 'Service Unavailable!')),
        );
        $this->assertSame('cipher_length', self::kindOf(fn () => bpjs_decrypt_and_decompress($c, $s, $t, 'AAAA')));
        $this->assertSame('padding', self::kindOf(fn () => bpjs_decrypt_and_decompress($c, $s, '1732406401', $ok)));
        $this->assertSame('padding', self::kindOf(fn () => bpjs_process_wrapper($c, $s, '1732406401', $body($ok))));
        $this->assertSame('lz_empty', self::kindOf(fn () => bpjs_lz_decompress('')));
        $this->assertSame('lz_invalid_char', self::kindOf(fn () => bpjs_lz_decompress('!abc')));
        $this->assertSame('lz_truncated', self::kindOf(fn () => bpjs_lz_decompress('A')));
        // First code 3: the first character's two top bits set ('w' = 48 = 0b110000).
        $this->assertSame('lz_corrupt', self::kindOf(fn () => bpjs_lz_decompress('w')));
        $big = bpjs_compress_and_encrypt($c, $s, $t, str_repeat('é', 5000));
        $this->assertSame('output_limit', self::kindOf(fn () => bpjs_decrypt_and_decompress($c, $s, $t, $big, 4999)));
        $this->assertSame(str_repeat('é', 5000), bpjs_decrypt_and_decompress($c, $s, $t, $big, 5000));
        $notJson = bpjs_compress_and_encrypt($c, $s, $t, 'Sukses (bukan JSON)');
        $this->assertSame('json', self::kindOf(fn () => bpjs_process_wrapper($c, $s, $t, $body($notJson))));
        $this->assertSame('Sukses (bukan JSON)', bpjs_decrypt_and_decompress($c, $s, $t, $notJson));
        $this->assertSame('config', self::kindOf(fn () => bpjs_decrypt_and_decompress('', $s, $t, $ok)));

        $this->assertEqualsCanonicalizing(
            ['base64', 'cipher_length', 'padding', 'lz_empty', 'lz_invalid_char', 'lz_truncated', 'lz_corrupt',
             'output_limit', 'json', 'config'],
            array_keys(self::$messages)
        );
        $this->assertStringContainsString('wrong cons_id, secret or timestamp', self::$messages['padding']);
    }

    public function testConfigErrorsNameTheField(): void
    {
        $creds = ['cons_id' => self::CONS_ID, 'secret' => self::SECRET, 'user_key' => self::USER_KEY];
        $cases = [
            'service' => fn () => bpjs_build_headers('vclaim-typo', $creds, self::TS),
            'method' => fn () => bpjs_build_headers('vclaim', $creds, self::TS, 'PATCH'),
            'timestamp' => fn () => bpjs_build_headers('vclaim', $creds, '17.5'),
            'timestamp ' => fn () => bpjs_decrypt_and_decompress(self::CONS_ID, self::SECRET, -1, 'AAAA'),
            'timestamp  ' => fn () => bpjs_process_wrapper(self::CONS_ID, self::SECRET, 1.5, '{}'),
            'max_output' => fn () => bpjs_lz_decompress('Q', -1),
            'secret' => fn () => bpjs_process_wrapper(self::CONS_ID, '', self::TS, '{}'),
            'username' => fn () => bpjs_build_headers('pcare', $creds, self::TS),
            'credentials[user_key]' => fn () => bpjs_build_headers('vclaim', ['user_key' => ['x']] + $creds, self::TS),
            'key' => fn () => bpjs_decrypt('', 'AAAA'),
            'envelope' => fn () => bpjs_metadata(42),
            'cons_id' => fn () => bpjs_signature('', self::SECRET, self::TS),
            'secret   ' => fn () => bpjs_signature(self::CONS_ID, '', self::TS),
            'cons_id ' => fn () => bpjs_compress_and_encrypt('', self::SECRET, self::TS, '{}'),
            'secret    ' => fn () => bpjs_compress_and_encrypt(self::CONS_ID, '', self::TS, '{}'),
        ];
        foreach ($cases as $field => $call) {
            try {
                $call();
                $this->fail("no config error for $field");
            } catch (BpjsCodecException $e) {
                $this->assertSame('config', $e->getKind(), $field);
                $this->assertStringContainsString(trim($field), $e->getMessage());
            }
        }
    }

    public function testNoSecretInAnyMessage(): void
    {
        $creds = ['cons_id' => self::CONS_ID, 'secret' => self::SECRET, 'user_key' => self::USER_KEY,
                  'username' => 'dokter', 'password' => self::PASSWORD];
        $headers = bpjs_build_headers('pcare', $creds, self::TS);
        $derived = hash('sha256', self::CONS_ID . self::SECRET . self::TS, true);
        $forbidden = [self::SECRET, self::USER_KEY, self::PASSWORD, $headers['X-signature'],
                      $headers['X-authorization'], substr($headers['X-authorization'], 6),
                      bin2hex($derived), base64_encode($derived)];
        $this->testEveryErrorKind();
        $this->testConfigErrorsNameTheField();
        try {
            bpjs_build_headers('icare-fktp', ['password' => self::PASSWORD] + $creds + ['username' => ''], self::TS);
        } catch (BpjsCodecException $e) {
            self::$messages['icare'] = $e->getMessage();
        }
        foreach (self::$messages as $kind => $message) {
            foreach ($forbidden as $secret) {
                $this->assertStringNotContainsString($secret, $message, "message of $kind");
            }
        }
    }

    public function testBuildHeadersOptions(): void
    {
        $creds = ['cons_id' => 31337, 'secret' => self::SECRET, 'user_key' => self::USER_KEY,
                  'username' => 'dokter', 'password' => self::PASSWORD, 'app_code' => null];
        $before = time();
        $h = bpjs_build_headers('pcare', $creds, null, 'POST', 'text/plain');
        $this->assertSame('31337', $h['X-cons-id'], 'an int cons_id is written in decimal');
        $this->assertGreaterThanOrEqual($before, (int) $h['X-timestamp']);
        $this->assertSame('text/plain', $h['Content-Type']);
        $this->assertSame('Basic ' . base64_encode('dokter:' . self::PASSWORD . ':095'), $h['X-authorization']);
        $this->assertSame(
            base64_encode(hash_hmac('sha256', '31337&' . $h['X-timestamp'], self::SECRET, true)),
            $h['X-signature'],
            'the signature uses the X-timestamp it returns'
        );
        $this->assertSame(
            'Application/x-www-form-urlencoded',
            bpjs_build_headers('vclaim', $creds, self::TS, 'delete')['Content-Type']
        );
    }

    public function testProcessWrapperShapes(): void
    {
        $c = self::CONS_ID;
        $s = self::SECRET;
        $t = self::TS;
        $json = '{"10":"ten","big":12345678901234567890,"f":1.0,"neg0":-0,'
            . '"nested":{"":"empty key"},"list":[],"obj":{}}';
        $body = '{"response":' . json_encode(bpjs_compress_and_encrypt($c, $s, $t, $json)) . ',"metadata":{"code":1}}';
        $got = bpjs_process_wrapper($c, $s, $t, $body);
        $this->assertSame(['response' => json_decode($json, true), 'metadata' => ['code' => 1]], $got);
        $this->assertSame(json_decode($json, true), $got['response']);
        $this->assertSame('<html>502</html>', bpjs_process_wrapper($c, $s, $t, '<html>502</html>'));
        $this->assertSame(
            "\xff\xfe",
            bpjs_process_wrapper($c, $s, $t, "\xff\xfe"),
            'non-UTF-8 body kept byte for byte',
        );
        $this->assertSame([1, 2], bpjs_process_wrapper($c, $s, (int) $t, '[1,2]'));
        $this->assertSame('OK', bpjs_process_wrapper($c, $s, $t, '"OK"'));
        $this->assertNull(bpjs_process_wrapper($c, $s, $t, 'null'), 'a bare JSON scalar decodes as json_decode does');
        $this->assertSame(42, bpjs_process_wrapper($c, $s, $t, ' 42 '));
    }

    /** JSON documents where a hand-made decoder could drift from json_decode. */
    public static function jsonEdgeCases(): array
    {
        $docs = [
            'numeric keys' => '{"0":"a","10":"b","-5":"c","-0":"d","01":"e","+1":"f","9223372036854775807":"max",'
                . '"9223372036854775808":"over","-9223372036854775808":"min","1.5":"g"}',
            'big and odd numbers' => '[12345678901234567890,-12345678901234567890,9223372036854775807,'
                . '-9223372036854775808,9223372036854775808,1.0,1e2,1E-2,0.1,1.7976931348623157e308,5e-324,'
                . '123456789012345678901234567890]',
            'negative zero int' => '{"a":-0,"b":[0,-0]}',
            'negative zero float' => '{"a":-0.0,"b":-0e0}',
            'escapes and unicode' => '{"s":"\\u00e9\\ud83d\\ude00\\n\\t\\"\\\\\\/","k\\u0000ey":1,"é🏥":"x"}',
            'duplicate keys' => '{"a":1,"b":2,"a":3}',
            'empty key and containers' => '{"":1,"o":{},"l":[],"n":null,"t":true,"f":false}',
            'deep' => str_repeat('[', 100) . '1' . str_repeat(']', 100),
            'repeated keys in a list' => '[' . implode(
                ',',
                array_map(
                    fn ($i) => '{"kdDiag":"A' . $i . '","nmDiag":"x","nonSpesialis":'
                        . ($i % 2 ? 'true' : 'false') . '}',
                    range(1, 50),
                ),
            ) . ']',
            'scalar string' => '"just a string"',
            'scalar number' => '42',
        ];
        return array_map(fn ($d) => [$d], $docs);
    }

    /** @dataProvider jsonEdgeCases */
    public function testArrayIsExactlyJsonDecode(string $json): void
    {
        $c = self::CONS_ID;
        $s = self::SECRET;
        $t = self::TS;
        $expected = json_decode($json, true, 512, JSON_THROW_ON_ERROR);
        // Through the decode path...
        $body = '{"metaData":{"code":"200"},"response":' . json_encode(bpjs_compress_and_encrypt(
            $c,
            $s,
            $t,
            $json,
        )) . '}';
        $got = bpjs_process_wrapper($c, $s, $t, $body);
        $this->assertSame(['metaData' => ['code' => '200'], 'response' => $expected], $got);
        // ...and the plain one (body returned as parsed).
        $this->assertSame(json_decode($json, true), bpjs_process_wrapper($c, $s, $t, $json));
        if (is_array($expected)) {
            // Same types, keys and order, down to -0.0 versus 0.
            $this->assertSame(var_export($expected, true), var_export($got['response'], true));
        }
    }
}
