<?php

namespace App\Traits;

use BpjsCodecException;
use InvalidArgumentException;
use RuntimeException;

/**
 * Drop-in replacement for the `App\Traits\BpjsTraits` of Laravel hospital apps
 * (faskesku.id style): same protected methods, same return shapes, but the
 * signing and decoding are done by the `bpjs_codec` PHP extension (one Rust
 * core shared with the Python and Node hosts) instead of openssl_decrypt and a
 * PHP lz-string port.
 *
 * Deliberate differences from the PHP-only trait:
 *  - a plain string `response` (a SEP number, "OK") is kept, never emptied;
 *  - a decode failure is logged with its kind (the envelope is still returned
 *    unchanged, so callers that check `metaData` keep working);
 *  - credentials never appear in logs or in returned arrays (`headers_used`
 *    shows only non-secret headers);
 *  - only reads (GET, HEAD, OPTIONS) are retried, only after a connection
 *    error or a 5xx; TLS verification stays on unless
 *    BPJS_HTTP_DISABLE_SSL_VERIFY=true.
 *
 * Inside Laravel it uses config('bpjs.*'), the `setting_bridging_bpjs` table
 * (when the database has it) and the Http facade; outside Laravel, getenv()
 * and curl.
 */
trait BpjsTraits
{
    /** Per-request cache of the three configurations. */
    private array $bpjsConfigCache = [];

    // ------------------------------------------------------------------
    // Configuration

    /** PCare: base_url, cons_id, cons_pwd, user_key, user, pass, kode_ppk, app_code, kunjungan_content_type. */
    protected function pcareConfig(): array
    {
        return $this->bpjsServiceConfig('pcare', 'BPJS_PCARE_', [
            'base_url' => 'https://apijkn-dev.bpjs-kesehatan.go.id/pcare-rest-dev',
            'kunjungan_content_type' => 'text/plain',
        ]);
    }

    /** Mobile JKN / Antrean FKTP. X-authorization is sent only when send_authorization is true. */
    protected function mobilejknConfig(): array
    {
        return $this->bpjsServiceConfig('mobilejkn', 'BPJS_MOBILEJKN_', [
            'base_url' => 'https://apijkn-dev.bpjs-kesehatan.go.id/antreanfktp_dev',
            'send_authorization' => false,
        ]);
    }

    /** iCare: `service` is icare-fktp (clinics, default) or icare-fkrtl (hospitals). */
    protected function icareConfig(): array
    {
        return $this->bpjsServiceConfig('icare', 'BPJS_ICARE_', [
            'base_url' => 'https://apijkn-dev.bpjs-kesehatan.go.id/ihs_dev/api/pcare',
            'service' => 'icare-fktp',
        ]);
    }

    /** HTTP settings shared by the three services. */
    protected function bpjsHttpConfig(): array
    {
        if (isset($this->bpjsConfigCache['http'])) {
            return $this->bpjsConfigCache['http'];
        }
        $config = [
            'disable_ssl_verify' => self::bpjsBool($this->bpjsEnv('BPJS_HTTP_DISABLE_SSL_VERIFY', false)),
            'timeout' => (float) $this->bpjsEnv('BPJS_HTTP_TIMEOUT', 30),
            'connect_timeout' => (float) $this->bpjsEnv('BPJS_HTTP_CONNECT_TIMEOUT', 10),
            'retry_times' => max(0, (int) $this->bpjsEnv('BPJS_HTTP_RETRY_TIMES', 2)),
            'retry_sleep' => max(0, (int) $this->bpjsEnv('BPJS_HTTP_RETRY_SLEEP', 200)),
        ];
        if ($this->bpjsInLaravel()) {
            foreach ((array) config('bpjs.http', []) as $key => $value) {
                if ($value !== null && array_key_exists($key, $config)) {
                    $config[$key] = is_bool($config[$key]) ? self::bpjsBool($value) : $value + 0;
                }
            }
        }
        return $this->bpjsConfigCache['http'] = $config;
    }

    // ------------------------------------------------------------------
    // Signing

