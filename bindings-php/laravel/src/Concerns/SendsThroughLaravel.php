<?php

namespace BpjsCodec\Laravel\Concerns;

use BpjsCodecException;
use Illuminate\Http\Client\ConnectionException;
use Illuminate\Http\Client\RequestException;
use Illuminate\Http\Client\Response;
use Illuminate\Support\Facades\Http;
use InvalidArgumentException;

/**
 * The transport inside Laravel, as the original trait sends: the Http facade with Laravel's
 * retry() (RequestException on a non-2xx), forced-resolve failover, the Mobile JKN "Service Expired" re-sign.
 * An answered POST/PUT/DELETE is never sent again (README, deliberate differences).
 *
 * Part of BpjsCodec\Laravel\BpjsClient (its members are the client's).
 */
trait SendsThroughLaravel
{
    // ------------------------------------------------------------------ the request

    /**
     * One request of pcareRequest / icareRequest / mobilejknRequest inside Laravel.
     *
     * @return array{response: Response, headers_used: array, timestamp_used: string, url: string}
     */
    protected function bpjsLaravelRequest(
        string $service,
        $method,
        $endpoint,
        $query,
        $body,
        array $extraHeaders,
        $overrideTimestamp
    ): array {
        self::bpjsRequireExtension();
        $method = strtoupper((string) $method);
        $endpoint = (string) $endpoint;
        $query = is_array($query) ? $query : [];
        if (!in_array($method, ['GET', 'POST', 'PUT', 'DELETE'], true)) {
            throw new InvalidArgumentException("Unsupported HTTP method: {$method}");
        }
        $started = microtime(true);
        $name = self::$bpjsLogNames[$service];
        $logId = uniqid(strtolower($name) . '_', true);
        $c = $this->bpjsConfigOf($service);
        $this->bpjsLineSecrets = array_values(array_filter(
            array_map('strval', [$c['cons_pwd'] ?? '', $c['pass'] ?? '', $c['user_key'] ?? '', $c['password_antrol']
                ?? '']),
            fn (string $v) => $v !== ''
        ));
        $baseUrl = rtrim((string) ($c['base_url'] ?? ''), '/');
        if ($baseUrl === '') {
            throw new InvalidArgumentException(match ($service) {
                'pcare' => 'Base URL PCare belum dikonfigurasi. Set BPJS_PCARE_BASE_URL di .env untuk server ini.',
                'icare' => 'Base URL Icare belum dikonfigurasi. Set BPJS_ICARE_BASE_URL di .env untuk server ini.',
                default => 'Base URL Mobile JKN belum dikonfigurasi di database (kolom base_url_mobilejkn).',
            });
        }
        try {
            $headers = $this->bpjsLaravelHeaders($service, $overrideTimestamp, $method, $extraHeaders);
        } catch (\Throwable $e) {
            // The audit context given for this request is used up even when it fails early.
            $this->bpjsAuditContext = [];
            throw $e;
        }
        if ($service === 'icare' && $method === 'POST' && str_contains($endpoint, 'validate')) {
            $headers = self::bpjsSetHeader($headers, 'Content-Type', 'application/json');
        }
        $ts = (string) $headers['X-timestamp'];
        $url = $baseUrl . '/' . ltrim($endpoint, '/');
        $payload = $this->bpjsLaravelPayload($method, $body, self::bpjsHeader($headers, 'Content-Type')
            ?? 'application/json');
        $audit = $this->bpjsLaravelAuditBegin($service, $endpoint, $query, $c, $ts);

        if ($service === 'mobilejkn') {
            return $this->bpjsMobileJknSend(
                $c,
                $method,
                $endpoint,
                $url,
                $query,
                $body,
                $payload,
                $headers,
                $extraHeaders,
                $logId,
                $started,
                $audit
            );
        }
        $bodyPreview = $this->bpjsBodyPreview($body);
        if ($service === 'pcare') {
            $this->bpjsRequestLine('pcare', $logId, $method, $url, $endpoint, $query, $headers, $bodyPreview);
        }
        $pool = $this->bpjsResolveList($service) ?: [null];
        $response = null;
        $last = null;
        $attempts = 0;
        foreach ($pool as $index => $resolve) {
            if ($resolve !== null) {
                $this->bpjsChannel('warning', 'PCare attempt using CURLOPT_RESOLVE', ['attempt' => $index + 1,
                    'resolve' => $resolve]);
            }
            if ($service === 'icare') {
                $this->bpjsRequestLine('icare', $logId, $method, $url, $endpoint, $query, $headers, $bodyPreview);
            }
            try {
                // A resend (bpjs:resend-due) is one attempt: its schedule is the retry.
                $response = $this->bpjsHttpSend(
                    $method,
                    $url,
                    $query,
                    $headers,
                    $payload,
                    $resolve,
                    !$this->bpjsAuditForResend,
                    $audit,
                    $attempts
                );
                break;
            } catch (ConnectionException | RequestException $e) {
                $last = $e;
                if ($e instanceof RequestException && $attempts === 0) {
                    $this->bpjsAuditUnseen($audit, $attempts, $method, $payload, $e->response);
                }
                $this->bpjsChannel('error', "$name attempt failed", [
                    'attempt' => $index + 1,
                    'resolve' => $resolve,
                    'error' => $this->bpjsSafeMessage($e),
                ]);
                // The next address only while nothing reached the server, or for a read.
                if ($method !== 'GET' && !($e instanceof ConnectionException && self::bpjsNothingSent($e))) {
                    break;
                }
            }
        }
        if ($response !== null && $attempts === 0) {
            $this->bpjsAuditUnseen($audit, $attempts, $method, $payload, $response);
        }
        $this->bpjsAuditFinish($audit, $method, $payload);
        if ($response === null) {
            throw $this->bpjsRethrowable($last);
        }
        $this->bpjsResponseLine($service, $logId, $response, $url, $ts, $started);
        return ['response' => $response, 'headers_used' => $this->bpjsShownHeaders($headers), 'timestamp_used' => $ts,
            'url' => $url];
    }

