<?php

namespace App\Services;

use App\Traits\BpjsTraits;
use Illuminate\Support\Facades\Cache;

/**
 * "Kirim Ulang": resends the failed BPJS writes of one visit (no_rawat) without
 * registering anybody twice, by the rules of docs/audit.md:
 *
 * 1. one resend per visit at a time: Cache::lock("bpjs-resend:{no_rawat}") (use a
 *    cache store shared by every worker: file, database, redis); busy: nothing is sent.
 *    Each row is then taken from `failed` to `sending` by a compare-and-set (another
 *    resend that took it meanwhile wins); a row left in `sending` by a killed worker is
 *    taken again only when its updated_at is older than the lock plus one row's HTTP
 *    timeouts, never while a resend may still be sending it;
 * 2. for each failed pcare_send_attempts row of the visit (and endpoint, when given):
 *    - a success already logged in pcare_bpjs_log for the same no_rawat + endpoint +
 *      payload_hash (accepted, but its state was not saved): marked `sent`, not sent;
 *    - a PCare `POST kunjungan` when the visit already has an accepted noKunjungan:
 *      sent as `PUT kunjungan` with that noKunjungan, never as a second visit;
 *    - otherwise sent again with its original correlation_id and the next attempt number;
 * 3. success: `sent` + result_number; failure: `failed`, attempts + 1 and, for a PUT
 *    or DELETE, next_attempt_at from the core's retry_decision (marked safe: the
 *    duplicate check is done), null when it says stop (4xx, decode error, attempts
 *    exhausted). A POST (a create) is never scheduled: its lost reply may hide a
 *    registration, so only a person resends it again.
 *
 * `php artisan bpjs:resend-due` (App\Console\Commands\BpjsResendDue) runs resendDue()
 * from the scheduler. Requests go through BpjsTraits (same settings, transport and
 * audit log); the resend's own attempts are always logged, whatever BPJS_AUDIT_LOG says.
 */
class BpjsResendService
{
    use BpjsTraits;

    /** How long a resend of one visit may take rows (seconds); the lock is held this
     * long plus the worst case of one row, so a crashed resend frees it after that. */
    public const LOCK_SECONDS = 600;

    /** Request method of the trait for each service a row can name. */
    private const REQUESTS = [
        'pcare' => 'pcareRequest',
        'antreanfktp' => 'mobilejknRequest',
        'icare-fktp' => 'icareRequest',
        'icare-fkrtl' => 'icareRequest',
    ];

    /**
     * Resends the failed writes of one visit.
     *
     * @return array{no_rawat: string, status: string, results: array<int, array>} status:
     *   `done` (see results: `sent`, `already_sent`, `failed`, `unsupported_service`,
     *   `in_progress` (taken by another resend), `deferred` (out of time, left failed) per row),
     *   `in_progress` (another resend of this visit holds the lock; nothing was sent),
     *   `nothing_to_resend` (no failed row)
     */
    public function resend(string $noRawat, ?string $endpoint = null, ?string $triggeredBy = null): array
    {
        return $this->resendVisit($noRawat, $endpoint, $triggeredBy, false);
    }

    /**
     * Every visit with a failed write whose next_attempt_at has passed, oldest first.
     *
     * @return array<int, array> one resend() result per visit
     */
    public function resendDue(int $limit = 100, string $triggeredBy = 'scheduler'): array
    {
        $visits = $this->bpjsAuditDb()->table('pcare_send_attempts')
            ->where('status', 'failed')->whereNotNull('next_attempt_at')->where('next_attempt_at', '<=', gmdate('Y-m-d H:i:s'))
            ->orderBy('next_attempt_at')->orderBy('id')
            ->pluck('no_rawat')->unique()->take(max(1, $limit))->values();
        return $visits->map(fn ($noRawat) => $this->resendVisit((string) $noRawat, null, $triggeredBy, true))->all();
    }

