<?php

namespace BpjsCodec\Laravel\Concerns;

use BpjsCodecException;
use InvalidArgumentException;

/**
 * The signed headers of a request (the extension signs), in the original's order, and header arrays.
 *
 * Part of BpjsCodec\Laravel\BpjsClient (its members are the client's).
 */
trait SignsRequests
{
    // ------------------------------------------------------------------
    // Signing

    /** Seconds since the Unix epoch (UTC), as BPJS wants them; no time zone involved. */
    public function generateTimestamp(): string
    {
        return (string) time();
    }

    /** base64(HMAC-SHA256(consId & timestamp, secretKey)). Never throws, as the original. */
    public function generateSignature($consId, #[\SensitiveParameter] $secretKey, $timestamp): string
    {
        try {
            self::bpjsRequireExtension();
            return bpjs_signature((string) $consId, (string) $secretKey, (string) $timestamp);
        } catch (BpjsCodecException | \TypeError $e) {
            // The core refuses an empty or malformed part; the original signed it anyway,
            // and BPJS answers with an authentication error the caller already handles.
            $this->bpjsLog('warning', 'bpjs: generateSignature with an empty or invalid part', ['kind' =>
                self::bpjsKind($e)]);
            return base64_encode(hash_hmac('sha256', $consId . '&' . $timestamp, (string) $secretKey, true));
        }
    }

    /** base64(user:pass:appCode), without the "Basic " prefix (the header builders add it), as the original. */
    public function generateAuthorization(
        #[\SensitiveParameter] $user,
        #[\SensitiveParameter] $pass,
        $appCode
    ): string {
        try {
            self::bpjsRequireExtension();
            $value = bpjs_authorization((string) $user, (string) $pass, (string) $appCode);
            return str_starts_with($value, 'Basic ') ? substr($value, 6) : $value;
        } catch (BpjsCodecException | \TypeError $e) {
            $this->bpjsLog('warning', 'bpjs: generateAuthorization with an empty or invalid part', ['kind' =>
                self::bpjsKind($e)]);
            return base64_encode($user . ':' . $pass . ':' . $appCode);
        }
    }

    /** Headers for one PCare request; `X-timestamp` is the timestamp to decrypt the reply with. */
    public function buildPcareHeaders(
        ?string $overrideTimestamp = null,
        string $method = 'GET',
        ?string $contentType = null
    ): array {
        $c = $this->pcareConfig();
        return $this->bpjsHeaders('pcare', [
            'cons_id' => $c['cons_id'], 'secret' => $c['cons_pwd'], 'user_key' => $c['user_key'],
            'username' => $c['user'], 'password' => $c['pass'], 'app_code' => $c['app_code'],
        ], $overrideTimestamp, $method, $contentType);
    }

    public function buildIcareHeaders(
        ?string $overrideTimestamp = null,
        string $method = 'GET',
        ?string $contentType = null
    ): array {
        $c = $this->icareConfig();
        return $this->bpjsHeaders($this->bpjsIcareService(), [
            'cons_id' => $c['cons_id'], 'secret' => $c['cons_pwd'], 'user_key' => $c['user_key'],
            'username' => $c['user'], 'password' => $c['pass'], 'app_code' => $c['app_code'],
        ], $overrideTimestamp, $method, $contentType);
    }

    /** The headers of one service (pcare, icare or mobilejkn) by its build*Headers(). */
    protected function bpjsHeadersOf(
        string $service,
        ?string $overrideTimestamp,
        string $method,
        ?string $contentType = null
    ): array {
        return match ($service) {
            'pcare' => $this->buildPcareHeaders($overrideTimestamp, $method, $contentType),
            'icare' => $this->buildIcareHeaders($overrideTimestamp, $method, $contentType),
            default => $this->buildMobileJknHeaders($overrideTimestamp, $method, $contentType),
        };
    }

    /** @throws InvalidArgumentException when cons id, secret or user_key is missing */
    public function buildMobileJknHeaders(
        ?string $overrideTimestamp = null,
        string $method = 'GET',
        ?string $contentType = null
    ): array {
        $c = $this->mobilejknConfig();
        if ($this->bpjsInLaravel()) {
            // The original's check and message (controllers show it after their own prefix).
            $missing = array_values(array_filter(['cons_id', 'cons_pwd', 'user_key'], fn ($k) => empty($c[$k])));
            if ($missing !== []) {
                throw new InvalidArgumentException('Missing MobileJKN config: ' . implode(', ', $missing));
            }
        }
        $credentials = ['cons_id' => $c['cons_id'], 'secret' => $c['cons_pwd'], 'user_key' => $c['user_key']];
        $sendAuthorization = $this->bpjsInLaravel() ? config('bpjs.mobilejkn.send_authorization')
            : ($c['send_authorization'] ?? false);
        if (self::bpjsBool($sendAuthorization ?? false)) {
            $credentials += ['username' => $c['user'], 'password' => $c['pass'], 'app_code' => $c['app_code']];
        }
        return $this->bpjsHeaders('antreanfktp', $credentials, $overrideTimestamp, $method, $contentType);
    }

    protected function bpjsHeaders(
        string $service,
        #[\SensitiveParameter] array $credentials,
        ?string $timestamp,
        string $method,
        ?string $contentType
    ): array {
        self::bpjsRequireExtension();
        if ($timestamp === '' || $timestamp === '0') {
            $timestamp = null; // `$overrideTimestamp ?: now`, as the original ("0" is falsy too)
        }
        try {
            $built = bpjs_build_headers(
                $service,
                array_map(fn ($v) => $v === null ? null : (string) $v, $credentials),
                $timestamp,
                strtoupper($method),
                $contentType
            );
            // The original's order on the wire: X-authorization before user_key.
            $ordered = [];
            foreach (['X-cons-id', 'X-timestamp', 'X-signature', 'X-authorization', 'user_key'] as $name) {
                if (array_key_exists($name, $built)) {
                    $ordered[$name] = $built[$name];
                }
            }
            return $ordered + $built;
        } catch (BpjsCodecException | \TypeError $e) {
            // A missing credential (or a bad timestamp) is a configuration mistake of the caller.
            throw new InvalidArgumentException("BPJS $service headers: " . $e->getMessage(), 0, $e);
        }
    }

    // ------------------------------------------------------------------
    // Internals (names prefixed with bpjs so they cannot clash with the host class)

    /** Headers that carry no secret and may be shown in `headers_used`. An allowlist, not a
     * list of secrets to hide: a header added later (by BPJS, the core or $extraHeaders,
     * e.g. an Authorization token) is redacted until someone decides it is safe to show. */
    protected static array $bpjsShownHeaders = ['x-cons-id', 'x-timestamp', 'accept', 'content-type'];

    /** headers_used: every header, the ones carrying a secret "[redacted]" (the original showed them). */
    protected function bpjsShownHeaders(array $headers): array
    {
        $shown = [];
        foreach ($headers as $name => $value) {
            $shown[$name] = in_array(strtolower((string) $name), self::$bpjsShownHeaders, true) ? $value : '[redacted]';
        }
        return $shown;
    }

    // ------------------------------------------------------------------ header arrays

    protected static function bpjsHeaderName(array $headers, string $name): ?string
    {
        foreach (array_keys($headers) as $own) {
            if (strcasecmp((string) $own, $name) === 0) {
                return (string) $own;
            }
        }
        return null;
    }

    protected static function bpjsHeader(array $headers, string $name): ?string
    {
        $own = self::bpjsHeaderName($headers, $name);
        return $own === null ? null : (string) $headers[$own];
    }

    /** Sets a header in place (its position kept), else appends it. */
    protected static function bpjsSetHeader(array $headers, string $name, string $value): array
    {
        $own = self::bpjsHeaderName($headers, $name);
        if ($own === null) {
            $headers[$name] = $value;
            return $headers;
        }
        $out = [];
        foreach ($headers as $key => $v) {
            if ($key === $own) {
                $out[$name] = $value;
            } else {
                $out[$key] = $v;
            }
        }
        return $out;
    }
}
