<?php

namespace BpjsCodec\Laravel\Concerns;

use BpjsCodecException;
use GuzzleHttp\Promise\Create;
use Illuminate\Http\Client\Response;
use InvalidArgumentException;

/**
 * The audit trail (docs/audit.md; opt-in: bpjs.audit.enabled / BPJS_AUDIT_LOG): one pcare_bpjs_log
 * row per attempt, built by the extension, and the pcare_send_attempts state of each write.
 *
 * Part of BpjsCodec\Laravel\BpjsClient (its members are the client's).
 */
trait WritesAuditLog
{
    // ------------------------------------------------------------------
    // Audit trail (docs/audit.md; opt-in: bpjs.audit.enabled / BPJS_AUDIT_LOG)

    /** Context for the audit rows of the next request only (withAuditContext). */
    protected array $bpjsAuditContext = [];

    /** Set by BpjsCodec\Laravel\ResendService: its requests are always logged, and it
     * keeps pcare_send_attempts itself (a resend may switch POST to PUT). */
    protected bool $bpjsAuditForResend = false;

    /** What the last request's audit saw: ['rows' => [...], 'decoded' => ..., 'transport' => ?string]. */
    protected ?array $bpjsAuditLast = null;

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
    protected function bpjsAuditEnabled(): bool
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
    protected function bpjsAuditDb(): \Illuminate\Database\ConnectionInterface
    {
        $name = config('bpjs.audit.connection');
        return \Illuminate\Support\Facades\DB::connection(($name === null || $name === '') ? null : (string) $name);
    }

    /**
     * The audit state of one logical request, or null when logging is off. Takes the
     * context given by withAuditContext (which applies to this request only).
     */
    protected function bpjsAuditBegin(
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
    protected function bpjsAuditHashKey(#[\SensitiveParameter] string $secret): ?string
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
    protected function bpjsAuditOptions(array $audit, array $extra = []): array
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
    protected function bpjsAuditUser(): ?string
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

    protected static function bpjsUuid(): string
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
    protected function bpjsAuditAttempt(
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
    protected function bpjsAuditFinish(?array $audit, string $method, ?string $payload): void
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
    protected function bpjsRecordWrite(array $audit, string $method, ?string $payload, array $row): void
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
    protected static function bpjsSendStateOf(object $row): array
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
    protected static function bpjsSendStateColumns(array $state): array
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
    protected function bpjsResendPolicy(): array
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

    /** Columns of pcare_bpjs_log per connection name, read once per process (a missing table again). */
    protected static array $bpjsLogTableColumns = [];

    /**
     * A log row that fits the table as it is: the original design's columns (no_rawat
     * NOT NULL varchar(17), endpoint varchar(50), request_payload NOT NULL, timestamps)
     * and those of the audit migration when it ran. An endpoint longer than its column
     * is cut with a marker and kept in endpoint_full (when that column exists) as the core
     * logs it: masked, at most 255 bytes. What a resend sends is the send state's endpoint.
     */
    protected function bpjsLogRow(array $row): array
    {
        $db = $this->bpjsAuditDb();
        $columns = self::$bpjsLogTableColumns[$db->getName()] ?? null;
        if ($columns === null) {
            $columns = array_flip(array_map('strtolower', $db->getSchemaBuilder()->getColumnListing('pcare_bpjs_log')));
            if ($columns !== []) {
                self::$bpjsLogTableColumns[$db->getName()] = $columns;
            }
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
            if (!isset($columns['endpoint_full']) && !isset(self::$bpjsWarned['endpoint_full'])) {
                self::$bpjsWarned['endpoint_full'] = true;
                $this->bpjsLog('warning', 'bpjs: pcare_bpjs_log.endpoint holds 50 characters and the table has no '
                    . 'endpoint_full column: longer endpoints are stored cut (run the package migrations)');
            }
        }
        return self::bpjsFit(array_intersect_key($row, $columns), self::$bpjsLogColumns);
    }

    /** Column sizes of the two tables (the migrations), and int columns. */
    protected static array $bpjsLogColumns = [
        'service' => 16, 'method' => 8, 'endpoint' => 50, 'status' => 8, 'error_kind' => 32, 'meta_message' => 255,
        'payload_hash' => 64, 'correlation_id' => 64, 'triggered_by' => 50, 'no_rawat' => 17,
        'http_status' => 'int', 'meta_code' => 'int', 'duration_ms' => 'int', 'attempt' => 'int',
    ];

    protected static array $bpjsSendColumns = [
        'no_rawat' => 40, 'service' => 16, 'endpoint' => 255, 'method' => 8, 'payload_hash' => 64, 'status' => 16,
        'result_number' => 64, 'correlation_id' => 64,
        'attempts' => 'int', 'last_http_status' => 'int', 'last_meta_code' => 'int',
    ];

    /** Values cut to their column: MariaDB in strict mode refuses a too-long varchar or an
     * int beyond 32 bits, and a refused row would be a lost attempt (SQLite would keep it
     * whole; the cut keeps both alike). */
    protected static function bpjsFit(array $row, array $columns): array
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
    protected function bpjsAuditWarn(string $what, \Throwable $e): void
    {
        $context = ['error' => get_class($e), 'code' => $e->getCode()];
        if ($e instanceof BpjsCodecException) {
            $context['kind'] = $e->getKind();
        }
        $this->bpjsLog('warning', "bpjs: audit $what not written; the BPJS call was not affected", $context);
    }

    /** A Guzzle middleware writing one audit row per attempt (the retries of retry() included). */
    protected function bpjsAuditMiddleware(?array &$audit, int &$attempts, string $method, ?string $payload): callable
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
    protected function bpjsAuditUnseen(
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

    protected function bpjsLaravelAuditBegin(
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
}