    /** Worst case of sending one row (seconds): every attempt timing out, with the
     * pauses between them, and some room for the database. */
    private function rowWorstSeconds(): int
    {
        $http = $this->bpjsHttpConfig();
        $tries = 1 + max(0, (int) $http['retry_times']);
        return (int) ceil($tries * ((float) $http['connect_timeout'] + (float) $http['timeout'])
            + ($tries - 1) * max(0, (int) $http['retry_sleep']) / 1000) + 30;
    }

    private function resendVisit(string $noRawat, ?string $endpoint, ?string $triggeredBy, bool $dueOnly): array
    {
        $rowWorst = $this->rowWorstSeconds();
        // Rows are taken only during the first LOCK_SECONDS; the lock outlives the last one.
        $lockSeconds = self::LOCK_SECONDS + $rowWorst;
        $lock = Cache::lock("bpjs-resend:$noRawat", $lockSeconds);
        if (!$lock->get()) {
            return ['no_rawat' => $noRawat, 'status' => 'in_progress', 'results' => []];
        }
        $started = time();
        try {
            $now = gmdate('Y-m-d H:i:s');
            // A `sending` row was left by a killed worker only when it is older than any
            // resend could still be sending it (the lock plus one row's timeouts).
            $stale = gmdate('Y-m-d H:i:s', time() - $lockSeconds - $rowWorst);
            $rows = $this->bpjsAuditDb()->table('pcare_send_attempts')->where('no_rawat', $noRawat)
                ->when($endpoint !== null, fn ($q) => $q->where('endpoint', $endpoint))
                ->where(function ($q) use ($dueOnly, $now, $stale): void {
                    $q->where(function ($failed) use ($dueOnly, $now): void {
                        $failed->where('status', 'failed');
                        if ($dueOnly) {
                            $failed->whereNotNull('next_attempt_at')->where('next_attempt_at', '<=', $now);
                        }
                    })
                        ->orWhere(fn ($sending) => $sending->where('status', 'sending')->where('updated_at', '<', $stale));
                })
                ->orderBy('id')->get();
            if ($rows->isEmpty()) {
                return ['no_rawat' => $noRawat, 'status' => 'nothing_to_resend', 'results' => []];
            }
            $results = [];
            foreach ($rows as $row) {
                if (time() - $started > self::LOCK_SECONDS) {
                    // The lock might expire while this row is sent: left for the next resend.
                    $results[] = ['id' => (int) $row->id, 'endpoint' => $row->endpoint, 'method' => $row->method,
                        'result' => 'deferred', 'message' => 'out of time; resend again'];
                    continue;
                }
                $results[] = $this->resendRow($row, $triggeredBy);
            }
            return ['no_rawat' => $noRawat, 'status' => 'done', 'results' => $results];
        } finally {
            $lock->release();
        }
    }

    /** Takes a row for sending by a compare-and-set: true only when this resend changed it
     * (from `failed` as read, or from the same stale `sending`). */
    private function takeRow(object $row): bool
    {
        $changed = $this->bpjsAuditDb()->table('pcare_send_attempts')
            ->where(['id' => $row->id, 'status' => $row->status, 'attempts' => $row->attempts, 'updated_at' => $row->updated_at])
            ->whereIn('status', ['failed', 'sending'])
            ->update(['status' => 'sending', 'updated_at' => gmdate('Y-m-d H:i:s')]);
        return $changed === 1;
    }