    /**
     * Mobile JKN: one send, no retry() (a 4xx/5xx is returned), and on "Service Expired"
     * (HTTP 401 with that message, or the text anywhere in the reply) signed again and
     * sent once more to base_url, else base_url_v2, else base_url_v1.
     */
    protected function bpjsMobileJknSend(
        array $c,
        string $method,
        string $endpoint,
        string $url,
        array $query,
        $body,
        ?string $payload,
        array $headers,
        array $extraHeaders,
        string $logId,
        float $started,
        ?array $audit
    ): array {
        $resolve = $this->bpjsResolveList('mobilejkn')[0] ?? null;
        if ($resolve !== null) {
            $this->bpjsChannel('warning', 'MobileJKN using CURLOPT_RESOLVE fallback', ['resolve' => $resolve]);
        }
        $bodyPreview = $this->bpjsBodyPreview($body);
        $attempts = 0;
        $send = function (
            string $url,
            array $headers,
            string $logId,
            float $started
        ) use (
            $method,
            $endpoint,
            $query,
            $payload,
            $bodyPreview,
            $resolve,
            &$audit,
            &$attempts
        ): Response {
            $this->bpjsRequestLine('mobilejkn', $logId, $method, $url, $endpoint, $query, $headers, $bodyPreview);
            try {
                $seen = $attempts;
                $response = $this->bpjsHttpSend(
                    $method,
                    $url,
                    $query,
                    $headers,
                    $payload,
                    $resolve,
                    false,
                    $audit,
                    $attempts
                );
                if ($attempts === $seen) {
                    $this->bpjsAuditUnseen($audit, $attempts, $method, $payload, $response);
                }
            } catch (ConnectionException $e) {
                $this->bpjsAuditFinish($audit, $method, $payload);
                throw $this->bpjsRethrowable($e);
            }
            $this->bpjsResponseLine('mobilejkn', $logId, $response, $url, (string) $headers['X-timestamp'], $started);
            return $response;
        };
        $response = $send($url, $headers, $logId, $started);
        if (
            $this->bpjsServiceExpired($response) && self::bpjsBool(config('bpjs.mobilejkn.retry_service_expired')
            ?? true)
        ) {
            $fresh = $this->mobilejknConfig();
            $retryBase = '';
            foreach (
                [$fresh['base_url'] ?? '', $fresh['base_url_v2'] ?? '', $fresh['base_url_v1']
                ?? ''] as $candidate
            ) {
                if (is_string($candidate) && $candidate !== '') {
                    $retryBase = $candidate;
                    break;
                }
            }
            $previous = $url;
            if ($retryBase !== '') {
                $url = rtrim($retryBase, '/') . '/' . ltrim($endpoint, '/');
            }
            $headers = $this->bpjsLaravelHeaders('mobilejkn', null, $method, $extraHeaders);
            if ($audit !== null) {
                $audit['timestamp'] = (string) $headers['X-timestamp'];
            }
            $this->bpjsChannel('warning', 'MobileJKN service expired, retry with refreshed credentials', [
                'previous_url' => $previous,
                'retry_url' => $url,
            ]);
            $response = $send($url, $headers, uniqid('mobilejkn_', true), microtime(true));
        }
        $this->bpjsAuditFinish($audit, $method, $payload);
        return ['response' => $response, 'headers_used' => $this->bpjsShownHeaders($headers),
            'timestamp_used' => (string) $headers['X-timestamp'], 'url' => $url];
    }

