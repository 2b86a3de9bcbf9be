<?php

namespace BpjsCodec\Laravel\Concerns;

use BpjsCodecException;
use RuntimeException;

/**
 * Decoding replies with the extension; inside Laravel also with the timestamps this client signed
 * with lately (a catch block that decodes with time() or '').
 *
 * Part of BpjsCodec\Laravel\BpjsClient (its members are the client's).
 */
trait DecodesReplies
{
    // ------------------------------------------------------------------
    // Decoding

    /** The AES layer: `$key` = cons_id . secret . timestamp. '' (and a log line) on failure, as the original. */
    public function stringDecrypt(#[\SensitiveParameter] $key, $encrypted): string
    {
        self::bpjsRequireExtension();
        try {
            return bpjs_decrypt((string) $key, (string) $encrypted);
        } catch (BpjsCodecException | \TypeError $e) {
            $this->bpjsLogDecodeFailure('stringDecrypt', $e);
            return '';
        }
    }

    /** lz-string decompressFromEncodedURIComponent. The input itself (and a log line) on failure, as the original. */
    public function decompressLzString($string): string
    {
        self::bpjsRequireExtension();
        try {
            return bpjs_lz_decompress((string) $string);
        } catch (BpjsCodecException | \TypeError $e) {
            $this->bpjsLogDecodeFailure('decompressLzString', $e);
            return (string) $string;
        }
    }

    /**
     * A PCare reply body, decoded with the timestamp its request was signed with.
     * Never throws: returns the envelope with `response` decoded, the envelope
     * as it came (plain or undecodable `response`; a failure is logged with its
     * kind), the decoded JSON of a body without envelope, or the raw body when
     * it is not JSON.
     */
    public function maybeDecryptAndDecompress(string $body, string $timestamp): array|string
    {
        $c = $this->pcareConfig();
        return $this->bpjsDecodeBody('pcare', (string) $c['cons_id'], (string) $c['cons_pwd'], $body, $timestamp);
    }

    public function maybeDecryptAndDecompressIcare(string $body, string $timestamp): array|string
    {
        $c = $this->icareConfig();
        return $this->bpjsDecodeBody('icare', (string) $c['cons_id'], (string) $c['cons_pwd'], $body, $timestamp);
    }

    public function maybeDecryptAndDecompressMobileJkn(string $body, string $timestamp): array|string
    {
        $c = $this->mobilejknConfig();
        return $this->bpjsDecodeBody('mobilejkn', (string) $c['cons_id'], (string) $c['cons_pwd'], $body, $timestamp);
    }

    protected function bpjsDecodeBody(
        string $service,
        string $consId,
        #[\SensitiveParameter] string $secret,
        string $body,
        string $timestamp
    ): array|string {
        self::bpjsRequireExtension();
        try {
            $decoded = $this->bpjsInLaravel() ? $this->bpjsLaravelDecode($service, $consId, $secret, $body, $timestamp)
                : bpjs_process_wrapper($consId, $secret, $timestamp, $body);
            // A bare JSON scalar (`null`, `42`) is not a reply shape the callers know: keep the text.
            return is_array($decoded) || is_string($decoded) ? $decoded : $body;
        } catch (BpjsCodecException | \TypeError $e) {
            $this->bpjsLogDecodeFailure($service, $e);
            $envelope = json_decode($body, true);
            return is_array($envelope) ? $envelope : $body;
        }
    }

    protected function bpjsLogDecodeFailure(string $where, \Throwable $e): void
    {
        // Core messages never contain a secret; the kind says what to check. A TypeError
        // (a string that is not UTF-8 where the core wants text) is logged as `config`.
        $kind = self::bpjsKind($e);
        $this->bpjsLog('warning', "bpjs: $where response not decoded ($kind)", [
            'kind' => $kind,
            'message' => $e instanceof BpjsCodecException ? $e->getMessage() : 'argument is not valid UTF-8 text',
        ]);
    }

    protected static function bpjsKind(\Throwable $e): string
    {
        return $e instanceof BpjsCodecException ? (string) $e->getKind() : 'config';
    }

    /** A clear error instead of "Call to undefined function bpjs_...". */
    protected static function bpjsRequireExtension(): void
    {
        if (!function_exists('bpjs_process_wrapper')) {
            throw new RuntimeException(
                'bpjs_codec extension not loaded, see README (extension=bpjs_codec in php.ini, then restart php-fpm)'
            );
        }
    }
    /** Timestamps this instance signed with lately (newest last): a catch block that
     * decodes an error body with time() or '' gets the real one (maybeDecrypt...). */
    protected array $bpjsRecentTimestamps = [];

    // ------------------------------------------------------------------ decoding

    /**
     * Decodes with $timestamp; when the reply was not encrypted with it (a catch block that
     * passes time() or ''), with the timestamps this instance signed with lately, then with
     * the one the extension finds within 10 minutes of now (bpjs_find_timestamp).
     */
    protected function bpjsLaravelDecode(
        string $service,
        string $consId,
        #[\SensitiveParameter] string $secret,
        string $body,
        string $timestamp
    ) {
        $envelope = json_decode($body, true);
        $cipher = is_array($envelope) && is_string($envelope['response'] ?? null) ? $envelope['response'] : null;
        $decode = function (string $ts) use ($consId, $secret, $body, $cipher) {
            try {
                return bpjs_process_wrapper($consId, $secret, $ts, $body);
            } catch (BpjsCodecException $e) {
                if ($e->getKind() === 'json' && $cipher !== null) {
                    // The decrypted text is not JSON ("Sukses"): kept as text, as the original.
                    $envelope = json_decode($body, true);
                    $envelope['response'] = bpjs_decrypt_and_decompress($consId, $secret, $ts, $cipher);
                    return $envelope;
                }
                throw $e;
            }
        };
        try {
            return $decode($timestamp);
        } catch (BpjsCodecException | \TypeError $first) {
            if (
                $cipher === null || !in_array(self::bpjsKind($first), ['padding', 'lz_empty', 'lz_invalid_char',
                'lz_truncated', 'lz_corrupt', 'config'], true)
            ) {
                throw $first;
            }
            $candidates = array_reverse(array_diff($this->bpjsRecentTimestamps, [$timestamp]));
            try {
                $found = bpjs_find_timestamp($consId, $secret, $cipher, time(), 600);
                if ($found !== null) {
                    $candidates[] = $found;
                }
            } catch (BpjsCodecException $ignored) {
                // Not ciphertext after all: the first error stands.
            }
            foreach (array_unique($candidates) as $ts) {
                try {
                    return $decode((string) $ts);
                } catch (BpjsCodecException | \TypeError $ignored) {
                    continue;
                }
            }
            throw $first;
        }
    }
}
