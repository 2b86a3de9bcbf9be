<?php

namespace BpjsCodec\Laravel\Concerns;

use BpjsCodecException;
use GuzzleHttp\Promise\Create;
use Illuminate\Http\Client\ConnectionException;
use Illuminate\Http\Client\RequestException;
use Illuminate\Http\Client\Response;
use Illuminate\Support\Facades\Http;
use Illuminate\Support\Facades\Log;
use InvalidArgumentException;

/**
 * The requests of App\Traits\BpjsTraits inside Laravel, as the application's
 * original trait makes them (config keys and messages, settings tables, the
 * `bpjs` log channel lines, Laravel's retry() with RequestException, forced
 * resolve failover, the Mobile JKN "Service Expired" re-sign), with the
 * signing and decoding of the bpjs_codec extension. Differences, each on
 * purpose (README, migration section): a POST/PUT/DELETE the server answered
 * is never sent again; one refused before anything was sent is; secrets never
 * appear in headers_used, log lines or rethrown messages; a body JSON cannot
 * encode is an exception; one Content-Type header.
 *
 * Used by App\Traits\BpjsTraits only; its methods are private to that trait.
 */
trait BpjsLaravelRequests
{
    /** Timestamps this instance signed with lately (newest last): a catch block that
     * decodes an error body with time() or '' gets the real one (maybeDecrypt...). */
    private array $bpjsRecentTimestamps = [];

    /** Log prefix and request id prefix of each service, as the original writes them. */
    private static array $bpjsLogNames = ['pcare' => 'PCare', 'icare' => 'Icare', 'mobilejkn' => 'MobileJKN'];

    // ------------------------------------------------------------------ configuration

    /** A value that is set: not null, not ''. */
    private static function bpjsFilled($value): bool
    {
        return $value !== null && $value !== '';
    }

    private function bpjsLaravelPcareConfig(): array
    {
        $row = $this->bpjsSettingsRow(
            'setting_bridging_bpjs',
            self::$bpjsSettingsColumns['pcare']['setting_bridging_bpjs']
        );
        $setting = $this->bpjsSettingsRow('setting', []);
        $pick = fn (string $column, string $key) => self::bpjsFilled($row[$column] ?? null)
            ? $row[$column] : config("bpjs.pcare.$key");
        // The PCare user name first (it is the facility's code there), then setting.kode_ppk, then config.
        $userPcare = trim((string) ($row['user_pcare'] ?? ''));
        $appCode = config('bpjs.pcare.app_code');
        return [
            'base_url' => config('bpjs.pcare.base_url'),
            'cons_id' => $pick('cons_id_pcare', 'cons_id'),
            'cons_pwd' => $pick('secretkey_pcare', 'cons_pwd'),
            'user_key' => (string) ($pick('userkey_pcare', 'user_key') ?? ''),
            'user' => $pick('user_pcare', 'user'),
            'pass' => $pick('pass_pcare', 'pass'),
            'kode_ppk' => $userPcare !== '' ? $userPcare : (($setting['kode_ppk'] ?? null)
                ?: config('bpjs.pcare.kode_ppk')),
            'app_code' => self::bpjsFilled($appCode) ? $appCode : '095',
        ];
    }

    private function bpjsLaravelMobileJknConfig(): array
    {
        $columns = self::$bpjsSettingsColumns['mobilejkn']['setting_briding_mobilejkn'];
        $row = $this->bpjsSettingsRow('setting_briding_mobilejkn', $columns);
        $config = [];
        foreach (
            ['base_url', 'base_url_v1', 'base_url_v2', 'cons_id', 'cons_pwd', 'user_key', 'user', 'pass',
            'username_antrol', 'password_antrol'] as $key
        ) {
            $value = $row[$columns[$key]] ?? null;
            // New: config/bpjs.php (bpjs.mobilejkn.*) when the table has no value.
            $config[$key] = (string) (self::bpjsFilled($value) ? $value : (config("bpjs.mobilejkn.$key") ?? ''));
        }
        $appCode = config('bpjs.pcare.app_code');
        return $config + [
            'kode_ppk' => config('bpjs.pcare.kode_ppk'),
            'app_code' => self::bpjsFilled($appCode) ? $appCode : '095',
        ];
    }

