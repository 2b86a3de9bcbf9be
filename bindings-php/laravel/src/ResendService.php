<?php

namespace BpjsCodec\Laravel;

use Illuminate\Support\Facades\Cache;

/**
 * "Kirim Ulang": resends the failed BPJS writes of one visit (no_rawat) without
 * registering anybody twice, by the rules of docs/audit.md:
 *
 * 1. one resend per visit at a time: Cache::lock("bpjs-resend:{no_rawat}") (use a
 *    cache store shared by every worker: file, database, redis); busy: nothing is sent.
 *    How long the lock and a `sending` row last is the core's bpjs_stale_limits (from
 *    the HTTP timeouts and retries): a row left in `sending` by a killed worker is
 *    taken again only when no resend can still be sending it. Each row is taken from
 *    `failed` to `sending` by a compare-and-set (another resend that took it wins);
 * 2. for each taken row the SQL lookups (a logged success of the same write, the
 *    noKunjungan the visit already has) go to the core's bpjs_resend_plan, which says
 *    what to do: `already_sent`, refuse, or send (a PCare `POST kunjungan` of a visit
 *    that has a noKunjungan is sent as `PUT kunjungan` with it, never as a second visit);
 * 3. after the send, the core's bpjs_resend_outcome gives the row's new state (a
 *    create is never scheduled; an update is, by retry_decision, marked safe).
 *
 * Results and output show `shown_endpoint` (masked by the core), never the row's
 * endpoint, which holds card numbers.
 *
 * `php artisan bpjs:resend-due` (BpjsCodec\Laravel\Console\ResendDueCommand) runs resendDue()
 * from the scheduler. Requests go through BpjsClient (same settings, transport and
 * audit log); the resend's own attempts are always logged, whatever BPJS_AUDIT_LOG says.
 */