    /** Seconds since the Unix epoch (UTC), as BPJS wants them; no time zone involved. */
    protected function generateTimestamp(): string
    {
        return (string) time();
    }

    protected function generateSignature($consId, $secretKey, $timestamp)
    {
        return bpjs_signature((string) $consId, (string) $secretKey, (string) $timestamp);
    }

    protected function generateAuthorization($user, $pass, $appCode)
    {
        // The rule lives in the core; PCare headers are the one place it is exposed.
        $headers = bpjs_build_headers('pcare', [
            'cons_id' => '0', 'secret' => '-', 'user_key' => '-',
            'username' => (string) $user, 'password' => (string) $pass, 'app_code' => (string) $appCode,
        ], 0);
        return $headers['X-authorization'];
    }

    /** Headers for one PCare request; `X-timestamp` is the timestamp to decrypt the reply with. */
    protected function buildPcareHeaders(?string $overrideTimestamp = null, string $method = 'GET', ?string $contentType = null): array
    {
        $c = $this->pcareConfig();
        return $this->bpjsHeaders('pcare', [
            'cons_id' => $c['cons_id'], 'secret' => $c['cons_pwd'], 'user_key' => $c['user_key'],
            'username' => $c['user'], 'password' => $c['pass'], 'app_code' => $c['app_code'],
        ], $overrideTimestamp, $method, $contentType);
    }

    protected function buildIcareHeaders(?string $overrideTimestamp = null, string $method = 'GET', ?string $contentType = null): array
    {
        $c = $this->icareConfig();
        return $this->bpjsHeaders($c['service'], [
            'cons_id' => $c['cons_id'], 'secret' => $c['cons_pwd'], 'user_key' => $c['user_key'],
            'username' => $c['user'], 'password' => $c['pass'], 'app_code' => $c['app_code'],
        ], $overrideTimestamp, $method, $contentType);
    }

    /** @throws InvalidArgumentException when cons id, secret or user_key is missing */
    protected function buildMobileJknHeaders(?string $overrideTimestamp = null, string $method = 'GET', ?string $contentType = null): array
    {
        $c = $this->mobilejknConfig();
        $credentials = ['cons_id' => $c['cons_id'], 'secret' => $c['cons_pwd'], 'user_key' => $c['user_key']];
        if (self::bpjsBool($c['send_authorization'] ?? false)) {
            $credentials += ['username' => $c['user'], 'password' => $c['pass'], 'app_code' => $c['app_code']];
        }
        return $this->bpjsHeaders('antreanfktp', $credentials, $overrideTimestamp, $method, $contentType);
    }

    // ------------------------------------------------------------------
    // Decoding

    /** The AES layer: `$key` = cons_id . secret . timestamp. False (and a log line) on failure, like openssl_decrypt. */
    protected function stringDecrypt($key, $encrypted)
    {
        try {
            return bpjs_decrypt((string) $key, (string) $encrypted);
        } catch (BpjsCodecException $e) {
            $this->bpjsLogDecodeFailure('stringDecrypt', $e);
            return false;
        }
    }

    /** lz-string decompressFromEncodedURIComponent. Null (and a log line) on failure. */
    protected function decompressLzString($string)
    {
        try {
            return bpjs_lz_decompress((string) $string);
        } catch (BpjsCodecException $e) {
            $this->bpjsLogDecodeFailure('decompressLzString', $e);
            return null;
        }
    }

    /**
     * A PCare reply body, decoded with the timestamp its request was signed with.
     * Never throws: returns the envelope with `response` decoded, the envelope
     * as it came (plain or undecodable `response`; a failure is logged with its
     * kind), the decoded JSON of a body without envelope, or the raw body when
     * it is not JSON.
     */
    protected function maybeDecryptAndDecompress(string $body, string $timestamp): array|string
    {
        $c = $this->pcareConfig();
        return $this->bpjsDecodeBody('pcare', (string) $c['cons_id'], (string) $c['cons_pwd'], $body, $timestamp);
    }

