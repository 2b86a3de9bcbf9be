<?php

namespace BpjsCodec\Laravel\Concerns;

use Illuminate\Http\Client\Response;
use Illuminate\Support\Facades\Log;

/**
 * Log lines: the application's log (warnings), and inside Laravel the original's lines on the
 * `bpjs` channel, which `php artisan pcare:parse-kunjungan-log` reads back.
 *
 * Part of BpjsCodec\Laravel\BpjsClient (its members are the client's).
 */
trait WritesLogLines
{
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
        error_log(strtoupper($level) . ' ' . $message . ($context ? ' ' . json_encode(
            $context,
            JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
        ) : ''));
    }

    /** Log prefix and request id prefix of each service, as the original writes them. */
    protected static array $bpjsLogNames = ['pcare' => 'PCare', 'icare' => 'Icare', 'mobilejkn' => 'MobileJKN'];

    // ------------------------------------------------------------------ the bpjs log channel

    /** A line on the `bpjs` channel (bpjs.log.channel); never throws. */
    protected function bpjsChannel(string $level, string $message, array $context = []): void
    {
        try {
            // The facility's own secrets (a payload may carry them) and secret fields go,
            // by the extension's rules; patient data stays as the original writes it.
            $context = bpjs_redact($context, ['identifier_fields' => [], 'secret_values' => $this->bpjsLineSecrets]);
        } catch (\Throwable $e) {
            $context = array_diff_key($context, ['body_preview' => true, 'body_excerpt' => true, 'query' => true]);
        }
        try {
            Log::channel((string) (config('bpjs.log.channel') ?: 'bpjs'))->log($level, $message, $context);
        } catch (\Throwable $e) {
            // A logger that cannot write must not fail the BPJS call.
        }
    }

    /** The facility's secrets of the request being logged, scrubbed from its channel lines. */
    protected array $bpjsLineSecrets = [];

    protected function bpjsBodyExcerpts(): bool
    {
        $value = config('bpjs.log.body_excerpts');
        return $value === null || self::bpjsBool($value);
    }

    /** body_preview of the request line: the body as JSON (or as given), at most 1000 bytes. */
    protected function bpjsBodyPreview($body): ?string
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

    /** The request line on the `bpjs` channel: "PCare request", "Icare request" or "MobileJKN request". */
    protected function bpjsRequestLine(
        string $service,
        string $id,
        string $method,
        string $url,
        string $endpoint,
        array $query,
        array $headers,
        ?string $bodyPreview
    ): void {
        $mask = $this->bpjsMaskLogPaths();
        $this->bpjsChannel('debug', self::$bpjsLogNames[$service] . ' request', [
            'id' => $id,
            'method' => $method,
            'url' => $mask ? $this->bpjsMaskUrl($url) : $url,
            'endpoint' => $mask ? $this->bpjsMaskUrl($endpoint) : $endpoint,
            'query' => $mask ? (array) $this->bpjsMaskValue($query) : $query,
            'headers' => [
                'X-cons-id' => (string) ($headers['X-cons-id'] ?? ''),
                'X-timestamp' => (string) ($headers['X-timestamp'] ?? ''),
                'Accept' => (string) (self::bpjsHeader($headers, 'Accept') ?? ''),
                'Content-Type' => (string) (self::bpjsHeader($headers, 'Content-Type') ?? ''),
            ],
            'body_preview' => $bodyPreview,
        ]);
    }

    protected function bpjsResponseLine(
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
            'url' => $this->bpjsMaskLogPaths() ? $this->bpjsMaskUrl($url) : $url,
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

    /**
     * bpjs.log.mask_identifiers (BPJS_LOG_MASK_IDENTIFIERS, default false: the original's
     * lines): card numbers and other identifiers in the url, endpoint and query of the
     * channel lines masked by the extension. The parse command keeps working (the
     * kunjungan endpoints hold no identifier).
     */
    protected function bpjsMaskLogPaths(): bool
    {
        return self::bpjsBool(config('bpjs.log.mask_identifiers') ?? false);
    }

    /** A URL or endpoint with its path and query masked by the extension; scheme and host kept. */
    protected function bpjsMaskUrl(string $url): string
    {
        try {
            if (preg_match('~^([a-z][a-z0-9+.-]*://[^/]*)(/.*)?$~i', $url, $m)) {
                return $m[1] . '/' . bpjs_redact_endpoint(ltrim($m[2] ?? '', '/'));
            }
            return bpjs_redact_endpoint($url);
        } catch (\Throwable $e) {
            return '[masked]';
        }
    }

    /** Query values through the extension's redaction (identifier fields masked). */
    protected function bpjsMaskValue($value)
    {
        try {
            return bpjs_redact($value);
        } catch (\Throwable $e) {
            return [];
        }
    }
}