    private function bpjsLaravelIcareConfig(): array
    {
        $tables = self::$bpjsSettingsColumns['icare'];
        $mobile = $this->bpjsSettingsRow('setting_briding_mobilejkn', $tables['setting_briding_mobilejkn']);
        $pcare = $this->bpjsSettingsRow('setting_bridging_bpjs', $tables['setting_bridging_bpjs']);
        $pick = function (array $row, string $column, string $key) {
            foreach ([$row[$column] ?? null, config("bpjs.icare.$key"), config("bpjs.pcare.$key")] as $value) {
                if (self::bpjsFilled($value)) {
                    return $value;
                }
            }
            return null;
        };
        $appCode = config('bpjs.pcare.app_code');
        return [
            'base_url' => config('bpjs.icare.base_url'),
            'cons_id' => $pick($mobile, 'cons_id_mobilejkn', 'cons_id'),
            'cons_pwd' => $pick($mobile, 'secretkey_mobilejkn', 'cons_pwd'),
            'user_key' => (string) ($pick($pcare, 'userkey_pcare', 'user_key') ?? ''),
            'user' => $pick($mobile, 'user_mobilejkn', 'user'),
            'pass' => $pick($mobile, 'pass_mobilejkn', 'pass'),
            'app_code' => self::bpjsFilled($appCode) ? $appCode : '095',
        ];
    }

    /** icare-fktp (clinics, default) or icare-fkrtl (hospitals): bpjs.icare.service. */
    private function bpjsIcareService(): string
    {
        $service = $this->bpjsInLaravel() ? config('bpjs.icare.service') : ($this->icareConfig()['service'] ?? null);
        return self::bpjsFilled($service) ? (string) $service : 'icare-fktp';
    }

    // ------------------------------------------------------------------ the bpjs log channel

    /** A line on the `bpjs` channel (bpjs.log.channel); never throws. */
    private function bpjsChannel(string $level, string $message, array $context = []): void
    {
        try {
            Log::channel((string) (config('bpjs.log.channel') ?: 'bpjs'))->log($level, $message, $context);
        } catch (\Throwable $e) {
            // A logger that cannot write must not fail the BPJS call.
        }
    }

    private function bpjsBodyExcerpts(): bool
    {
        $value = config('bpjs.log.body_excerpts');
        return $value === null || self::bpjsBool($value);
    }

    /** body_preview of the request line: the body as JSON (or as given), at most 1000 bytes. */
    private function bpjsBodyPreview($body): ?string
    {
        if (!$this->bpjsBodyExcerpts()) {
            return null;
        }
        if (is_array($body)) {
            $json = json_encode($body);
            return $json !== false ? substr($json, 0, 1000) : null;
        }
        return is_string($body) ? substr($body, 0, 1000) : null;
    }

    // ------------------------------------------------------------------ the request