    protected function maybeDecryptAndDecompressIcare(string $body, string $timestamp): array|string
    {
        $c = $this->icareConfig();
        return $this->bpjsDecodeBody('icare', (string) $c['cons_id'], (string) $c['cons_pwd'], $body, $timestamp);
    }

    protected function maybeDecryptAndDecompressMobileJkn(string $body, string $timestamp): array|string
    {
        $c = $this->mobilejknConfig();
        return $this->bpjsDecodeBody('mobilejkn', (string) $c['cons_id'], (string) $c['cons_pwd'], $body, $timestamp);
    }

    // ------------------------------------------------------------------
    // Requests

    /**
     * One signed PCare request. Returns ['response' => decoded reply,
     * 'headers_used' => headers without secrets, 'timestamp_used', 'url', 'status'].
     * `$overrideTimestamp` is used for the headers and for decrypting the reply.
     */
    protected function pcareRequest($method, $endpoint, $query = [], $body = null, $extraHeaders = [], $overrideTimestamp = null)
    {
        $method = strtoupper((string) $method);
        $c = $this->pcareConfig();
        $ts = $overrideTimestamp !== null ? (string) $overrideTimestamp : $this->generateTimestamp();
        // Some PCare deployments want kunjungan bodies as text/plain, others as JSON.
        $contentType = (in_array($method, ['POST', 'PUT'], true) && self::bpjsEndpointIs($endpoint, 'kunjungan'))
            ? (string) $c['kunjungan_content_type'] : null;
        $headers = $this->buildPcareHeaders($ts, $method, $contentType);
        return $this->bpjsSend($method, $c['base_url'], $endpoint, $query, $body, $headers, (array) $extraHeaders, $ts,
            fn (string $reply) => $this->maybeDecryptAndDecompress($reply, $ts));
    }

    protected function mobilejknRequest($method, $endpoint, $query = [], $body = null, $extraHeaders = [], $overrideTimestamp = null)
    {
        $method = strtoupper((string) $method);
        $c = $this->mobilejknConfig();
        $ts = $overrideTimestamp !== null ? (string) $overrideTimestamp : $this->generateTimestamp();
        $headers = $this->buildMobileJknHeaders($ts, $method);
        return $this->bpjsSend($method, $c['base_url'], $endpoint, $query, $body, $headers, (array) $extraHeaders, $ts,
            fn (string $reply) => $this->maybeDecryptAndDecompressMobileJkn($reply, $ts));
    }

    protected function icareRequest($method, $endpoint, $query = [], $body = null, $extraHeaders = [], $overrideTimestamp = null)
    {
        $method = strtoupper((string) $method);
        $c = $this->icareConfig();
        $ts = $overrideTimestamp !== null ? (string) $overrideTimestamp : $this->generateTimestamp();
        $headers = $this->buildIcareHeaders($ts, $method);
        return $this->bpjsSend($method, $c['base_url'], $endpoint, $query, $body, $headers, (array) $extraHeaders, $ts,
            fn (string $reply) => $this->maybeDecryptAndDecompressIcare($reply, $ts));
    }

    // ------------------------------------------------------------------
    // Internals (names prefixed with bpjs so they cannot clash with the host class)

    /** Headers that carry no secret and may be shown in `headers_used`. */
    private static array $bpjsShownHeaders = ['x-cons-id', 'x-timestamp', 'accept', 'content-type'];

    /** Methods that are retried: reads only. PUT and DELETE are idempotent in HTTP, but
     * BPJS answers a repeated DELETE with "not found", hiding that the first one worked. */
    private static array $bpjsRetriedMethods = ['GET', 'HEAD', 'OPTIONS'];

    private function bpjsInLaravel(): bool
    {
        return function_exists('app') && class_exists(\Illuminate\Container\Container::class, false)
            && \Illuminate\Container\Container::getInstance()->bound('config');
    }

    private function bpjsEnv(string $name, $default = null)
    {
        if ($this->bpjsInLaravel() && function_exists('env')) {
            return env($name, $default);
        }
        $value = getenv($name);
        return ($value === false || $value === '') ? $default : $value;
    }

