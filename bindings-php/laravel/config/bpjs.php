<?php

/*
|--------------------------------------------------------------------------
| BPJS Kesehatan bridging (used by App\Traits\BpjsTraits)
|--------------------------------------------------------------------------
|
| Same env names as the PHP-only trait. When the database has a
| `setting_bridging_bpjs` table, its row for the service (column `service` =
| pcare | mobilejkn | icare) is read first; non-empty columns win over these.
| Base URLs default to the BPJS development hosts.
|
*/

return [

    'pcare' => [
        'base_url' => env('BPJS_PCARE_BASE_URL', 'https://apijkn-dev.bpjs-kesehatan.go.id/pcare-rest-dev'),
        'cons_id' => env('BPJS_PCARE_CONS_ID'),
        'cons_pwd' => env('BPJS_PCARE_CONS_PWD'),
        'user_key' => env('BPJS_PCARE_USER_KEY'),
        'user' => env('BPJS_PCARE_USER'),
        'pass' => env('BPJS_PCARE_PASS'),
        'kode_ppk' => env('BPJS_PCARE_KODE_PPK'),
        'app_code' => env('BPJS_PCARE_APP_CODE', '095'),
        // POST/PUT kunjungan: some PCare deployments want text/plain, others application/json.
        'kunjungan_content_type' => env('BPJS_PCARE_KUNJUNGAN_CONTENT_TYPE', 'text/plain'),
    ],

    // Mobile JKN / Antrean FKTP.
    'mobilejkn' => [
        'base_url' => env('BPJS_MOBILEJKN_BASE_URL', 'https://apijkn-dev.bpjs-kesehatan.go.id/antreanfktp_dev'),
        'cons_id' => env('BPJS_MOBILEJKN_CONS_ID'),
        'cons_pwd' => env('BPJS_MOBILEJKN_CONS_PWD'),
        'user_key' => env('BPJS_MOBILEJKN_USER_KEY'),
        'user' => env('BPJS_MOBILEJKN_USER'),
        'pass' => env('BPJS_MOBILEJKN_PASS'),
        'kode_ppk' => env('BPJS_MOBILEJKN_KODE_PPK'),
        'app_code' => env('BPJS_MOBILEJKN_APP_CODE', '095'),
        // X-authorization is optional for Antrean FKTP; off unless set.
        'send_authorization' => env('BPJS_MOBILEJKN_SEND_AUTHORIZATION', false),
    ],

    'icare' => [
        'base_url' => env('BPJS_ICARE_BASE_URL', 'https://apijkn-dev.bpjs-kesehatan.go.id/ihs_dev/api/pcare'),
        'cons_id' => env('BPJS_ICARE_CONS_ID'),
        'cons_pwd' => env('BPJS_ICARE_CONS_PWD'),
        'user_key' => env('BPJS_ICARE_USER_KEY'),
        'user' => env('BPJS_ICARE_USER'),
        'pass' => env('BPJS_ICARE_PASS'),
        'kode_ppk' => env('BPJS_ICARE_KODE_PPK'),
        'app_code' => env('BPJS_ICARE_APP_CODE', '095'),
        // icare-fktp (clinics, sends X-authorization) or icare-fkrtl (hospitals).
        'service' => env('BPJS_ICARE_SERVICE', 'icare-fktp'),
    ],

    'http' => [
        // TLS certificates are verified unless this is true (never in production).
        'disable_ssl_verify' => env('BPJS_HTTP_DISABLE_SSL_VERIFY', false),
        'timeout' => env('BPJS_HTTP_TIMEOUT', 30),                 // seconds, whole request
        'connect_timeout' => env('BPJS_HTTP_CONNECT_TIMEOUT', 10), // seconds
        // Extra attempts for GET/HEAD/OPTIONS after a connection error or a 5xx.
        'retry_times' => env('BPJS_HTTP_RETRY_TIMES', 2),
        'retry_sleep' => env('BPJS_HTTP_RETRY_SLEEP', 200),        // milliseconds
    ],

];