class ResendService extends BpjsClient
{
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
     *   `done` (see results: `sent`, `already_sent`, `failed`, `not_sent`, `unsupported_service`,
     *   `unresendable`, `refused`, `in_progress` (taken by another resend), `deferred` (out of
     *   time, left failed) per row, each with its `shown_endpoint`),
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
            ->where('status', 'failed')->whereNotNull('next_attempt_at')->where(
                'next_attempt_at',
                '<=',
                gmdate('Y-m-d H:i:s')
            )
            ->orderBy('next_attempt_at')->orderBy('id')
            ->pluck('no_rawat')->unique()->take(max(1, $limit))->values();
        return $visits->map(fn ($noRawat) => $this->resendVisit((string) $noRawat, null, $triggeredBy, true))->all();
    }

    /**
     * The core's stale limits for this installation's HTTP settings: one upstream call
     * may take connect_timeout + timeout (+ the pause before a retry), and the request
     * helper makes up to retry_times + 1 of them.
     *
     * @return array{row_stale_secs: int, lock_stale_secs: int, window_secs: int}
     */
    public function staleLimits(): array
    {
        $http = $this->bpjsHttpConfig();
        $deadline = (float) $http['connect_timeout'] + (float) $http['timeout'] + max(
            0,
            (int) $http['retry_sleep']
        ) / 1000;
        return bpjs_stale_limits([
            'deadline_secs' => min(86400, (int) ceil($deadline)),
            'attempts' => min(100, 1 + max(0, (int) $http['retry_times'])),
        ]);
    }

    /** The facility's own secrets, scrubbed from what a result shows. */
    private function secretValues(): array
    {
        $c = $this->pcareConfig();
        return array_values(array_filter(
            array_map(fn ($v) => (string) $v, [$c['cons_pwd'], $c['pass'], $c['user_key']]),
            fn ($v) => $v !== ''
        ));
    }

    private function shownEndpoint(string $endpoint): string
    {
        return bpjs_redact_endpoint($endpoint, ['secret_values' => $this->secretValues()]);
    }

    private function resendVisit(string $noRawat, ?string $endpoint, ?string $triggeredBy, bool $dueOnly): array
    {
        $limits = $this->staleLimits();
        $lock = Cache::lock("bpjs-resend:$noRawat", $limits['lock_stale_secs']);
        if (!$lock->get()) {
            return ['no_rawat' => $noRawat, 'status' => 'in_progress', 'results' => []];
        }
        $started = time();
        try {
            $now = gmdate('Y-m-d H:i:s');
            // A `sending` row was left by a killed worker only when it is older than any
            // send could take (the core's row_stale_secs).
            $stale = gmdate('Y-m-d H:i:s', time() - $limits['row_stale_secs']);
            $rows = $this->bpjsAuditDb()->table('pcare_send_attempts')->where('no_rawat', $noRawat)
                ->when($endpoint !== null, fn ($q) => $q->where('endpoint', $endpoint))
                ->where(function ($q) use ($dueOnly, $now, $stale): void {
                    $q->where(function ($failed) use ($dueOnly, $now): void {
                        $failed->where('status', 'failed');
                        if ($dueOnly) {
                            $failed->whereNotNull('next_attempt_at')->where('next_attempt_at', '<=', $now);
                        }
                    })
                        ->orWhere(fn ($sending) => $sending->where('status', 'sending')->where(
                            'updated_at',
                            '<',
                            $stale
                        ));
                })
                ->orderBy('id')->get();
            if ($rows->isEmpty()) {
                return ['no_rawat' => $noRawat, 'status' => 'nothing_to_resend', 'results' => []];
            }
            $results = [];
            foreach ($rows as $row) {
                if (time() - $started > $limits['window_secs']) {
                    // The lock might expire while this row is sent: left for the next resend.
                    $results[] = ['id' => (int) $row->id, 'shown_endpoint' =>
                        $this->shownEndpoint((string) $row->endpoint),
                        'method' => $row->method, 'result' => 'deferred', 'message' => 'out of time; resend again'];
                    continue;
                }
                $results[] = $this->resendRow($row, $triggeredBy);
            }
            $taken = array_filter($results, fn ($r) => $r['result'] !== 'in_progress');
            return ['no_rawat' => $noRawat, 'status' => $taken === [] ? 'in_progress' : 'done', 'results' => $results];
        } finally {
            $lock->release();
        }
    }

    /** Takes a row for sending by a compare-and-set: true only when this resend changed it
     * (from `failed` as read, or from the same stale `sending`). */
    private function takeRow(object $row): bool
    {
        $changed = $this->bpjsAuditDb()->table('pcare_send_attempts')
            ->where(['id' => $row->id, 'status' => $row->status, 'attempts' => $row->attempts, 'updated_at' =>
                $row->updated_at])
            ->whereIn('status', ['failed', 'sending'])
            ->update(['status' => 'sending', 'updated_at' => gmdate('Y-m-d H:i:s')]);
        return $changed === 1;
    }

    /** Writes a state the core returned to the row. */
    private function writeState(object $row, array $state): void
    {
        $this->bpjsAuditDb()->table('pcare_send_attempts')->where('id', $row->id)->update(self::bpjsFit(
            self::bpjsSendStateColumns($state) + ['updated_at' => gmdate('Y-m-d H:i:s')],
            self::$bpjsSendColumns,
        ));
    }

    private function resendRow(object $row, ?string $triggeredBy): array
    {
        $base = ['id' => (int) $row->id, 'shown_endpoint' => $this->shownEndpoint((string) $row->endpoint),
            'method' => $row->method];
        if (!$this->takeRow($row)) {
            // Another resend took it (or changed it) since it was read: not sent twice.
            return $base + ['result' => 'in_progress', 'message' => 'taken by another resend'];
        }
        $taken = self::bpjsSendStateOf($row);
        $taken['status'] = 'sending';

        $plan = bpjs_resend_plan([
            'service' => $row->service === null || $row->service === '' ? null : (string) $row->service,
            'method' => (string) $row->method,
            'endpoint' => (string) $row->endpoint,
            'payload' => $row->payload === null ? null : (string) $row->payload,
            'result_number' => $row->result_number === null ? null : (string) $row->result_number,
        ], [
            'services' => array_keys(self::REQUESTS),
            'logged_success' => $this->loggedSuccess($row),
            'accepted_no_kunjungan' => $this->acceptedKunjungan($row),
            'secret_values' => $this->secretValues(),
        ]);
        $base['shown_endpoint'] = $plan['shown_endpoint'];
        if ($plan['action'] !== 'send') {
            $this->writeState($row, $plan['state']);
            $out = $base + ['result' => $plan['result']];
            return $out + ($plan['result'] === 'already_sent'
                ? ['result_number' => $plan['state']['result_number'] ?? null]
                : ['message' => $plan['reason']]);
        }

        $method = (string) $plan['method'];
        $attempt = 1 + max(
            (int) $row->attempts,
            (int) $this->bpjsAuditDb()->table('pcare_bpjs_log')->where(
                'correlation_id',
                $row->correlation_id
            )->max('attempt')
        );
        $this->bpjsAuditForResend = true;
        $this->withAuditContext([
            'no_rawat' => (string) $row->no_rawat, 'triggered_by' => $triggeredBy,
            'correlation_id' => (string) $row->correlation_id, 'attempt' => $attempt,
        ]);
        $request = self::REQUESTS[$row->service] ?? self::REQUESTS['pcare'];
        $response = null;
        $notSent = null;
        try {
            // The body exactly as the plan gives it (the stored JSON text).
            $response = $this->$request($method, $row->endpoint, [], $plan['body'])['response'] ?? null;
        } catch (\Illuminate\Http\Client\RequestException $e) {
            // Answered with a non-2xx: Laravel's retry() threw it; the attempt is logged.
            $response = $e->response;
        } catch (\Throwable $e) {
            if (!self::bpjsIsConnectionError($e)) {
                // A configuration mistake (no credentials, no base URL): nothing went out.
                $notSent = $e;
            }
        } finally {
            $this->bpjsAuditForResend = false;
        }
        $rows = $this->bpjsAuditLast['rows'] ?? [];
        $logged = end($rows) ?: null;
        $now = time();
        if ($notSent !== null) {
            $attemptOutcome = ['outcome' => 'not_sent', 'now' => $now];
        } elseif ($logged !== null) {
            $attemptOutcome = ['outcome' => 'answered', 'record' => $logged, 'now' => $now];
        } else {
            // The request went out but no audit row could be built for it.
            $attemptOutcome = ['outcome' => 'interrupted', 'now' => $now,
                'http_status' => $response !== null ? (int) $response->status() : null];
        }
        $outcome = bpjs_resend_outcome($taken, $plan, $attemptOutcome, $this->bpjsResendPolicy());
        $this->writeState($row, $outcome['state']);
        if ($notSent !== null) {
            throw $notSent;
        }
        $out = $base + ['method' => $method, 'attempt' => $logged['attempt'] ?? null,
            'http_status' => $outcome['state']['last_http_status'] ?? null,
            'meta_code' => $outcome['state']['last_meta_code'] ?? null];
        if ($outcome['switched_to'] !== null) {
            $out += ['switched_to' => "PUT {$plan['shown_endpoint']}", 'noKunjungan' => $outcome['switched_to']];
        }
        if ($outcome['result'] === 'sent') {
            return $out + ['result' => 'sent', 'result_number' => $outcome['state']['result_number'] ?? null];
        }
        $next = $outcome['state']['next_attempt_at'] ?? null;
        return $out + ['result' => $outcome['result'], 'message' => $outcome['message'],
            'next_attempt_at' => $next === null ? null : gmdate('Y-m-d H:i:s', (int) $next)];
    }

    /** A success logged for the same write (no_rawat + masked endpoint + payload_hash), as
     * bpjs_resend_plan reads it: accepted before, but its state was not saved. */
    private function loggedSuccess(object $row): ?array
    {
        // A write without a body has no payload_hash in the log (the row has the hash of null).
        $nullHash = ($key = $this->bpjsAuditHashKey('')) !== null ? bpjs_payload_hash(null, $key) : null;
        $logged = $this->bpjsAuditDb()->table('pcare_bpjs_log')
            ->where(['no_rawat' => $row->no_rawat, 'endpoint' => bpjs_redact_endpoint((string) $row->endpoint),
                'status' => 'success'])
            ->where(function ($q) use ($row, $nullHash): void {
                $q->where('payload_hash', $row->payload_hash);
                if ($row->payload_hash === $nullHash) {
                    $q->orWhereNull('payload_hash');
                }
            })
            ->orderByDesc('id')->first();
        if ($logged === null) {
            return null;
        }
        $int = fn ($v) => $v === null ? null : (int) $v;
        return ['http_status' => $int($logged->http_status), 'meta_code' => $int($logged->meta_code),
            'response_body_json' => $logged->response_body_json === null ? null : (string) $logged->response_body_json];
    }

    /** For a `POST kunjungan` (PCare, or a row without a service): the noKunjungan BPJS
     * already gave this visit for another payload, if any. */
    private function acceptedKunjungan(object $row): ?string
    {
        $path = strtolower(trim(explode('?', (string) $row->endpoint, 2)[0], '/'));
        if ($row->method !== 'POST' || $path !== 'kunjungan' || !in_array($row->service, ['pcare', null, ''], true)) {
            return null;
        }
        $db = $this->bpjsAuditDb();
        $accepted = $db->table('pcare_send_attempts')
            ->where(['no_rawat' => $row->no_rawat, 'endpoint' => $row->endpoint, 'status' => 'sent'])
            ->whereNotNull('result_number')->where('id', '<>', $row->id)
            ->orderByDesc('updated_at')->orderByDesc('id')->value('result_number');
        if ($accepted !== null && (string) $accepted !== '') {
            return (string) $accepted;
        }
        $logged = $db->table('pcare_bpjs_log')
            ->where(['no_rawat' => $row->no_rawat, 'endpoint' => bpjs_redact_endpoint((string) $row->endpoint),
                'method' => 'POST', 'status' => 'success'])
            ->where('payload_hash', '<>', $row->payload_hash)
            ->orderByDesc('id')->get();
        foreach ($logged as $success) {
            $number = bpjs_logged_result_number(['response_body_json' => $success->response_body_json === null
                ? null : (string) $success->response_body_json]);
            if ($number !== null) {
                return $number;
            }
        }
        return null;
    }
}