    private static function bpjsBool($value): bool
    {
        if (is_bool($value)) {
            return $value;
        }
        return in_array(strtolower(trim((string) $value)), ['1', 'true', 'yes', 'on', '(true)'], true);
    }

    private static function bpjsEndpointIs($endpoint, string $name): bool
    {
        $first = strtolower(explode('/', ltrim((string) $endpoint, '/'))[0]);
        return $first === $name || str_starts_with($first, $name . '?');
    }

    /** Environment, then config/bpjs.php, then the `setting_bridging_bpjs` row of the service. */
    private function bpjsServiceConfig(string $service, string $envPrefix, array $defaults): array
    {
        if (isset($this->bpjsConfigCache[$service])) {
            return $this->bpjsConfigCache[$service];
        }
        $config = $defaults + [
            'base_url' => null, 'cons_id' => null, 'cons_pwd' => null, 'user_key' => null,
            'user' => null, 'pass' => null, 'kode_ppk' => null, 'app_code' => '095',
        ];
        foreach (array_keys($config) as $key) {
            $value = $this->bpjsEnv($envPrefix . strtoupper($key));
            if ($value !== null && $value !== '') {
                $config[$key] = $value;
            }
        }
        if ($this->bpjsInLaravel()) {
            foreach ((array) config("bpjs.$service", []) as $key => $value) {
                if ($value !== null && $value !== '') {
                    $config[$key] = $value;
                }
            }
            foreach ($this->bpjsSettingsRow($service) as $key => $value) {
                // `service` names the row (pcare, mobilejkn, icare); it is not the iCare variant.
                if ($key !== 'service' && $value !== null && $value !== '' && array_key_exists($key, $config)) {
                    $config[$key] = $value;
                }
            }
        }
        if (($config['app_code'] ?? '') === '') {
            $config['app_code'] = '095';
        }
        return $this->bpjsConfigCache[$service] = $config;
    }

    /** The service's row of `setting_bridging_bpjs`, or [] when there is no database or table. */
    private function bpjsSettingsRow(string $service): array
    {
        try {
            if (!config('database.default') || !\Illuminate\Support\Facades\Schema::hasTable('setting_bridging_bpjs')) {
                return [];
            }
            $row = \Illuminate\Support\Facades\DB::table('setting_bridging_bpjs')->where('service', $service)->first();
            return $row ? (array) $row : [];
        } catch (\Throwable $e) {
            // No database configured or reachable: config and environment apply.
            $this->bpjsLog('debug', 'bpjs: setting_bridging_bpjs not read, using config', ['reason' => get_class($e)]);
            return [];
        }
    }

    private function bpjsHeaders(string $service, array $credentials, ?string $timestamp, string $method, ?string $contentType): array
    {
        try {
            return bpjs_build_headers($service, array_map(fn ($v) => $v === null ? null : (string) $v, $credentials),
                $timestamp, strtoupper($method), $contentType);
        } catch (BpjsCodecException $e) {
            // A missing credential (or a bad timestamp) is a configuration mistake of the caller.
            throw new InvalidArgumentException("BPJS $service headers: " . $e->getMessage(), 0, $e);
        }
    }

    private function bpjsDecodeBody(string $service, string $consId, string $secret, string $body, string $timestamp): array|string
    {
        try {
            $decoded = bpjs_process_wrapper($consId, $secret, $timestamp, $body);
            // A bare JSON scalar (`null`, `42`) is not a reply shape the callers know: keep the text.
            return is_array($decoded) || is_string($decoded) ? $decoded : $body;
        } catch (BpjsCodecException $e) {
            $this->bpjsLogDecodeFailure($service, $e);
            $envelope = json_decode($body, true);
            return is_array($envelope) ? $envelope : $body;
        }
    }

    private function bpjsLogDecodeFailure(string $where, BpjsCodecException $e): void
    {
        // Core messages never contain a secret; the kind says what to check.
        $this->bpjsLog('warning', "bpjs: $where response not decoded ({$e->getKind()})", [
            'kind' => $e->getKind(),
            'message' => $e->getMessage(),
        ]);
    }

