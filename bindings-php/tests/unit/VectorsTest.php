<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Unit;

use BpjsCodec\Tests\Support\Vectors;
use BpjsCodecException;
use PHPUnit\Framework\TestCase;

/**
 * Every case of tests/vectors/vectors.json through the extension: the same file
 * drives the Rust, Python and Node suites, so the hosts cannot drift apart.
 */
final class VectorsTest extends TestCase
{
    public static function decodeCases(): array
    {
        return Vectors::section('decode');
    }

    public static function lzCases(): array
    {
        return Vectors::section('lz');
    }

    public static function envelopeCases(): array
    {
        return Vectors::section('envelopes');
    }

    public static function metadataCases(): array
    {
        return Vectors::section('metadata');
    }

    public static function headerCases(): array
    {
        return Vectors::section('headers');
    }

    public static function ciphertextRuleCases(): array
    {
        return Vectors::section('ciphertext_rule');
    }

    public static function requestCases(): array
    {
        return Vectors::section('requests');
    }

    /** Runs $call and returns the kind of the BpjsCodecException it throws, or null. */
    private static function kindOf(callable $call): ?string
    {
        try {
            $call();
        } catch (BpjsCodecException $e) {
            return $e->getKind();
        }
        return null;
    }

    /** @dataProvider decodeCases */
    public function testDecrypt(array $c): void
    {
        $key = $c['cons_id'] . $c['secret'] . $c['timestamp'];
        if (isset($c['decrypt_error'])) {
            // Valid padding but not UTF-8 text: the AES layer alone says "padding".
            $this->assertSame($c['decrypt_error'], self::kindOf(fn () => bpjs_decrypt($key, $c['ciphertext'])));
        } elseif (array_key_exists('plaintext', $c)) {
            $this->assertSame($c['plaintext'], bpjs_decrypt($key, $c['ciphertext']));
        } else {
            $this->assertSame($c['error'], self::kindOf(fn () => bpjs_decrypt($key, $c['ciphertext'])));
        }
    }

    /** @dataProvider decodeCases */
    public function testDecryptAndDecompress(array $c): void
    {
        $max = $c['max_output'] ?? null;
        // Timestamps are accepted as decimal strings and as ints; both must give the same key.
        $timestamps = [$c['timestamp']];
        if (ctype_digit($c['timestamp']) && strlen($c['timestamp']) < 19) {
            $timestamps[] = (int) $c['timestamp'];
        }
        foreach ($timestamps as $ts) {
            if (isset($c['error'])) {
                $kind = self::kindOf(fn () => bpjs_decrypt_and_decompress(
                    $c['cons_id'],
                    $c['secret'],
                    $ts,
                    $c['ciphertext'],
                    $max,
                ));
                $this->assertSame($c['error'], $kind);
            } else {
                $this->assertSame(
                    $c['text'],
                    bpjs_decrypt_and_decompress($c['cons_id'], $c['secret'], $ts, $c['ciphertext'], $max),
                );
            }
        }
    }

    /** @dataProvider decodeCases */
    public function testLzLayerOfDecodeCase(array $c): void
    {
        if (!array_key_exists('plaintext', $c)) {
            $this->assertContains($c['error'], ['base64', 'cipher_length', 'padding', 'lz_invalid_char']);
            return;
        }
        $max = $c['max_output'] ?? null;
        if (isset($c['error'])) {
            $this->assertSame($c['error'], self::kindOf(fn () => bpjs_lz_decompress($c['plaintext'], $max)));
        } else {
            $this->assertSame($c['text'], bpjs_lz_decompress($c['plaintext'], $max));
        }
    }