    private function resendRow(object $row, ?string $triggeredBy): array
    {
        $table = fn () => $this->bpjsAuditDb()->table('pcare_send_attempts');
        $base = ['id' => (int) $row->id, 'endpoint' => $row->endpoint, 'method' => $row->method];
        $request = self::REQUESTS[$row->service] ?? null;
        if ($request === null) {
            return $base + ['result' => 'unsupported_service', 'message' => "no request method for service {$row->service}"];
        }

        if (!$this->takeRow($row)) {
            // Another resend took it (or changed it) since it was read: not sent twice.
            return $base + ['result' => 'in_progress', 'message' => 'taken by another resend'];
        }

        // Accepted before, but its state was not saved: nothing to send.
        // The log holds the endpoint masked; the row holds it as sent. A write without a
        // body has no payload_hash in the log (the row has the hash of null).
        $logged = $this->bpjsAuditDb()->table('pcare_bpjs_log')
            ->where(['no_rawat' => $row->no_rawat, 'endpoint' => self::bpjsLoggedEndpoint((string) $row->method, (string) $row->endpoint),
                'status' => 'success'])
            ->where(function ($q) use ($row): void {
                $q->where('payload_hash', $row->payload_hash);
                if ($row->payload_hash === bpjs_payload_hash(null)) {
                    $q->orWhereNull('payload_hash');
                }
            })
            ->orderByDesc('id')->first();
        if ($logged !== null) {
            $number = self::loggedNumber($logged) ?? $row->result_number;
            $table()->where('id', $row->id)->update(self::bpjsFit([
                'status' => 'sent', 'result_number' => $number, 'next_attempt_at' => null, 'last_error' => null,
                'last_http_status' => $logged->http_status, 'last_meta_code' => $logged->meta_code,
                'updated_at' => gmdate('Y-m-d H:i:s'),
            ], self::$bpjsSendColumns));
            return $base + ['result' => 'already_sent', 'result_number' => $number];
        }

        $method = (string) $row->method;
        $body = (string) $row->payload;
        $switched = null;
        if ($this->isKunjunganCreate($row) && ($number = $this->acceptedKunjungan($row)) !== null) {
            // A second POST would register a second visit: edit the accepted one.
            $payload = json_decode($body);
            if ($payload instanceof \stdClass) {
                $payload->noKunjungan = $number;
                $method = 'PUT';
                $body = json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
                $switched = $number;
            }
        }
        $attempt = 1 + max((int) $row->attempts,
            (int) $this->bpjsAuditDb()->table('pcare_bpjs_log')->where('correlation_id', $row->correlation_id)->max('attempt'));
        $this->bpjsAuditForResend = true;
        $this->withAuditContext([
            'no_rawat' => (string) $row->no_rawat, 'triggered_by' => $triggeredBy,
            'correlation_id' => (string) $row->correlation_id, 'attempt' => $attempt,
        ]);
        $transportError = null;
        $response = null;
        try {
            // The stored JSON is sent as it is; a JSON string is a body that was not JSON.
            $value = json_decode($body);
            $response = $this->$request($method, $row->endpoint, [], is_string($value) ? $value : ($value === null ? null : $body))['response'] ?? null;
        } catch (\Throwable $e) {
            if (!self::bpjsIsConnectionError($e)) {
                // A configuration mistake (no credentials, no base URL): the row stays as it was.
                $table()->where('id', $row->id)->update(['status' => 'failed', 'updated_at' => gmdate('Y-m-d H:i:s')]);
                throw $e;
            }
            $transportError = $e;
        } finally {
            $this->bpjsAuditForResend = false;
        }
        return $this->finish($row, $method, $base, $switched, $transportError, $response);
    }