    protected function bpjsServiceExpired(Response $response): bool
    {
        $raw = (string) $response->body();
        $decoded = $raw === '' ? null : json_decode($raw, true);
        $meta = is_array($decoded) ? ($decoded['metadata'] ?? $decoded['metaData'] ?? null) : null;
        $code = is_array($meta) ? (int) ($meta['code'] ?? 0) : null;
        $message = is_array($meta) ? (string) ($meta['message'] ?? '') : '';
        return ($code === 401 && stripos($message, 'Service Expired') !== false) || stripos(
            $raw,
            'Service Expired'
        ) !== false;
    }

    /** Signed headers in the original's order, then the caller's (Accept and Content-Type may be
     * replaced; a signing header never is). Remembers the timestamp for a later decode. */
    protected function bpjsLaravelHeaders(
        string $service,
        $overrideTimestamp,
        string $method,
        array $extraHeaders
    ): array {
        $ts = $overrideTimestamp === null ? null : (string) $overrideTimestamp;
        $headers = $this->bpjsHeadersOf($service, $ts, $method);
        // The services' default is JSON; the caller's Content-Type (text/plain) replaces it.
        $headers = self::bpjsSetHeader($headers, 'Content-Type', 'application/json');
        foreach ($extraHeaders as $name => $value) {
            $name = (string) $name;
            $own = self::bpjsHeaderName($headers, $name);
            if ($own !== null && !in_array(strtolower($name), ['accept', 'content-type'], true)) {
                continue;
            }
            $headers = self::bpjsSetHeader($headers, $name, (string) $value);
        }
        $this->bpjsRecentTimestamps[] = (string) $headers['X-timestamp'];
        $this->bpjsRecentTimestamps = array_slice(array_values(array_unique($this->bpjsRecentTimestamps)), -8);
        return $headers;
    }

    /**
     * The body: none for GET and DELETE (BPJS's PCare, Mobile JKN and iCare DELETEs take
     * their arguments in the path; the application's proxy passes `$request->all()`,
     * the query included, for every method); for POST/PUT the string as given or the
     * JSON of the array ([] for none), as the original.
     */
    protected function bpjsLaravelPayload(string $method, $body, string $contentType): ?string
    {
        if ($method === 'GET' || $method === 'DELETE') {
            return null;
        }
        if (is_string($body)) {
            return $body;
        }
        return self::bpjsJson(is_array($body) ? $body : []);
    }

    /**
     * json_encode as the original (default flags); a value it cannot encode (text that is
     * not UTF-8) is an exception naming the reason, never an empty or partial body.
     */
    protected static function bpjsJson($value, int $flags = 0): string
    {
        $json = json_encode($value, $flags);
        if ($json === false) {
            throw new InvalidArgumentException('BPJS request body cannot be encoded as JSON ('
                . json_last_error_msg() . '); nothing was sent. Convert the text to UTF-8 first.');
        }
        return $json;
    }