    /** @dataProvider decodeCases */
    public function testProcessWrapperOfDecodeCase(array $c): void
    {
        $body = '{"metaData":{"code":"200","message":"OK"},"response":' . json_encode($c['ciphertext']) . '}';
        $call = fn () => bpjs_process_wrapper(
            $c['cons_id'],
            $c['secret'],
            $c['timestamp'],
            $body,
            $c['max_output'] ?? null,
        );
        switch ($c['envelope']) {
            case 'decoded':
                $expected = [
                    'metaData' => ['code' => '200', 'message' => 'OK'],
                    'response' => json_decode($c['text'], true),
                ];
                $this->assertSame($expected, $call());
                break;
            case 'passthrough':
                $this->assertSame(json_decode($body, true), $call());
                break;
            default:
                $this->assertSame($c['envelope'], self::kindOf($call));
        }
    }

    /** @dataProvider lzCases */
    public function testLz(array $c): void
    {
        $max = $c['max_output'] ?? null;
        if (isset($c['error'])) {
            $this->assertSame($c['error'], self::kindOf(fn () => bpjs_lz_decompress($c['input'], $max)));
        } else {
            $this->assertSame($c['text'], bpjs_lz_decompress($c['input'], $max));
        }
    }

    /** @dataProvider envelopeCases */
    public function testEnvelope(array $c): void
    {
        $call = fn () => bpjs_process_wrapper($c['cons_id'], $c['secret'], $c['timestamp'], $c['body']);
        $result = $c['result'];
        if (array_key_exists('error', $result)) {
            $this->assertSame($result['error'], self::kindOf($call));
        } elseif (array_key_exists('text', $result)) {
            $this->assertSame($result['text'], $call());
        } else {
            // The vectors hold the expected envelope as JSON; json_decode gives
            // exactly the array shape the extension promises.
            $this->assertSame($result['json'], $call());
        }
    }

    /** @dataProvider metadataCases */
    public function testMetadata(array $c): void
    {
        $this->assertSame($c['expected'], bpjs_metadata($c['input']));
        if (is_string($c['input'])) {
            $decoded = json_decode($c['input'], true);
            if (is_array($decoded)) {
                $this->assertSame($c['expected'], bpjs_metadata($decoded), 'array form of the same envelope');
            }
        }
    }

    /** @dataProvider headerCases */
    public function testHeaders(array $c): void
    {
        $creds = $c['credentials'];
        $call = fn () => bpjs_build_headers($c['service'], $creds, $c['timestamp'], $c['method'] ?? null);
        if (isset($c['error'])) {
            try {
                $call();
                $this->fail('expected a config error for ' . $c['error_field']);
            } catch (BpjsCodecException $e) {
                $this->assertSame($c['error'], $e->getKind());
                $this->assertStringContainsString($c['error_field'], $e->getMessage());
                foreach (['secret', 'user_key', 'password'] as $field) {
                    if (($creds[$field] ?? '') !== '') {
                        $this->assertStringNotContainsString($creds[$field], $e->getMessage());
                    }
                }
            }
            return;
        }
        $headers = $call();
        // Same order, same values as the vectors...
        $this->assertSame($c['expected'], $headers);
        // ...and as PHP's own primitives, computed here.
        $ts = $c['timestamp'];
        $this->assertSame($ts, $headers['X-timestamp']);
        $this->assertSame(
            base64_encode(hash_hmac('sha256', $creds['cons_id'] . '&' . $ts, $creds['secret'], true)),
            $headers['X-signature']
        );
        $this->assertSame($headers['X-signature'], bpjs_signature($creds['cons_id'], $creds['secret'], $ts));
        $this->assertSame($headers['X-signature'], bpjs_signature($creds['cons_id'], $creds['secret'], (int) $ts));
        if (isset($headers['X-authorization'])) {
            $app = ($creds['app_code'] ?? '') === '' ? '095' : $creds['app_code'];
            $this->assertSame(
                'Basic ' . base64_encode($creds['username'] . ':' . $creds['password'] . ':' . $app),
                $headers['X-authorization']
            );
        }
        // An int timestamp builds the same headers.
        $this->assertSame($headers, bpjs_build_headers($c['service'], $creds, (int) $ts, $c['method'] ?? null));
    }