    /**
     * One request of pcareRequest / icareRequest / mobilejknRequest inside Laravel.
     *
     * @return array{response: Response, headers_used: array, timestamp_used: string, url: string}
     */
    private function bpjsLaravelRequest(
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
        $c = match ($service) {
            'pcare' => $this->pcareConfig(),
            'icare' => $this->icareConfig(),
            default => $this->mobilejknConfig(),
        };
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
            $this->bpjsChannel('debug', 'PCare request', $this->bpjsRequestLine(
                $logId,
                $method,
                $url,
                $endpoint,
                $query,
                $headers,
                $bodyPreview
            ));
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
                $this->bpjsChannel('debug', 'Icare request', $this->bpjsRequestLine(
                    $logId,
                    $method,
                    $url,
                    $endpoint,
                    $query,
                    $headers,
                    $bodyPreview
                ));
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
    private function bpjsMobileJknSend(
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
            $this->bpjsChannel('debug', 'MobileJKN request', $this->bpjsRequestLine(
                $logId,
                $method,
                $url,
                $endpoint,
                $query,
                $headers,
                $bodyPreview
            ));
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

    private function bpjsServiceExpired(Response $response): bool
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
    private function bpjsLaravelHeaders(string $service, $overrideTimestamp, string $method, array $extraHeaders): array
    {
        $ts = $overrideTimestamp === null ? null : (string) $overrideTimestamp;
        $headers = match ($service) {
            'pcare' => $this->buildPcareHeaders($ts, $method),
            'icare' => $this->buildIcareHeaders($ts, $method),
            default => $this->buildMobileJknHeaders($ts, $method),
        };
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

    /** The body as the original sends it: none for GET; for DELETE the JSON of a non-empty
     * array only; for POST/PUT the string as given or the JSON of the array ([] for none). */
    private function bpjsLaravelPayload(string $method, $body, string $contentType): ?string
    {
        if ($method === 'GET') {
            return null;
        }
        if ($method === 'DELETE') {
            $data = is_array($body) ? $body : (is_string($body) ? json_decode($body, true) : []);
            return is_array($data) && $data !== [] ? self::bpjsJson($data) : null;
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
    private static function bpjsJson($value, int $flags = 0): string
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
    private function bpjsHttpSend(
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

    private static function bpjsGuzzleMajor(): int
    {
        $interface = \GuzzleHttp\ClientInterface::class;
        return defined("$interface::MAJOR_VERSION") ? (int) constant("$interface::MAJOR_VERSION") : 6;
    }

    /** A Guzzle middleware writing one audit row per attempt (the retries of retry() included). */
    private function bpjsAuditMiddleware(?array &$audit, int &$attempts, string $method, ?string $payload): callable
    {
        return function (callable $handler) use (&$audit, &$attempts, $method, $payload): callable {
            return function ($request, array $options) use ($handler, &$audit, &$attempts, $method, $payload) {
                $attempt = ++$attempts;
                $started = hrtime(true);
                return $handler($request, $options)->then(
                    function ($psr) use (&$audit, $attempt, $method, $payload, $started) {
                        $this->bpjsAuditAttempt(
                            $audit,
                            $attempt,
                            $method,
                            $payload,
                            new Response($psr),
                            null,
                            $started
                        );
                        $psr->getBody()->rewind();
                        return $psr;
                    },
                    function ($reason) use (&$audit, $attempt, $method, $payload, $started) {
                        if ($reason instanceof \Throwable) {
                            $this->bpjsAuditAttempt($audit, $attempt, $method, $payload, null, $reason, $started);
                        }
                        return Create::rejectionFor($reason);
                    }
                );
            };
        };
    }

    /**
     * A reply the audit middleware did not see: one from Http::fake() (its stub handler
     * answers before the middleware of withMiddleware() runs). Logged as one attempt.
     */
    private function bpjsAuditUnseen(
        ?array &$audit,
        int &$attempts,
        string $method,
        ?string $payload,
        ?Response $response
    ): void {
        if ($audit !== null && $response !== null) {
            $this->bpjsAuditAttempt($audit, ++$attempts, $method, $payload, $response, null, hrtime(true));
        }
    }

    /** curl refused or could not resolve: the request never left (safe to send elsewhere). */
    private static function bpjsNothingSent(\Throwable $e): bool
    {
        return (bool) preg_match('/cURL error (6|7):/', $e->getMessage());
    }

    /** The exception's message without URLs (they carry card numbers): masked by the core. */
    private function bpjsSafeMessage(\Throwable $e): string
    {
        return (string) preg_replace_callback('~[a-z][a-z0-9+.-]*://[^\s/]*(\S*)~i', function (array $m): string {
            try {
                return '<url>/' . bpjs_redact_endpoint(ltrim($m[1], '/'));
            } catch (\Throwable $ignored) {
                return '<url>';
            }
        }, $e->getMessage());
    }

    /**
     * What the caller sees: a RequestException as Laravel threw it (its message is the
     * status and a body summary, no URL); a ConnectionException again, its URL masked,
     * without the Guzzle exception (whose message has the whole URL) as its previous.
     */
    private function bpjsRethrowable(?\Throwable $e): \Throwable
    {
        if ($e instanceof ConnectionException) {
            return new ConnectionException($this->bpjsSafeMessage($e), (int) $e->getCode());
        }
        return $e ?? new \RuntimeException('BPJS request failed');
    }

    private function bpjsRequestLine(
        string $id,
        string $method,
        string $url,
        string $endpoint,
        array $query,
        array $headers,
        ?string $bodyPreview
    ): array {
        return [
            'id' => $id,
            'method' => $method,
            'url' => $url,
            'endpoint' => $endpoint,
            'query' => $query,
            'headers' => [
                'X-cons-id' => (string) ($headers['X-cons-id'] ?? ''),
                'X-timestamp' => (string) ($headers['X-timestamp'] ?? ''),
                'Accept' => (string) (self::bpjsHeader($headers, 'Accept') ?? ''),
                'Content-Type' => (string) (self::bpjsHeader($headers, 'Content-Type') ?? ''),
            ],
            'body_preview' => $bodyPreview,
        ];
    }

    private function bpjsResponseLine(
        string $service,
        string $id,
        Response $response,
        string $url,
        string $ts,
        float $started
    ): void {
        try {
            $raw = (string) $response->body();
        } catch (\Throwable $e) {
            $raw = ''; // A body that cannot be read is the caller's to see, not the log line's.
        }
        $line = [
            'id' => $id,
            'status' => $response->status(),
            'successful' => $response->successful(),
            'duration_ms' => (int) round((microtime(true) - $started) * 1000),
            'url' => $url,
            'timestamp_used' => $ts,
            'body_excerpt' => $this->bpjsBodyExcerpts() ? substr($raw, 0, 1000) : null,
        ];
        if ($service === 'pcare') {
            $excerpt = [];
            foreach (['Location', 'location', 'Content-Type'] as $name) {
                $value = (string) ($response->header($name) ?? '');
                $excerpt[$name] = ($value !== '' && bpjs_is_sensitive_header($name)) ? '[redacted]' : $value;
            }
            $line['headers_excerpt'] = $excerpt;
        }
        $this->bpjsChannel('debug', self::$bpjsLogNames[$service] . ' response', $line);
    }

    /** headers_used: every header, the ones carrying a secret "[redacted]" (the original showed them). */
    private function bpjsShownHeaders(array $headers): array
    {
        $shown = [];
        foreach ($headers as $name => $value) {
            $shown[$name] = in_array(strtolower((string) $name), self::$bpjsShownHeaders, true) ? $value : '[redacted]';
        }
        return $shown;
    }

    private function bpjsLaravelAuditBegin(
        string $service,
        string $endpoint,
        array $query,
        array $c,
        string $ts
    ): ?array {
        $secrets = [$c['cons_pwd'] ?? '', $c['pass'] ?? '', $c['user_key'] ?? '', $c['password_antrol'] ?? ''];
        $audit = $this->bpjsAuditBegin(
            $service === 'icare' ? $this->bpjsIcareService()
            : ($service === 'mobilejkn' ? 'antreanfktp' : 'pcare'),
            $endpoint,
            $c['cons_id'] ?? '',
            $c['cons_pwd'] ?? '',
            $ts,
            $secrets
        );
        if ($audit !== null) {
            $sent = ltrim($endpoint, '/');
            if ($query !== []) {
                $sent .= (str_contains($sent, '?') ? '&' : '?') . http_build_query($query, '', '&', PHP_QUERY_RFC3986);
            }
            $audit['endpoint'] = $sent;
        }
        return $audit;
    }

    // ------------------------------------------------------------------ decoding

    /**
     * Decodes with $timestamp; when the reply was not encrypted with it (a catch block that
     * passes time() or ''), with the timestamps this instance signed with lately, then with
     * the one the extension finds within 10 minutes of now (bpjs_find_timestamp).
     */
    private function bpjsLaravelDecode(
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

    // ------------------------------------------------------------------ header arrays

    private static function bpjsHeaderName(array $headers, string $name): ?string
    {
        foreach (array_keys($headers) as $own) {
            if (strcasecmp((string) $own, $name) === 0) {
                return (string) $own;
            }
        }
        return null;
    }

    private static function bpjsHeader(array $headers, string $name): ?string
    {
        $own = self::bpjsHeaderName($headers, $name);
        return $own === null ? null : (string) $headers[$own];
    }

    /** Sets a header in place (its position kept), else appends it. */
    private static function bpjsSetHeader(array $headers, string $name, string $value): array
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
