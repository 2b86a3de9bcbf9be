<?php

namespace BpjsCodec\Laravel\Concerns;

use BpjsCodecException;
use BpjsCodec\Laravel\BpjsConnectionError;
use BpjsCodec\Laravel\CurlResponse;
use InvalidArgumentException;

/**
 * The transport outside Laravel: curl, GETs retried (1 + BPJS_HTTP_RETRY_TIMES attempts), nothing
 * thrown for a non-2xx, BpjsConnectionError when there is no answer.
 *
 * Part of BpjsCodec\Laravel\BpjsClient (its members are the client's).
 */
trait SendsWithCurl
{
    protected function bpjsSend(
        string $method,
        $baseUrl,
        $endpoint,
        $query,
        $body,
        array $headers,
        array $extraHeaders,
        string $ts,
        array $resolve = [],
        ?array $audit = null
    ): array {
        if ((string) $baseUrl === '') {
            throw new InvalidArgumentException('BPJS base URL is not configured');
        }
        $url = rtrim((string) $baseUrl, '/') . '/' . ltrim((string) $endpoint, '/');
        if (is_array($query) && $query !== []) {
            $url .= (str_contains($url, '?') ? '&' : '?') . http_build_query($query, '', '&', PHP_QUERY_RFC3986);
        } elseif (is_string($query) && $query !== '') {
            $url .= (str_contains($url, '?') ? '&' : '?') . ltrim($query, '?');
        }
        if ($audit !== null) {
            // The endpoint as sent (path and query): pcare_send_attempts keeps it for a
            // resend; the core masks its identifiers for the log.
            $audit['endpoint'] = ltrim(substr($url, strlen(rtrim((string) $baseUrl, '/')) + 1), '/');
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
            $payload = is_string($body) ? $body : self::bpjsJson(
                $body,
                JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
            );
        }

        $response = $this->bpjsSendWithRetry($method, $url, $headers, $payload, $resolve, $audit);
        $shown = [];
        foreach ($headers as $name => $value) {
            $shown[$name] = in_array(strtolower($name), self::$bpjsShownHeaders, true) ? $value : '[redacted]';
        }
        // As the original: the HTTP response object (Laravel's Http\Client\Response, or
        // the curl shim with status()/body()/json()/header()/successful()); callers decode
        // `response->body()` with maybeDecryptAndDecompress*($body, $timestamp_used).
        return [
            'response' => $response,
            'headers_used' => $shown,
            'timestamp_used' => $ts,
            'url' => $url,
        ];
    }

    /**
     * Sends once, and again (same headers, same timestamp) while the core's retry rule
     * says so: GET only, after a connection error, a timeout or a 5xx, at most
     * 1 + BPJS_HTTP_RETRY_TIMES attempts, BPJS_HTTP_RETRY_SLEEP ms apart. PUT and DELETE
     * are idempotent in HTTP, but BPJS answers a repeated DELETE with "not found", hiding
     * that the first one worked; POST creates a visit or a SEP. Each attempt gets its own
     * audit row when logging is on.
     */
    protected function bpjsSendWithRetry(
        string $method,
        string $url,
        array $headers,
        ?string $payload,
        array $resolve = [],
        ?array $audit = null
    ) {
        $http = $this->bpjsHttpConfig();
        $maxAttempts = 1 + $http['retry_times'];
        for ($attempt = 1;; $attempt++) {
            // force_resolve(_list): each attempt pins the host to the next address, as the original.
            $http['resolve'] = $resolve === [] ? [] : [$resolve[($attempt - 1) % count($resolve)]];
            $started = hrtime(true);
            try {
                $response = $this->bpjsCurlSend($method, $url, $headers, $payload, $http);
            } catch (\Throwable $e) {
                if (!self::bpjsIsConnectionError($e)) {
                    throw $e;
                }
                $this->bpjsAuditAttempt($audit, $attempt, $method, $payload, null, $e, $started);
                if (
                    !self::bpjsRetryNow($method, $attempt, $maxAttempts, ['transport' =>
                    self::bpjsTransportKind($e)])
                ) {
                    $this->bpjsAuditFinish($audit, $method, $payload);
                    throw $e;
                }
                $this->bpjsLog('warning', "bpjs: $method attempt $attempt failed to connect, retrying", ['error' =>
                    get_class($e)]);
                usleep($http['retry_sleep'] * 1000);
                continue;
            }
            $this->bpjsAuditAttempt($audit, $attempt, $method, $payload, $response, null, $started);
            if (!self::bpjsRetryNow($method, $attempt, $maxAttempts, ['http_status' => $response->status()])) {
                $this->bpjsAuditFinish($audit, $method, $payload);
                return $response;
            }
            $this->bpjsLog('warning', "bpjs: $method attempt $attempt got HTTP {$response->status()}, retrying");
            usleep($http['retry_sleep'] * 1000);
        }
    }

    /** The core's rule (bpjs_retry_decision), used for whether to retry now; its
     * minutes-long backoff is for the resend scheduler, not for a request in flight. */
    protected static function bpjsRetryNow(string $method, int $attempt, int $maxAttempts, array $outcome): bool
    {
        if (isset($outcome['http_status']) && ($outcome['http_status'] < 100 || $outcome['http_status'] > 999)) {
            return false;
        }
        try {
            return bpjs_retry_decision(
                ['method' => $method, 'attempt' => $attempt] + $outcome,
                ['max_attempts' => min(100, max(1, $maxAttempts))]
            )['retry'];
        } catch (BpjsCodecException $e) {
            return false;
        }
    }

    /** "timeout" (curl error 28) or "connection", as bpjs_retry_decision wants it. */
    protected static function bpjsTransportKind(\Throwable $e): string
    {
        $errno = $e instanceof BpjsConnectionError ? (int) $e->getCode()
            : (preg_match('/cURL error (\d+)/', $e->getMessage(), $m) ? (int) $m[1] : 0);
        return $errno === 28 ? 'timeout' : 'connection';
    }

    /** The transport error's text without the URL (Guzzle ends it with "for <url>", and
     * the URL holds the card numbers of the path and query as sent). */
    protected static function bpjsTransportMessage(\Throwable $e): string
    {
        $message = preg_replace('~\s+for\s+[a-z][a-z0-9+.-]*://\S*\s*$~i', '', $e->getMessage());
        // Any URL left: the host and port curl names stay (which server did not answer).
        $message = preg_replace('~[a-z][a-z0-9+.-]*://\S+~i', '[url]', (string) $message);
        return trim((string) $message);
    }

    protected static function bpjsIsConnectionError(\Throwable $e): bool
    {
        return $e instanceof \Illuminate\Http\Client\ConnectionException
            || $e instanceof \GuzzleHttp\Exception\ConnectException
            || ($e instanceof \GuzzleHttp\Exception\RequestException && !$e->hasResponse())
            || $e instanceof BpjsConnectionError;
    }

    /** Plain PHP: curl, same transport rules; returns an object shaped like Laravel's Response. */
    protected function bpjsCurlSend(string $method, string $url, array $headers, ?string $payload, array $http)
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
        if ($http['resolve']) {
            curl_setopt($ch, CURLOPT_RESOLVE, $http['resolve']);
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

        return new CurlResponse($status, $received, (string) $body);
    }
}