    /**
     * One send through the Http facade with the original's options, and Laravel's
     * retry($times, $sleep) when $retry: a GET is sent again after any failure; a write
     * only when the connection was refused before anything was sent. A non-2xx answer
     * then ends in RequestException (2 attempts or more), as Laravel's retry() makes it.
     * Each attempt gets its audit row (a Guzzle middleware sees every one).
     */
    protected function bpjsHttpSend(
        string $method,
        string $url,
        array $query,
        array $headers,
        ?string $payload,
        ?string $resolve,
        bool $retry,
        ?array &$audit,
        int &$attempts
    ): Response {
        $http = $this->bpjsHttpConfig();
        // The original's transport: IPv4, HTTP/1.1, TLS 1.2+. Guzzle 8 (Laravel 13 on Debian)
        // refuses the cURL options it manages itself: its request options then.
        $options = ['connect_timeout' => $http['connect_timeout'], 'timeout' => $http['timeout'],
            'verify' => !$http['disable_ssl_verify'], 'force_ip_resolve' => 'v4', 'version' => '1.1'];
        $curl = [];
        if (self::bpjsGuzzleMajor() >= 8) {
            $options['crypto_method'] = STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT;
        } else {
            $curl = [CURLOPT_NOSIGNAL => true, CURLOPT_SSLVERSION => CURL_SSLVERSION_TLSv1_2];
        }
        if ($resolve !== null) {
            $curl[CURLOPT_RESOLVE] = [$resolve];
        }
        if ($curl !== []) {
            $options['curl'] = $curl;
        }
        if ($query !== []) {
            $options['query'] = $query;
        }
        $contentType = self::bpjsHeader($headers, 'Content-Type') ?? 'application/json';
        if ($payload !== null) {
            // withBody sets Content-Type itself: named twice it would go out twice.
            $headers = array_filter(
                $headers,
                fn ($name) => strcasecmp((string) $name, 'Content-Type') !== 0,
                ARRAY_FILTER_USE_KEY
            );
        }
        $request = Http::withHeaders($headers)->withOptions($options);
        if ($audit !== null) {
            $request = $request->withMiddleware($this->bpjsAuditMiddleware($audit, $attempts, $method, $payload));
        }
        $times = (int) $http['retry_times'];
        if ($retry && $times > 0) {
            $request = $request->retry($times, (int) $http['retry_sleep'], function ($e) use ($method): bool {
                if ($e instanceof ConnectionException) {
                    return $method === 'GET' || self::bpjsNothingSent($e);
                }
                return $e instanceof RequestException && $method === 'GET';
            });
        }
        if ($payload !== null) {
            $request = $request->withBody($payload, $contentType);
        }
        return $request->send($method, $url);
    }

    protected static function bpjsGuzzleMajor(): int
    {
        $interface = \GuzzleHttp\ClientInterface::class;
        return defined("$interface::MAJOR_VERSION") ? (int) constant("$interface::MAJOR_VERSION") : 6;
    }

    /** curl refused or could not resolve: the request never left (safe to send elsewhere). */
    protected static function bpjsNothingSent(\Throwable $e): bool
    {
        return (bool) preg_match('/cURL error (6|7):/', $e->getMessage());
    }

    /** The exception's message without URLs (they carry card numbers): masked by the core. */
    protected function bpjsSafeMessage(\Throwable $e): string
    {
        // scheme://host[:port] stay (which server); user info goes; the path and query
        // are masked by the extension (card numbers, NIK).
        $url = '~([a-z][a-z0-9+.-]*://)(?:[^\s/@]*@)?([^\s/]*)(\S*)~i';
        return (string) preg_replace_callback($url, function (array $m): string {
            try {
                return $m[1] . $m[2] . '/' . bpjs_redact_endpoint(ltrim($m[3], '/'));
            } catch (\Throwable $ignored) {
                return $m[1] . $m[2] . '/[path]';
            }
        }, $e->getMessage());
    }

    /**
     * What the caller sees: a RequestException as Laravel threw it (its message is the
     * status and a body summary, no URL); a ConnectionException again, its URL masked,
     * without the Guzzle exception (whose message has the whole URL) as its previous.
     */
    protected function bpjsRethrowable(?\Throwable $e): \Throwable
    {
        if ($e instanceof ConnectionException) {
            return new ConnectionException($this->bpjsSafeMessage($e), (int) $e->getCode());
        }
        return $e ?? new \RuntimeException('BPJS request failed');
    }
}