    /** @dataProvider ciphertextRuleCases */
    public function testCiphertextRule(array $c): void
    {
        $this->assertSame($c['ciphertext'], bpjs_is_ciphertext($c['response']), $c['note']);
        // bpjs_process_wrapper follows the rule: a plain string passes through; a
        // ciphertext this key cannot open is an error with its kind, never passed through.
        $body = json_encode(['metaData' => ['code' => '200', 'message' => 'OK'], 'response' => $c['response']]);
        try {
            $decoded = bpjs_process_wrapper('1000', 'S3cr3tSim', '1732406400', $body);
            $passedThrough = is_array($decoded) && $decoded['response'] === $c['response'];
            $this->assertTrue(
                !$c['ciphertext'] || !$passedThrough,
                "{$c['name']}: a ciphertext came back as a plain string",
            );
            if (!$c['ciphertext']) {
                $this->assertTrue($passedThrough, "{$c['name']}: a plain value was not passed through");
            }
        } catch (BpjsCodecException $e) {
            $this->assertTrue($c['ciphertext'], "{$c['name']}: a plain value raised {$e->getKind()}");
        }
    }

    public function testEveryTruncationOfARealCiphertextIsAnError(): void
    {
        $ciphertext = bpjs_compress_and_encrypt('1000', 'S3cr3tSim', '1732406400', str_repeat('{"kdPoli":"INT"}', 4));
        $this->assertGreaterThanOrEqual(32, strlen(base64_decode($ciphertext)));
        for ($cut = strlen($ciphertext) - 1; $cut >= 22; $cut--) {
            $body = json_encode(['metaData' => ['code' => '200'], 'response' => substr($ciphertext, 0, $cut)]);
            $kind = self::kindOf(fn () => bpjs_process_wrapper('1000', 'S3cr3tSim', '1732406400', $body));
            $this->assertNotNull($kind, "cut to $cut characters: passed through as a plain string");
        }
    }

    public function testEveryVectorsSectionIsRun(): void
    {
        // bombs: BombTest; canary: CanaryTest.
        $run = ['decode', 'lz', 'envelopes', 'metadata', 'headers', 'bombs', 'ciphertext_rule', 'requests'];
        $lists = array_keys(array_filter(Vectors::all(), fn ($value) => is_array($value) && array_is_list($value)));
        sort($run);
        sort($lists);
        $this->assertSame($run, $lists, 'a new vectors.json section needs a test');
    }

    /**
     * The catalogue's request builder (docs/catalogue.md): the method and path
     * built, or a config error that names the parameter and repeats neither the
     * canary nor a value the caller gave (one made only of dots may be quoted).
     *
     * @dataProvider requestCases
     */
    public function testRequest(array $c): void
    {
        $call = fn () => bpjs_request($c['service'], $c['endpoint'], $c['params']);
        if (isset($c['expected'])) {
            $built = $call();
            $this->assertSame($c['expected']['method'], $built['method']);
            $this->assertSame($c['expected']['path'], $built['path']);
            return;
        }
        try {
            $call();
            $this->fail("{$c['name']}: expected a {$c['error']} error");
        } catch (BpjsCodecException $e) {
            $this->assertSame($c['error'], $e->getKind(), $e->getMessage());
            if (isset($c['error_names'])) {
                $this->assertStringContainsString("`{$c['error_names']}`", $e->getMessage());
            }
            $words = Vectors::all()['canary']['forbidden'];
            foreach ($c['params'] as $value) {
                if (is_string($value) && strlen($value) >= 3 && trim($value, '.') !== '') {
                    $words[] = $value;
                }
            }
            foreach ([$e->getMessage(), (string) $e, print_r($e, true)] as $shown) {
                foreach ($words as $word) {
                    $this->assertStringNotContainsString($word, $shown, "{$c['name']}: the error repeats a value");
                }
            }
        }
    }
}
