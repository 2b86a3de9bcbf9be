<?php

/*
|--------------------------------------------------------------------------
| BPJS Kesehatan bridging (used by App\Traits\BpjsTraits)
|--------------------------------------------------------------------------
|
| The keys, env names and defaults of faskesku.id's config/bpjs.php, plus a
| few new optional keys (marked "new"). Credentials are read from the
| database first, as before: `setting_bridging_bpjs` (cons_id_pcare,
| secretkey_pcare, userkey_pcare, user_pcare, pass_pcare) for PCare and
| `setting_briding_mobilejkn` (base_url_mobilejkn, cons_id_mobilejkn,
| secretkey_mobilejkn, userkey_mobilejkn, user_mobilejkn, pass_mobilejkn) for
| Mobile JKN and iCare; the values below are the fallback.
|
*/

return [

    'pcare' => [
        'base_url' => env('BPJS_PCARE_BASE_URL', 'https://apijkn.bpjs-kesehatan.go.id/pcare-rest'),
        // Used when neither setting_bridging_bpjs.user_pcare nor setting.kode_ppk is set.
        'kode_ppk' => env('BPJS_PCARE_KODE_PPK', '11251616'),
        'app_code' => env('BPJS_PCARE_APP_CODE', '095'),
        'kabupaten' => env('BPJS_PCARE_KABUPATEN', ''),
        // Fallback for the credentials (normally from setting_bridging_bpjs).
        'cons_id' => env('BPJS_PCARE_CONS_ID'),
        'cons_pwd' => env('BPJS_PCARE_CONS_PWD'),
        'user_key' => env('BPJS_PCARE_USER_KEY'),
        'user' => env('BPJS_PCARE_USER'),
        'pass' => env('BPJS_PCARE_PASS'),
        // Read by the application's kunjungan controller (the Content-Type it passes).
        'kunjungan_content_type' => env('BPJS_PCARE_KUNJUNGAN_CT', 'text/plain'),
    ],

    'http' => [
        'connect_timeout' => env('BPJS_HTTP_CONNECT_TIMEOUT', 10), // seconds
        'timeout' => env('BPJS_HTTP_TIMEOUT', 30),                 // seconds, whole request
        // TLS certificates are verified unless this is true (never in production).
        'disable_ssl_verify' => env('BPJS_HTTP_DISABLE_SSL_VERIFY', false),
        // Attempts in all, as Laravel's retry($times): a GET is sent again after any failure;
        // a non-2xx answer ends in Illuminate\Http\Client\RequestException when this is 2 or
        // more. A POST/PUT/DELETE the server answered is never sent again; one refused
        // before anything was sent is.
        'retry_times' => env('BPJS_HTTP_RETRY_TIMES', 2),
        'retry_sleep' => env('BPJS_HTTP_RETRY_SLEEP', 500),        // milliseconds
        // Fallback DNS resolve (optional): "host:443:ip" or a comma-separated list.
        'force_resolve' => env('BPJS_PCARE_FORCE_RESOLVE'),
        'force_resolve_list' => env('BPJS_PCARE_FORCE_RESOLVE_LIST'),
    ],

    'mobilejkn' => [
        'force_resolve' => env('BPJS_MOBILEJKN_FORCE_RESOLVE'),
        // On "Service Expired" (HTTP 401 or that text in the reply): sign again, send once more.
        'retry_service_expired' => env('BPJS_MOBILEJKN_RETRY_SERVICE_EXPIRED', true),
        // New, optional: fallback when setting_briding_mobilejkn has no row or value.
        'base_url' => env('BPJS_MOBILEJKN_BASE_URL'),
        'cons_id' => env('BPJS_MOBILEJKN_CONS_ID'),
        'cons_pwd' => env('BPJS_MOBILEJKN_CONS_PWD'),
        'user_key' => env('BPJS_MOBILEJKN_USER_KEY'),
        'user' => env('BPJS_MOBILEJKN_USER'),
        'pass' => env('BPJS_MOBILEJKN_PASS'),
        // New: X-authorization is optional for Antrean FKTP; off unless set.
        'send_authorization' => env('BPJS_MOBILEJKN_SEND_AUTHORIZATION', false),
    ],

    // New, optional: the audit trail (docs/audit.md). Off unless BPJS_AUDIT_LOG=true;
    // needs the two migrations (pcare_bpjs_log, pcare_send_attempts).
    'audit' => [
        'enabled' => env('BPJS_AUDIT_LOG', false),
        // Database connection of the two tables (null: the app's default).
        'connection' => env('BPJS_AUDIT_DB_CONNECTION'),
        // New: the key of payload_hash (HMAC-SHA256), at least 16 bytes. Null: derived
        // from the PCare consumer secret (bpjs_derive_hash_key). Before rotating that
        // secret, set this to the old derived key so the hashes stay comparable.
        // Keep it out of the database and the logs, like the secret.
        'hash_key' => env('BPJS_AUDIT_HASH_KEY'),
        // New: at most this many bytes of each stored payload and reply (the cut is
        // marked "...[truncated: <n> bytes in all]"); at least 64.
        'max_stored_bytes' => env('BPJS_AUDIT_MAX_STORED_BYTES', 65536),
        // When bpjs:resend-due tries a failed write again: at most max_attempts sends
        // in all, waiting schedule_secs[n] before retry n (the last entry repeats).
        'resend' => [
            'max_attempts' => env('BPJS_RESEND_MAX_ATTEMPTS', 4),
            'schedule_secs' => env('BPJS_RESEND_SCHEDULE', '60,300,900'),
        ],
    ],

    'icare' => [
        // Read by the original trait (config('bpjs.icare.base_url')).
        'base_url' => env('BPJS_ICARE_BASE_URL', 'https://apijkn.bpjs-kesehatan.go.id/wsihs/api/pcare'),
        // New, optional: fallback when setting_briding_mobilejkn has no row or value
        // (then bpjs.pcare.* applies, as before).
        'cons_id' => env('BPJS_ICARE_CONS_ID'),
        'cons_pwd' => env('BPJS_ICARE_CONS_PWD'),
        'user_key' => env('BPJS_ICARE_USER_KEY'),
        'user' => env('BPJS_ICARE_USER'),
        'pass' => env('BPJS_ICARE_PASS'),
        // New: icare-fktp (clinics, sends X-authorization) or icare-fkrtl (hospitals).
        'service' => env('BPJS_ICARE_SERVICE', 'icare-fktp'),
    ],

    // New: the lines written to the `bpjs` log channel ("PCare request" / "PCare response",
    // read back by `php artisan pcare:parse-kunjungan-log`). body_excerpts=false writes
    // body_preview and body_excerpt as null (no patient data in the log file; the parse
    // command then finds nothing). The package defines the channel when the app has none.
    'log' => [
        'channel' => env('BPJS_LOG_CHANNEL', 'bpjs'),
        'body_excerpts' => env('BPJS_LOG_BODY_EXCERPTS', true),
        // New: true masks card numbers and other identifiers in the url, endpoint and query
        // of these lines (the original writes them whole; the parse command is unaffected).
        'mask_identifiers' => env('BPJS_LOG_MASK_IDENTIFIERS', false),
    ],

];
