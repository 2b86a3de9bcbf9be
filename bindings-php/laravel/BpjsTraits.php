<?php // phpcs:disable PSR1.Files.SideEffects.FoundWithSymbols -- loads the package without composer (below)

namespace App\Traits;

use BpjsCodec\Laravel\BpjsConnectionError;
use BpjsCodec\Laravel\Concerns\BpjsLaravelRequests;
use BpjsCodecException;
use InvalidArgumentException;
use RuntimeException;

// Without composer (this repository's tests load this file directly): the package's
// classes from ./src. In an application composer's autoloader finds them.
if (!trait_exists(BpjsLaravelRequests::class) && is_file(__DIR__ . '/src/autoload.php')) {
    require_once __DIR__ . '/src/autoload.php';
}
if (!class_exists('App\\Traits\\BpjsConnectionError', false)) {
    class_alias(BpjsConnectionError::class, 'App\\Traits\\BpjsConnectionError');
}

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
 *  - only GET is retried, only after a connection error or a 5xx; TLS
 *    verification stays on unless BPJS_HTTP_DISABLE_SSL_VERIFY=true.
 *
 * Optional audit trail (docs/audit.md, BPJS_AUDIT_LOG=true, Laravel only): one
 * pcare_bpjs_log row per attempt, built by the core, and the pcare_send_attempts
 * state of each write that names a no_rawat (withAuditContext() gives it);
 * App\Services\BpjsResendService resends failed writes.
 *
 * Inside Laravel it reads the faskesku tables first (`setting_bridging_bpjs`:
 * `*_pcare` columns; `setting_briding_mobilejkn`: `*_mobilejkn` columns, also
 * used by iCare), then config('bpjs.*'), and sends with the Http facade;
 * outside Laravel, getenv() and curl. The request methods return the HTTP
 * response object under `response`, as the original trait did.
 */
trait BpjsTraits
{
    use BpjsLaravelRequests;

    /** Per-request cache of the three configurations. */
    private array $bpjsConfigCache = [];

    // ------------------------------------------------------------------
    // Configuration

    /**
     * PCare: base_url, cons_id, cons_pwd, user_key, user, pass, kode_ppk, app_code,
     * kabupaten, kunjungan_content_type. Credentials from `setting_bridging_bpjs`
     * (cons_id_pcare, secretkey_pcare, userkey_pcare, user_pcare, pass_pcare) first.
     */
    protected function pcareConfig(): array
    {
        if ($this->bpjsInLaravel()) {
            return $this->bpjsLaravelPcareConfig();
        }
        return $this->bpjsServiceConfig('pcare', 'BPJS_PCARE_', [
            'base_url' => 'https://apijkn.bpjs-kesehatan.go.id/pcare-rest',
            'kabupaten' => '',
            'kunjungan_content_type' => 'text/plain',
        ]);
    }

    /**
     * Mobile JKN / Antrean FKTP, from `setting_briding_mobilejkn` first
     * (base_url_mobilejkn, cons_id_mobilejkn, secretkey_mobilejkn, ...).
     * X-authorization is sent only when send_authorization is true.
     */
    protected function mobilejknConfig(): array
    {
        if ($this->bpjsInLaravel()) {
            return $this->bpjsLaravelMobileJknConfig();
        }
        return $this->bpjsServiceConfig('mobilejkn', 'BPJS_MOBILEJKN_', [
            // Strings, never null, as the original returned them.
            'base_url' => '', 'base_url_v1' => '', 'base_url_v2' => '',
            'cons_id' => '', 'cons_pwd' => '', 'user_key' => '', 'user' => '', 'pass' => '',
            'username_antrol' => '', 'password_antrol' => '',
            'send_authorization' => false,
        ]);
    }