    private function finish(object $row, string $method, array $base, ?string $switched, ?\Throwable $transportError, $response = null): array
    {
        $outcome = $this->bpjsAuditLast ?? ['rows' => [], 'decoded' => null, 'transport' => null];
        $logged = end($outcome['rows']) ?: null;
        $attempts = (int) $row->attempts + 1;
        $values = [
            'attempts' => $attempts,
            'last_http_status' => $logged['http_status'] ?? null,
            'last_meta_code' => $logged['meta_code'] ?? null,
            'updated_at' => gmdate('Y-m-d H:i:s'),
        ];
        $out = $base + ['attempt' => $logged['attempt'] ?? null, 'http_status' => $values['last_http_status'],
            'meta_code' => $values['last_meta_code']];
        if ($switched !== null) {
            $out += ['switched_to' => "PUT {$row->endpoint}", 'noKunjungan' => $switched];
        }
        $table = $this->bpjsAuditDb()->table('pcare_send_attempts');
        if ($logged !== null && $logged['status'] === 'success') {
            $number = $logged['result_number'] ?? $switched;
            $table->where('id', $row->id)->update(self::bpjsFit($values + [
                'status' => 'sent', 'result_number' => $number, 'last_error' => null, 'next_attempt_at' => null,
            ], self::$bpjsSendColumns));
            return $out + ['result' => 'sent', 'result_number' => $number];
        }
        $facts = $logged ?? ['http_status' => null, 'error_kind' => null, 'meta_message' => null];
        $transport = $outcome['transport'] ?? ($transportError !== null ? self::bpjsTransportKind($transportError) : null);
        $unknown = false;
        if ($logged === null && $transport === null && $response !== null) {
            // No audit row could be built: decide from the reply itself, not as a lost connection.
            $status = (int) $response->status();
            $facts['http_status'] = $values['last_http_status'] = $out['http_status'] = $status;
            // A 2xx may be an acceptance this resend cannot read: a person checks at BPJS.
            $unknown = $status >= 200 && $status < 300;
        }
        // A create (POST) is never scheduled: its reply may have been lost after BPJS
        // registered it, which the log cannot see; only a person resends it again.
        $nextAt = ($method === 'POST' || $unknown) ? null : $this->bpjsNextAttemptAt($method, $attempts, $facts, $transport);
        $error = self::bpjsLastError($facts) ?? ($transport !== null ? "transport: $transport" : null);
        if ($unknown) {
            $error .= ' (reply not readable; check at BPJS before resending)';
        }
        $table->where('id', $row->id)->update(self::bpjsFit($values + [
            'status' => 'failed', 'last_error' => $error, 'next_attempt_at' => $nextAt,
        ], self::$bpjsSendColumns));
        return $out + ['result' => 'failed', 'message' => $error, 'next_attempt_at' => $nextAt];
    }

    private function isKunjunganCreate(object $row): bool
    {
        $path = strtolower(trim(explode('?', (string) $row->endpoint, 2)[0], '/'));
        return $row->method === 'POST' && $path === 'kunjungan' && $row->service === 'pcare';
    }

    /** The noKunjungan BPJS already gave this visit for another payload, if any. */
    private function acceptedKunjungan(object $row): ?string
    {
        $db = $this->bpjsAuditDb();
        $accepted = $db->table('pcare_send_attempts')
            ->where(['no_rawat' => $row->no_rawat, 'endpoint' => $row->endpoint, 'status' => 'sent'])
            ->whereNotNull('result_number')->where('id', '<>', $row->id)
            ->orderByDesc('updated_at')->orderByDesc('id')->value('result_number');
        if ($accepted !== null && (string) $accepted !== '') {
            return (string) $accepted;
        }
        $logged = $db->table('pcare_bpjs_log')
            ->where(['no_rawat' => $row->no_rawat, 'endpoint' => self::bpjsLoggedEndpoint('POST', (string) $row->endpoint),
                'method' => 'POST', 'status' => 'success'])
            ->where('payload_hash', '<>', $row->payload_hash)
            ->orderByDesc('id')->get();
        foreach ($logged as $success) {
            if (($number = self::loggedNumber($success)) !== null) {
                return $number;
            }
        }
        return null;
    }

    /** result_number of a logged success (its response_body_json may be cut at max_body_chars). */
    private static function loggedNumber(object $logged): ?string
    {
        $decoded = json_decode((string) ($logged->response_body_json ?? ''), true);
        return self::bpjsResultNumber($logged->service ?? null, $decoded);
    }
}