    /** Laravel's Log facade inside Laravel, error_log() outside. Overridable. */
    protected function bpjsLog(string $level, string $message, array $context = []): void
    {
        if ($this->bpjsInLaravel() && class_exists(\Illuminate\Support\Facades\Log::class)) {
            \Illuminate\Support\Facades\Log::log($level, $message, $context);
            return;
        }
        if ($level === 'debug') {
            return;
        }
        error_log(strtoupper($level) . ' ' . $message . ($context ? ' ' . json_encode($context, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) : ''));
    }

    private function bpjsSend(string $method, $baseUrl, $endpoint, $query, $body, array $headers, array $extraHeaders, string $ts, callable $decode): array
    {
        if ((string) $baseUrl === '') {
            throw new InvalidArgumentException('BPJS base URL is not configured');
        }
        $url = rtrim((string) $baseUrl, '/') . '/' . ltrim((string) $endpoint, '/');
        if (is_array($query) && $query !== []) {
            $url .= (str_contains($url, '?') ? '&' : '?') . http_build_query($query, '', '&', PHP_QUERY_RFC3986);
        } elseif (is_string($query) && $query !== '') {
            $url .= (str_contains($url, '?') ? '&' : '?') . ltrim($query, '?');
        }
        // Extra headers may add to or replace Accept and Content-Type, never a
        // signing header: those come from the core, built from one timestamp.
        foreach ($extraHeaders as $name => $value) {
            $name = (string) $name;
            $same = array_filter(array_keys($headers), fn ($own) => strcasecmp($own, $name) === 0);
            $replaceable = in_array(strtolower($name), ['accept', 'content-type'], true);
            if ($same !== [] && !$replaceable) {
                continue;
            }
            foreach ($same as $own) {
                unset($headers[$own]);
            }
            $headers[$name] = (string) $value;
        }
        $payload = null;
        if ($body !== null) {
            $payload = is_string($body) ? $body : json_encode($body, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
        }

        $response = $this->bpjsSendWithRetry($method, $url, $headers, $payload);
        $shown = [];
        foreach ($headers as $name => $value) {
            $shown[$name] = in_array(strtolower($name), self::$bpjsShownHeaders, true) ? $value : '[redacted]';
        }
        return [
            'response' => $decode((string) $response->body()),
            'headers_used' => $shown,
            'timestamp_used' => $ts,
            'url' => $url,
            'status' => $response->status(),
        ];
    }

    /** Sends once, and again (same headers, same timestamp) for reads after a connection error or a 5xx. */
    private function bpjsSendWithRetry(string $method, string $url, array $headers, ?string $payload)
    {
        $http = $this->bpjsHttpConfig();
        $attempts = in_array($method, self::$bpjsRetriedMethods, true) ? 1 + $http['retry_times'] : 1;
        for ($attempt = 1; ; $attempt++) {
            $last = $attempt >= $attempts;
            try {
                $response = $this->bpjsInLaravel() && class_exists(\Illuminate\Support\Facades\Http::class)
                    ? $this->bpjsLaravelSend($method, $url, $headers, $payload, $http)
                    : $this->bpjsCurlSend($method, $url, $headers, $payload, $http);
            } catch (\Throwable $e) {
                if ($last || !self::bpjsIsConnectionError($e)) {
                    throw $e;
                }
                $this->bpjsLog('warning', "bpjs: $method attempt $attempt failed to connect, retrying", ['error' => get_class($e)]);
                usleep($http['retry_sleep'] * 1000);
                continue;
            }
            if ($last || $response->status() < 500) {
                return $response;
            }
            $this->bpjsLog('warning', "bpjs: $method attempt $attempt got HTTP {$response->status()}, retrying");
            usleep($http['retry_sleep'] * 1000);
        }
    }

    private static function bpjsIsConnectionError(\Throwable $e): bool
    {
        return $e instanceof \Illuminate\Http\Client\ConnectionException
            || $e instanceof \GuzzleHttp\Exception\ConnectException
            || ($e instanceof \GuzzleHttp\Exception\RequestException && !$e->hasResponse())
            || $e instanceof BpjsConnectionError;
    }

    /** Laravel's Http facade (Guzzle): TLS 1.2+, IPv4, HTTP/1.1, verification on by default. */
    private function bpjsLaravelSend(string $method, string $url, array $headers, ?string $payload, array $http)
    {
        $request = \Illuminate\Support\Facades\Http::withHeaders($headers)
            ->withOptions([
                'verify' => !$http['disable_ssl_verify'],
                'connect_timeout' => $http['connect_timeout'],
                'timeout' => $http['timeout'],
                'force_ip_resolve' => 'v4',
                'version' => 1.1,
                'curl' => [CURLOPT_SSLVERSION => CURL_SSLVERSION_TLSv1_2],
                'http_errors' => false,
            ]);
        if ($payload !== null) {
            $request = $request->withBody($payload, $headers['Content-Type'] ?? 'application/json');
        }
        return $request->send($method, $url);
    }

    /** Plain PHP: curl, same transport rules; returns an object shaped like Laravel's Response. */
    private function bpjsCurlSend(string $method, string $url, array $headers, ?string $payload, array $http)
    {
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $lines[] = 'Expect:';
        $received = [];
        $ch = curl_init($url);
        curl_setopt_array($ch, [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_HTTPHEADER => $lines,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT_MS => (int) round($http['timeout'] * 1000),
            CURLOPT_CONNECTTIMEOUT_MS => (int) round($http['connect_timeout'] * 1000),
            CURLOPT_SSL_VERIFYPEER => !$http['disable_ssl_verify'],
            CURLOPT_SSL_VERIFYHOST => $http['disable_ssl_verify'] ? 0 : 2,
            CURLOPT_SSLVERSION => CURL_SSLVERSION_TLSv1_2,
            CURLOPT_IPRESOLVE => CURL_IPRESOLVE_V4,
            CURLOPT_HTTP_VERSION => CURL_HTTP_VERSION_1_1,
            CURLOPT_NOSIGNAL => true,
            CURLOPT_HEADERFUNCTION => function ($ch, string $line) use (&$received) {
                $parts = explode(':', $line, 2);
                if (count($parts) === 2) {
                    $received[strtolower(trim($parts[0]))][] = trim($parts[1]);
                } elseif (str_starts_with($line, 'HTTP/')) {
                    $received = []; // a new response (after a 100 Continue)
                }
                return strlen($line);
            },
        ]);
        if ($method === 'HEAD') {
            curl_setopt($ch, CURLOPT_NOBODY, true);
        }
        if ($payload !== null) {
            curl_setopt($ch, CURLOPT_POSTFIELDS, $payload);
        }
        $body = curl_exec($ch);
        if ($body === false) {
            $error = curl_error($ch);
            $errno = curl_errno($ch);
            curl_close($ch);
            throw new BpjsConnectionError("BPJS request failed (curl error $errno: $error)", $errno);
        }
        $status = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        curl_close($ch);

        return new class ($status, $received, (string) $body) {
            public function __construct(private int $code, private array $headers, private string $content)
            {
            }

            public function status(): int
            {
                return $this->code;
            }

            public function body(): string
            {
                return $this->content;
            }

            public function json($key = null, $default = null)
            {
                $data = json_decode($this->content, true);
                if ($key === null) {
                    return $data;
                }
                foreach (explode('.', (string) $key) as $part) {
                    if (!is_array($data) || !array_key_exists($part, $data)) {
                        return $default;
                    }
                    $data = $data[$part];
                }
                return $data;
            }

            public function header(string $name): string
            {
                return $this->headers[strtolower($name)][0] ?? '';
            }

            public function headers(): array
            {
                return $this->headers;
            }

            public function successful(): bool
            {
                return $this->code >= 200 && $this->code < 300;
            }
        };
    }
}

/** A transport failure of the curl transport (no HTTP response at all). */
class BpjsConnectionError extends RuntimeException
{
}