    /**
     * iCare: credentials from `setting_briding_mobilejkn` (the *_mobilejkn columns),
     * user_key from `setting_bridging_bpjs.userkey_pcare`, base URL from config, as
     * the original. `service` is icare-fktp (clinics, default) or icare-fkrtl (hospitals).
     */
    protected function icareConfig(): array
    {
        if ($this->bpjsInLaravel()) {
            return $this->bpjsLaravelIcareConfig();
        }
        return $this->bpjsServiceConfig('icare', 'BPJS_ICARE_', [
            'base_url' => null,
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
            'timeout' => self::bpjsNumber($this->bpjsEnv('BPJS_HTTP_TIMEOUT', 30), 30.0),
            'connect_timeout' => self::bpjsNumber($this->bpjsEnv('BPJS_HTTP_CONNECT_TIMEOUT', 10), 10.0),
            'retry_times' => (int) self::bpjsNumber($this->bpjsEnv('BPJS_HTTP_RETRY_TIMES', 2), 2),
            'retry_sleep' => (int) self::bpjsNumber($this->bpjsEnv('BPJS_HTTP_RETRY_SLEEP', 500), 500),
        ];
        if ($this->bpjsInLaravel()) {
            foreach ((array) config('bpjs.http', []) as $key => $value) {
                if ($value !== null && array_key_exists($key, $config)) {
                    $config[$key] = is_bool($config[$key]) ? self::bpjsBool($value)
                        : (in_array($key, ['retry_times', 'retry_sleep'], true) ? (int) self::bpjsNumber(
                            $value,
                            $config[$key]
                        ) : self::bpjsNumber($value, $config[$key]));
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

    /** base64(HMAC-SHA256(consId & timestamp, secretKey)). Never throws, as the original. */
    protected function generateSignature($consId, #[\SensitiveParameter] $secretKey, $timestamp): string
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
    protected function generateAuthorization(
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
    protected function buildPcareHeaders(
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

    protected function buildIcareHeaders(
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

    /** @throws InvalidArgumentException when cons id, secret or user_key is missing */
    protected function buildMobileJknHeaders(
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

    // ------------------------------------------------------------------
    // Decoding

    /** The AES layer: `$key` = cons_id . secret . timestamp. '' (and a log line) on failure, as the original. */
    protected function stringDecrypt(#[\SensitiveParameter] $key, $encrypted): string
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
    protected function decompressLzString($string): string
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
     * One signed PCare request. Returns ['response' => the HTTP response object,
     * 'headers_used' => headers without secrets, 'timestamp_used', 'url'], as the
     * original; decode with maybeDecryptAndDecompress($r['response']->body(), $r['timestamp_used']).
     */
    protected function pcareRequest(
        $method,
        $endpoint,
        $query = [],
        $body = null,
        $extraHeaders = [],
        $overrideTimestamp = null
    ): array {
        if ($this->bpjsInLaravel()) {
            return $this->bpjsLaravelRequest(
                'pcare',
                $method,
                $endpoint,
                $query,
                $body,
                (array) $extraHeaders,
                $overrideTimestamp
            );
        }
        $method = strtoupper((string) $method);
        $c = $this->pcareConfig();
        $ts = !in_array((string) $overrideTimestamp, ['', '0'], true) ? (string) $overrideTimestamp
            : $this->generateTimestamp();
        // Some PCare deployments want kunjungan bodies as text/plain, others as JSON.
        $contentType = (in_array($method, ['POST', 'PUT'], true) && self::bpjsEndpointIs($endpoint, 'kunjungan'))
            ? (string) $c['kunjungan_content_type'] : null;
        // First: the audit context given for this request is used up even if it fails early.
        $audit = $this->bpjsAuditBegin(
            'pcare',
            $endpoint,
            $c['cons_id'],
            $c['cons_pwd'],
            $ts,
            [$c['cons_pwd'], $c['pass'], $c['user_key']]
        );
        $headers = $this->buildPcareHeaders($ts, $method, $contentType);
        return $this->bpjsSend(
            $method,
            $c['base_url'],
            $endpoint,
            $query,
            $body,
            $headers,
            (array) $extraHeaders,
            $ts,
            $this->bpjsResolveList('pcare'),
            $audit
        );
    }

    protected function mobilejknRequest(
        $method,
        $endpoint,
        $query = [],
        $body = null,
        $extraHeaders = [],
        $overrideTimestamp = null
    ): array {
        if ($this->bpjsInLaravel()) {
            return $this->bpjsLaravelRequest(
                'mobilejkn',
                $method,
                $endpoint,
                $query,
                $body,
                (array) $extraHeaders,
                $overrideTimestamp
            );
        }
        $method = strtoupper((string) $method);
        $c = $this->mobilejknConfig();
        $ts = !in_array((string) $overrideTimestamp, ['', '0'], true) ? (string) $overrideTimestamp
            : $this->generateTimestamp();
        $audit = $this->bpjsAuditBegin(
            'antreanfktp',
            $endpoint,
            $c['cons_id'],
            $c['cons_pwd'],
            $ts,
            [$c['cons_pwd'], $c['pass'], $c['user_key'], $c['password_antrol']]
        );
        $headers = $this->buildMobileJknHeaders($ts, $method);
        return $this->bpjsSend(
            $method,
            $c['base_url'],
            $endpoint,
            $query,
            $body,
            $headers,
            (array) $extraHeaders,
            $ts,
            $this->bpjsResolveList('mobilejkn'),
            $audit
        );
    }

    protected function icareRequest(
        $method,
        $endpoint,
        $query = [],
        $body = null,
        $extraHeaders = [],
        $overrideTimestamp = null
    ): array {
        if ($this->bpjsInLaravel()) {
            return $this->bpjsLaravelRequest(
                'icare',
                $method,
                $endpoint,
                $query,
                $body,
                (array) $extraHeaders,
                $overrideTimestamp
            );
        }
        $method = strtoupper((string) $method);
        $c = $this->icareConfig();
        $ts = !in_array((string) $overrideTimestamp, ['', '0'], true) ? (string) $overrideTimestamp
            : $this->generateTimestamp();
        $audit = $this->bpjsAuditBegin(
            $this->bpjsIcareService(),
            $endpoint,
            $c['cons_id'],
            $c['cons_pwd'],
            $ts,
            [$c['cons_pwd'], $c['pass'], $c['user_key']]
        );
        $headers = $this->buildIcareHeaders($ts, $method);
        return $this->bpjsSend(
            $method,
            $c['base_url'],
            $endpoint,
            $query,
            $body,
            $headers,
            (array) $extraHeaders,
            $ts,
            $this->bpjsResolveList('icare'),
            $audit
        );
    }

    // ------------------------------------------------------------------
    // Audit trail (docs/audit.md; opt-in: bpjs.audit.enabled / BPJS_AUDIT_LOG)

    /** Context for the audit rows of the next request only (withAuditContext). */
    private array $bpjsAuditContext = [];

    /** Set by App\Services\BpjsResendService: its requests are always logged, and it
     * keeps pcare_send_attempts itself (a resend may switch POST to PUT). */
    private bool $bpjsAuditForResend = false;

    /** What the last request's audit saw: ['rows' => [...], 'decoded' => ..., 'transport' => ?string]. */
    private ?array $bpjsAuditLast = null;

    /**
     * Context for the audit log of the next pcareRequest / mobilejknRequest / icareRequest
     * (that one only), for example
     * `$this->withAuditContext(['no_rawat' => $noRawat])->pcareRequest('POST', 'kunjungan', [], $data)`.
     *
     * Keys: `no_rawat` (else the core reads noRawat / no_rawat from the payload),
     * `triggered_by` (else the authenticated user's id), and, to continue an earlier
     * logical request, `correlation_id` and `attempt` (its next attempt number).
     *
     * @throws InvalidArgumentException on an unknown key or a wrong type
     */
    public function withAuditContext(array $context): static
    {
        foreach ($context as $key => $value) {
            $ok = match ($key) {
                'no_rawat', 'triggered_by' => $value === null || is_string($value) || is_int($value),
                'correlation_id' => is_string($value) && $value !== '' && strlen($value) <= 64,
                'attempt' => is_int($value) && $value >= 1,
                default =>
                    throw new InvalidArgumentException(
                        "withAuditContext: unknown key $key (no_rawat, triggered_by, correlation_id, attempt)"
                    ),
            };
            if (!$ok) {
                throw new InvalidArgumentException("withAuditContext: wrong type or value for $key");
            }
        }
        $this->bpjsAuditContext = $context;
        return $this;
    }

    /** Logging is on: inside Laravel (it writes through the DB facade), when configured. */
    private function bpjsAuditEnabled(): bool
    {
        if (!$this->bpjsInLaravel() || !class_exists(\Illuminate\Support\Facades\DB::class)) {
            if (
                !$this->bpjsAuditForResend && self::bpjsBool($this->bpjsEnv('BPJS_AUDIT_LOG', false))
                && !isset(self::$bpjsWarned['audit:laravel'])
            ) {
                self::$bpjsWarned['audit:laravel'] = true;
                $this->bpjsLog(
                    'warning',
                    'bpjs: BPJS_AUDIT_LOG needs Laravel (its database); no audit rows are written'
                );
            }
            return false;
        }
        if ($this->bpjsAuditForResend) {
            return true;
        }
        $configured = config('bpjs.audit.enabled');
        return self::bpjsBool($configured ?? $this->bpjsEnv('BPJS_AUDIT_LOG', false));
    }

    /** The connection the audit tables live on (bpjs.audit.connection, default: the app's). */
    private function bpjsAuditDb(): \Illuminate\Database\ConnectionInterface
    {
        $name = config('bpjs.audit.connection');
        return \Illuminate\Support\Facades\DB::connection(($name === null || $name === '') ? null : (string) $name);
    }

    /**
     * The audit state of one logical request, or null when logging is off. Takes the
     * context given by withAuditContext (which applies to this request only).
     */
    private function bpjsAuditBegin(
        string $service,
        $endpoint,
        $consId,
        #[\SensitiveParameter] $secret,
        string $ts,
        #[\SensitiveParameter] array $secrets
    ): ?array {
        $context = $this->bpjsAuditContext;
        $this->bpjsAuditContext = [];
        $this->bpjsAuditLast = null;
        if (!$this->bpjsAuditEnabled()) {
            return null;
        }
        $path = ltrim(explode('?', (string) $endpoint, 2)[0], '/');
        return [
            'service' => $service,
            'endpoint' => $path,
            'cons_id' => (string) $consId,
            'secret' => (string) $secret,
            'timestamp' => $ts,
            // The facility's own secrets, scrubbed from every stored string (core: secret_values).
            'secret_values' => array_values(array_unique(array_filter(
                array_map(fn ($v) => (string) $v, $secrets),
                fn ($v) => $v !== ''
            ))),
            // The key of payload_hash; null (no secret to derive it from): no row is
            // written, never one with an unkeyed hash (the core refuses it).
            'hash_key' => $this->bpjsAuditHashKey((string) $secret),
            'correlation_id' => $context['correlation_id'] ?? self::bpjsUuid(),
            'first_attempt' => $context['attempt'] ?? 1,
            'triggered_by' => isset($context['triggered_by']) ? (string) $context['triggered_by']
                : $this->bpjsAuditUser(),
            'no_rawat' => isset($context['no_rawat']) && (string) $context['no_rawat'] !== ''
                ? (string) $context['no_rawat'] : null,
            'rows' => [],
            'decoded' => null,
            'transport' => null,
        ];
    }

    /**
     * The audit hash key (docs/audit.md): bpjs.audit.hash_key / BPJS_AUDIT_HASH_KEY, else
     * bpjs_derive_hash_key() of the PCare consumer secret (of $secret when PCare has none),
     * stable per installation. Null when there is no secret to derive it from.
     */
    private function bpjsAuditHashKey(#[\SensitiveParameter] string $secret): ?string
    {
        $key = $this->bpjsInLaravel() ? config('bpjs.audit.hash_key') : null;
        $key ??= $this->bpjsEnv('BPJS_AUDIT_HASH_KEY');
        if ($key !== null && (string) $key !== '') {
            return (string) $key;
        }
        try {
            $pcare = (string) ($this->pcareConfig()['cons_pwd'] ?? '');
            return bpjs_derive_hash_key($pcare !== '' ? $pcare : $secret);
        } catch (\Throwable $e) {
            return null;
        }
    }

    /** The core's options for this request's rows: key, secrets to scrub, the stored size cap. */
    private function bpjsAuditOptions(array $audit, array $extra = []): array
    {
        $options = $extra + ['secret_values' => $audit['secret_values']];
        if ($audit['hash_key'] !== null) {
            $options['hash_key'] = $audit['hash_key'];
        }
        $max = $this->bpjsInLaravel() ? config('bpjs.audit.max_stored_bytes') : null;
        $max ??= $this->bpjsEnv('BPJS_AUDIT_MAX_STORED_BYTES');
        if (is_numeric($max)) {
            $options['max_stored_bytes'] = max(64, (int) $max);
        }
        return $options;
    }

    /** The authenticated user's id, when there is one. */
    private function bpjsAuditUser(): ?string
    {
        try {
            if (app()->bound('auth') && ($user = app('auth')->user()) !== null) {
                $id = $user->getAuthIdentifier();
                return is_scalar($id) && (string) $id !== '' ? (string) $id : null;
            }
        } catch (\Throwable $e) {
            // No guard configured (a console command): nobody to name.
        }
        return null;
    }

    private static function bpjsUuid(): string
    {
        $b = random_bytes(16);
        $b[6] = chr((ord($b[6]) & 0x0f) | 0x40);
        $b[8] = chr((ord($b[8]) & 0x3f) | 0x80);
        return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($b), 4));
    }

    /**
     * One pcare_bpjs_log row for one attempt, built only by the core (bpjs_audit_record,
     * with the facility's secrets as secret_values). Never throws: a failure to build or
     * store the row is a warning, the BPJS call goes on.
     */
    private function bpjsAuditAttempt(
        ?array &$audit,
        int $attempt,
        string $method,
        ?string $payload,
        $response,
        ?\Throwable $error,
        int $started
    ): void {
        if ($audit === null) {
            return;
        }
        $fields = [
            'service' => $audit['service'],
            'method' => $method,
            'endpoint' => $audit['endpoint'],
            'request_payload' => ($payload === null || $payload === '') ? null : $payload,
            'duration_ms' => (int) round((hrtime(true) - $started) / 1e6),
            'correlation_id' => $audit['correlation_id'],
            'triggered_by' => $audit['triggered_by'],
            'no_rawat' => $audit['no_rawat'],
        ];
        $audit['decoded'] = null;
        $audit['transport'] = null;
        try {
            if ($response !== null) {
                $body = (string) $response->body();
                $fields['http_status'] = (int) $response->status();
                $fields['response_body_raw'] = $body;
                try {
                    $decoded = bpjs_process_wrapper($audit['cons_id'], $audit['secret'], $audit['timestamp'], $body);
                    // A body that is not JSON comes back as a string: the core then reads the raw text.
                    if (is_array($decoded)) {
                        $fields['decoded'] = $audit['decoded'] = $decoded;
                    }
                } catch (BpjsCodecException $e) {
                    // The core prefixes the kind itself; the exception's message already starts with it.
                    $kind = (string) $e->getKind();
                    $message = $e->getMessage();
                    $fields['error_kind'] = $kind;
                    $fields['error_message'] = str_starts_with($message, "$kind: ") ? substr(
                        $message,
                        strlen($kind) + 2
                    ) : $message;
                }
            } elseif ($error !== null) {
                $audit['transport'] = self::bpjsTransportKind($error);
                $fields['transport_error'] = $audit['transport'] . ': ' . self::bpjsTransportMessage($error);
            }
            $options = $this->bpjsAuditOptions($audit);
            try {
                $row = bpjs_audit_record($fields, $options);
            } catch (BpjsCodecException $e) {
                // A value JSON cannot hold (INF from a reply's 1e999): the reply as raw text only.
                unset($fields['decoded']);
                $row = bpjs_audit_record($fields, $options);
            }
        } catch (\Throwable $e) {
            $this->bpjsAuditWarn('log row', $e);
            return;
        }
        $row['attempt'] = $audit['first_attempt'] + $attempt - 1;
        $row['created_at'] = gmdate('Y-m-d H:i:s');
        $audit['rows'][] = $row;
        try {
            // result_number goes to pcare_send_attempts, not to the log (docs/audit.md).
            $logRow = array_diff_key($row, ['result_number' => true]);
            $this->bpjsAuditDb()->table('pcare_bpjs_log')->insert($this->bpjsLogRow($logRow));
        } catch (\Throwable $e) {
            $this->bpjsAuditWarn('log row', $e);
        }
    }

    /** After the last attempt: remembers the outcome, and for a write that names a
     * no_rawat upserts its pcare_send_attempts row. Never throws. */
    private function bpjsAuditFinish(?array $audit, string $method, ?string $payload): void
    {
        if ($audit === null) {
            return;
        }
        $this->bpjsAuditLast = ['rows' => $audit['rows'], 'decoded' => $audit['decoded'], 'transport' =>
            $audit['transport']];
        $row = end($audit['rows']) ?: null;
        if (
            $this->bpjsAuditForResend || $method === 'GET' || $row === null || (string) ($row['no_rawat']
            ?? '') === ''
        ) {
            return;
        }
        try {
            $this->bpjsRecordWrite($audit, $method, $payload, $row);
        } catch (\Throwable $e) {
            $this->bpjsAuditWarn('send state', $e);
        }
    }

    /**
     * Upserts the state of one write (unique no_rawat + endpoint + payload_hash) with
     * what the core's send_state decides (docs/audit.md, "Send state"): accepted is
     * `sent`; a `sent` row stays sent; a failed send by the application is never
     * scheduled (only a person's resend starts the retries of bpjs:resend-due).
     */
    private function bpjsRecordWrite(array $audit, string $method, ?string $payload, array $row): void
    {
        // The payload to resend, written by the core: secret fields and the facility's
        // secrets removed, patient identifiers kept (they are needed to send it again),
        // `{}` and key order as sent (a PHP array round trip would turn {} into []).
        $stored = bpjs_audit_record([
            'method' => $method, 'endpoint' => $audit['endpoint'], 'correlation_id' => $audit['correlation_id'],
            'request_payload' => ($payload === null || $payload === '') ? null : $payload,
        ], $this->bpjsAuditOptions($audit, ['identifier_fields' => []]))['request_payload'];
        if (mb_strlen($audit['endpoint']) > 255 || mb_strlen((string) $row['no_rawat']) > 40) {
            // A resend must send what was sent: never a cut endpoint. No state row, a warning.
            $this->bpjsLog('warning', 'bpjs: audit send state not written: the endpoint is longer than 255 characters '
                . '(or no_rawat than 40); this write cannot be resent by bpjs:resend-due');
            return;
        }
        $key = self::bpjsFit([
            'no_rawat' => $row['no_rawat'],
            // As sent, identifiers kept (the log's is masked): a resend sends it again.
            'endpoint' => $audit['endpoint'],
            'payload_hash' => $row['payload_hash'] ?? bpjs_payload_hash(null, (string) $audit['hash_key']),
        ], self::$bpjsSendColumns);
        $attempt = ['by' => 'send', 'outcome' => 'answered', 'method' => $method, 'record' => $row, 'now' => time()];
        $table = fn () => $this->bpjsAuditDb()->table('pcare_send_attempts');
        $write = function () use ($table, $key, $attempt, $row, $stored, $audit): void {
            $existing = $table()->where($key)->first();
            $state = bpjs_send_state(
                $existing === null ? null : self::bpjsSendStateOf($existing),
                $attempt,
                $this->bpjsResendPolicy()
            );
            $values = self::bpjsSendStateColumns($state) + ['updated_at' => gmdate('Y-m-d H:i:s')];
            if ($state['write'] === 'update' && $existing !== null) {
                $table()->where('id', $existing->id)->update(self::bpjsFit($values, self::$bpjsSendColumns));
            } elseif ($state['write'] === 'insert') {
                $table()->insert(self::bpjsFit($key + $values + [
                    'service' => $row['service'],
                    'payload' => $stored ?? 'null',
                    'correlation_id' => $audit['correlation_id'],
                    'created_at' => $values['updated_at'],
                ], self::$bpjsSendColumns));
            }
        };
        try {
            $write();
        } catch (\Illuminate\Database\QueryException $e) {
            // Another worker inserted the same write meanwhile (the unique key): update it.
            $write();
        }
    }

    /** A pcare_send_attempts row as the core's send_state / resend_outcome read it. */
    private static function bpjsSendStateOf(object $row): array
    {
        $int = fn ($v) => $v === null || $v === '' ? null : (int) $v;
        return [
            'status' => (string) $row->status,
            'method' => (string) $row->method,
            'attempts' => (int) $row->attempts,
            'next_attempt_at' => $row->next_attempt_at === null ? null : strtotime($row->next_attempt_at . ' UTC'),
            'result_number' => $row->result_number === null ? null : (string) $row->result_number,
            'last_http_status' => $int($row->last_http_status),
            'last_meta_code' => $int($row->last_meta_code),
            'last_error' => $row->last_error === null ? null : (string) $row->last_error,
        ];
    }

    /** The columns of a state the core returned (write, reason dropped; times as UTC datetimes). */
    private static function bpjsSendStateColumns(array $state): array
    {
        $columns = array_intersect_key($state, array_flip(['status', 'method', 'attempts', 'next_attempt_at',
            'result_number', 'last_http_status', 'last_meta_code', 'last_error']));
        if (array_key_exists('next_attempt_at', $columns)) {
            $at = $columns['next_attempt_at'];
            $columns['next_attempt_at'] = $at === null ? null : gmdate('Y-m-d H:i:s', (int) $at);
        }
        return $columns;
    }

    /** bpjs.audit.resend: max_attempts (BPJS_RESEND_MAX_ATTEMPTS, 4) and schedule_secs
     * (BPJS_RESEND_SCHEDULE, "60,300,900"). */
    private function bpjsResendPolicy(): array
    {
        $max = config('bpjs.audit.resend.max_attempts') ?? $this->bpjsEnv('BPJS_RESEND_MAX_ATTEMPTS', 4);
        $schedule = config('bpjs.audit.resend.schedule_secs') ?? $this->bpjsEnv('BPJS_RESEND_SCHEDULE', '60,300,900');
        if (!is_array($schedule)) {
            $schedule = array_map('trim', explode(',', (string) $schedule));
        }
        $schedule = array_values(array_map('intval', array_filter($schedule, fn ($v) => is_numeric($v) && $v >= 0)));
        return [
            'max_attempts' => is_numeric($max) ? min(100, max(1, (int) $max)) : 4,
            'schedule_secs' => $schedule !== [] ? $schedule : [60, 300, 900],
        ];
    }

    /** Columns of pcare_bpjs_log on the audit connection, read once per process. */
    private static ?array $bpjsLogTableColumns = null;

    /**
     * A log row that fits the table as it is: the original design's columns (no_rawat
     * NOT NULL varchar(17), endpoint varchar(50), request_payload NOT NULL, timestamps)
     * and those of the audit migration when it ran. An endpoint longer than its column
     * is cut with a marker and kept whole in endpoint_full (when that column exists).
     */
    private function bpjsLogRow(array $row): array
    {
        if (self::$bpjsLogTableColumns === null) {
            $db = $this->bpjsAuditDb();
            self::$bpjsLogTableColumns = array_flip(array_map(
                'strtolower',
                $db->getSchemaBuilder()->getColumnListing('pcare_bpjs_log')
            ));
        }
        $row['no_rawat'] = (string) ($row['no_rawat'] ?? '');
        $row['request_payload'] ??= 'null';
        $row['updated_at'] = $row['created_at'];
        // request_payload and response_body_json are JSON columns in the original design
        // (MariaDB checks json_valid): a text the cap cut is stored as a JSON string.
        foreach (['request_payload', 'response_body_json'] as $column) {
            $text = $row[$column] ?? null;
            if (is_string($text) && json_decode($text) === null && json_last_error() !== JSON_ERROR_NONE) {
                $row[$column] = json_encode(
                    $text,
                    JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE
                );
            }
        }
        $endpoint = (string) $row['endpoint'];
        if (mb_strlen($endpoint) > 50) {
            $row['endpoint_full'] = $endpoint;
            $row['endpoint'] = mb_substr($endpoint, 0, 47) . '...';
            if (!isset(self::$bpjsLogTableColumns['endpoint_full']) && !isset(self::$bpjsWarned['endpoint_full'])) {
                self::$bpjsWarned['endpoint_full'] = true;
                $this->bpjsLog('warning', 'bpjs: pcare_bpjs_log.endpoint holds 50 characters and the table has no '
                    . 'endpoint_full column: longer endpoints are stored cut (run the package migrations)');
            }
        }
        return self::bpjsFit(array_intersect_key($row, self::$bpjsLogTableColumns), self::$bpjsLogColumns);
    }

    /** Column sizes of the two tables (the migrations), and int columns. */
    private static array $bpjsLogColumns = [
        'service' => 16, 'method' => 8, 'endpoint' => 50, 'status' => 8, 'error_kind' => 32, 'meta_message' => 255,
        'payload_hash' => 64, 'correlation_id' => 64, 'triggered_by' => 50, 'no_rawat' => 17,
        'http_status' => 'int', 'meta_code' => 'int', 'duration_ms' => 'int', 'attempt' => 'int',
    ];

    private static array $bpjsSendColumns = [
        'no_rawat' => 40, 'service' => 16, 'endpoint' => 255, 'method' => 8, 'payload_hash' => 64, 'status' => 16,
        'result_number' => 64, 'correlation_id' => 64,
        'attempts' => 'int', 'last_http_status' => 'int', 'last_meta_code' => 'int',
    ];

    /** Values cut to their column: MariaDB in strict mode refuses a too-long varchar or an
     * int beyond 32 bits, and a refused row would be a lost attempt (SQLite would keep it
     * whole; the cut keeps both alike). */
    private static function bpjsFit(array $row, array $columns): array
    {
        foreach ($columns as $name => $size) {
            $value = $row[$name] ?? null;
            if ($size === 'int' && is_int($value) && ($value < -2147483648 || $value > 2147483647)) {
                $row[$name] = $name === 'duration_ms' || $name === 'attempt' || $name === 'attempts'
                    ? max(-2147483648, min($value, 2147483647)) : null;
            } elseif (is_int($size) && is_string($value) && mb_strlen($value) > $size) {
                $row[$name] = mb_substr($value, 0, $size);
            }
        }
        return $row;
    }

    /** A failed log write is reported by type and code, never by message: a query
     * exception's message holds the SQL with its (patient) values. */
    private function bpjsAuditWarn(string $what, \Throwable $e): void
    {
        $context = ['error' => get_class($e), 'code' => $e->getCode()];
        if ($e instanceof BpjsCodecException) {
            $context['kind'] = $e->getKind();
        }
        $this->bpjsLog('warning', "bpjs: audit $what not written; the BPJS call was not affected", $context);
    }

    // ------------------------------------------------------------------
    // Internals (names prefixed with bpjs so they cannot clash with the host class)

    /** Headers that carry no secret and may be shown in `headers_used`. An allowlist, not a
     * list of secrets to hide: a header added later (by BPJS, the core or $extraHeaders,
     * e.g. an Authorization token) is redacted until someone decides it is safe to show. */
    private static array $bpjsShownHeaders = ['x-cons-id', 'x-timestamp', 'accept', 'content-type'];


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

    /**
     * "host:port:address" entries for CURLOPT_RESOLVE, as the original: PCare from
     * bpjs.http.force_resolve_list (comma-separated) or else bpjs.http.force_resolve
     * (BPJS_PCARE_FORCE_RESOLVE[_LIST]), Mobile JKN from bpjs.mobilejkn.force_resolve;
     * none for iCare.
     */
    private function bpjsResolveList(string $service): array
    {
        $laravel = $this->bpjsInLaravel();
        if ($service === 'pcare') {
            $list = $laravel ? config('bpjs.http.force_resolve_list') : $this->bpjsEnv('BPJS_PCARE_FORCE_RESOLVE_LIST');
            $single = $laravel ? config('bpjs.http.force_resolve') : $this->bpjsEnv('BPJS_PCARE_FORCE_RESOLVE');
        } elseif ($service === 'mobilejkn') {
            $list = null;
            $single = $laravel ? config('bpjs.mobilejkn.force_resolve')
                : $this->bpjsEnv('BPJS_MOBILEJKN_FORCE_RESOLVE');
        } else {
            return [];
        }
        $entries = array_values(array_filter(array_map('trim', explode(',', (string) $list)), fn ($v) => $v !== ''));
        if ($entries === [] && trim((string) $single) !== '') {
            $entries = [trim((string) $single)];
        }
        return $entries;
    }

    /** A number from env or config, never negative; '' or junk (BPJS_HTTP_TIMEOUT=) gives the default. */
    private static function bpjsNumber($value, float $default): float
    {
        return is_numeric($value) ? max(0.0, (float) $value) : $default;
    }

    private static function bpjsEndpointIs($endpoint, string $name): bool
    {
        $first = strtolower(explode('/', ltrim((string) $endpoint, '/'))[0]);
        return $first === $name || str_starts_with($first, $name . '?');
    }

    /**
     * The faskesku settings tables: for each service, table => [config key => column].
     * iCare shares the Mobile JKN credentials and takes PCare's user_key, as the original.
     */
    private static array $bpjsSettingsColumns = [
        'pcare' => [
            'setting_bridging_bpjs' => [
                'cons_id' => 'cons_id_pcare', 'cons_pwd' => 'secretkey_pcare', 'user_key' => 'userkey_pcare',
                'user' => 'user_pcare', 'pass' => 'pass_pcare',
            ],
        ],
        'mobilejkn' => [
            'setting_briding_mobilejkn' => [
                'base_url' => 'base_url_mobilejkn', 'cons_id' => 'cons_id_mobilejkn', 'cons_pwd' =>
                    'secretkey_mobilejkn',
                'user_key' => 'userkey_mobilejkn', 'user' => 'user_mobilejkn', 'pass' => 'pass_mobilejkn',
                'base_url_v1' => 'base_url_v1', 'base_url_v2' => 'base_url_v2',
                'username_antrol' => 'username_antrol', 'password_antrol' => 'password_antrol',
            ],
        ],
        'icare' => [
            'setting_briding_mobilejkn' => [
                'cons_id' => 'cons_id_mobilejkn', 'cons_pwd' => 'secretkey_mobilejkn',
                'user' => 'user_mobilejkn', 'pass' => 'pass_mobilejkn',
            ],
            'setting_bridging_bpjs' => ['user_key' => 'userkey_pcare'],
        ],
    ];

    /** Columns the original reads with `?? ''`: not every installation has them, no warning. */
    private static array $bpjsOptionalColumns = ['base_url_v1', 'base_url_v2', 'username_antrol', 'password_antrol'];

    /** Tables and columns already warned about in this process (one warning each). */
    private static array $bpjsWarned = [];

    /**
     * Database first, then config/bpjs.php, then the environment, as the original
     * (`$row?->cons_id_pcare ?? config('bpjs.pcare.cons_id')`). One difference: an
     * empty column does not blank a value set in config or .env.
     */
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
            // BPJS_PCARE_KUNJUNGAN_CT is the original's name for this one.
            $value = $this->bpjsEnv($envPrefix . ($key === 'kunjungan_content_type' ? 'KUNJUNGAN_CT'
                : strtoupper($key)));
            if ($value !== null && $value !== '') {
                $config[$key] = $value;
            }
        }
        if ($this->bpjsInLaravel()) {
            foreach ((array) config("bpjs.$service", []) as $key => $value) {
                if ($value !== null && $value !== '' && array_key_exists($key, $config)) {
                    $config[$key] = $value;
                }
            }
            if ($service !== 'pcare') {
                // The original takes kode_ppk and app_code (and for iCare the credentials
                // when the table has none) from config('bpjs.pcare.*').
                foreach ((array) config('bpjs.pcare', []) as $key => $value) {
                    $shared = $service === 'icare' || in_array($key, ['kode_ppk', 'app_code'], true);
                    if (
                        $shared && in_array($key, ['cons_id', 'cons_pwd', 'user_key', 'user', 'pass', 'kode_ppk',
                            'app_code'], true)
                        && ($config[$key] ?? null) === null && $value !== null && $value !== ''
                    ) {
                        $config[$key] = $value;
                    }
                }
            }
            foreach (self::$bpjsSettingsColumns[$service] ?? [] as $table => $columns) {
                $row = $this->bpjsSettingsRow($table, $columns);
                foreach ($columns as $key => $column) {
                    $value = $row[$column] ?? null;
                    if ($value !== null && $value !== '') {
                        $config[$key] = $value;
                    }
                }
            }
            if ($service === 'pcare' && (string) $config['kode_ppk'] === '') {
                // Some installations keep kode_ppk only in the `setting` table.
                $config['kode_ppk'] = $this->bpjsSettingsRow('setting', [])['kode_ppk'] ?? $config['kode_ppk'];
            }
        }
        if (($config['app_code'] ?? '') === '') {
            $config['app_code'] = '095';
        }
        return $this->bpjsConfigCache[$service] = $config;
    }

    /**
     * The first row of a settings table as an array, [] when it is empty. A missing
     * table, an unreachable database or a missing column is logged once per process as
     * a warning (config and .env apply then), never thrown.
     */
    private function bpjsSettingsRow(string $table, array $columns): array
    {
        try {
            $row = \Illuminate\Support\Facades\DB::table($table)->first();
            $row = $row ? (array) $row : [];
        } catch (\Throwable $e) {
            if ($columns !== [] && !isset(self::$bpjsWarned[$table])) {
                self::$bpjsWarned[$table] = true;
                $this->bpjsLog('warning', "bpjs: table $table not read, using config/bpjs.php and .env", [
                    'reason' => get_class($e),
                ]);
            }
            return [];
        }
        if ($row !== []) {
            $missing = array_values(array_diff($columns, array_keys($row), self::$bpjsOptionalColumns));
            $missing = array_values(array_filter($missing, fn ($c) => !isset(self::$bpjsWarned["$table.$c"])));
            if ($missing !== []) {
                foreach ($missing as $column) {
                    self::$bpjsWarned["$table.$column"] = true;
                }
                $this->bpjsLog('warning', "bpjs: table $table has no column " . implode(', ', $missing)
                    . ', using config/bpjs.php and .env');
            }
        }
        return $row;
    }

    private function bpjsHeaders(
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

    private function bpjsDecodeBody(
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

    private function bpjsLogDecodeFailure(string $where, \Throwable $e): void
    {
        // Core messages never contain a secret; the kind says what to check. A TypeError
        // (a string that is not UTF-8 where the core wants text) is logged as `config`.
        $kind = self::bpjsKind($e);
        $this->bpjsLog('warning', "bpjs: $where response not decoded ($kind)", [
            'kind' => $kind,
            'message' => $e instanceof BpjsCodecException ? $e->getMessage() : 'argument is not valid UTF-8 text',
        ]);
    }

    private static function bpjsKind(\Throwable $e): string
    {
        return $e instanceof BpjsCodecException ? (string) $e->getKind() : 'config';
    }

    /** A clear error instead of "Call to undefined function bpjs_...". */
    private static function bpjsRequireExtension(): void
    {
        if (!function_exists('bpjs_process_wrapper')) {
            throw new RuntimeException(
                'bpjs_codec extension not loaded, see README (extension=bpjs_codec in php.ini, then restart php-fpm)'
            );
        }
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
        error_log(strtoupper($level) . ' ' . $message . ($context ? ' ' . json_encode(
            $context,
            JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
        ) : ''));
    }

    private function bpjsSend(
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
    private function bpjsSendWithRetry(
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
                $response = $this->bpjsInLaravel() && class_exists(\Illuminate\Support\Facades\Http::class)
                    ? $this->bpjsLaravelSend($method, $url, $headers, $payload, $http)
                    : $this->bpjsCurlSend($method, $url, $headers, $payload, $http);
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
    private static function bpjsRetryNow(string $method, int $attempt, int $maxAttempts, array $outcome): bool
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
    private static function bpjsTransportKind(\Throwable $e): string
    {
        $errno = $e instanceof BpjsConnectionError ? (int) $e->getCode()
            : (preg_match('/cURL error (\d+)/', $e->getMessage(), $m) ? (int) $m[1] : 0);
        return $errno === 28 ? 'timeout' : 'connection';
    }

    /** The transport error's text without the URL (Guzzle ends it with "for <url>", and
     * the URL holds the card numbers of the path and query as sent). */
    private static function bpjsTransportMessage(\Throwable $e): string
    {
        $message = preg_replace('~\s+for\s+[a-z][a-z0-9+.-]*://\S*\s*$~i', '', $e->getMessage());
        // Any URL left: the host and port curl names stay (which server did not answer).
        $message = preg_replace('~[a-z][a-z0-9+.-]*://\S+~i', '[url]', (string) $message);
        return trim((string) $message);
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
                'curl' => [CURLOPT_SSLVERSION => CURL_SSLVERSION_TLSv1_2]
                    + ($http['resolve'] ? [CURLOPT_RESOLVE => $http['resolve']] : []),
                'http_errors' => false,
            ]);
        if ($payload !== null) {
            $contentType = 'application/json';
            foreach ($headers as $name => $value) {
                if (strcasecmp((string) $name, 'Content-Type') === 0) {
                    $contentType = (string) $value;
                }
            }
            $request = $request->withBody($payload, $contentType);
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
