<?php

namespace BpjsCodec\Laravel\Concerns;

/**
 * How the settings are read: inside Laravel as the original trait reads them (settings tables,
 * then config/bpjs.php), outside Laravel from getenv().
 *
 * Part of BpjsCodec\Laravel\BpjsClient (its members are the client's).
 */
trait ReadsSettings
{
    /** Per-request cache of the three configurations. */
    protected array $bpjsConfigCache = [];

    // ------------------------------------------------------------------
    // Configuration

    /**
     * PCare: base_url, cons_id, cons_pwd, user_key, user, pass, kode_ppk, app_code,
     * kabupaten, kunjungan_content_type. Credentials from `setting_bridging_bpjs`
     * (cons_id_pcare, secretkey_pcare, userkey_pcare, user_pcare, pass_pcare) first.
     */
    public function pcareConfig(): array
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
    public function mobilejknConfig(): array
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
    public function icareConfig(): array
    {
        if ($this->bpjsInLaravel()) {
            return $this->bpjsLaravelIcareConfig();
        }
        return $this->bpjsServiceConfig('icare', 'BPJS_ICARE_', [
            'base_url' => null,
            'service' => 'icare-fktp',
        ]);
    }

    /** The settings of one service: pcare, icare or mobilejkn. */
    protected function bpjsConfigOf(string $service): array
    {
        return match ($service) {
            'pcare' => $this->pcareConfig(),
            'icare' => $this->icareConfig(),
            default => $this->mobilejknConfig(),
        };
    }

    /** HTTP settings shared by the three services. */
    public function bpjsHttpConfig(): array
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

    public function bpjsInLaravel(): bool
    {
        return function_exists('app') && class_exists(\Illuminate\Container\Container::class, false)
            && \Illuminate\Container\Container::getInstance()->bound('config');
    }

    protected function bpjsEnv(string $name, $default = null)
    {
        if ($this->bpjsInLaravel() && function_exists('env')) {
            return env($name, $default);
        }
        $value = getenv($name);
        return ($value === false || $value === '') ? $default : $value;
    }

    protected static function bpjsBool($value): bool
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
    protected function bpjsResolveList(string $service): array
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
    protected static function bpjsNumber($value, float $default): float
    {
        return is_numeric($value) ? max(0.0, (float) $value) : $default;
    }

    protected static function bpjsEndpointIs($endpoint, string $name): bool
    {
        $first = strtolower(explode('/', ltrim((string) $endpoint, '/'))[0]);
        return $first === $name || str_starts_with($first, $name . '?');
    }

    /**
     * The faskesku settings tables: for each service, table => [config key => column].
     * iCare shares the Mobile JKN credentials and takes PCare's user_key, as the original.
     */
    protected static array $bpjsSettingsColumns = [
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
    protected static array $bpjsOptionalColumns = ['base_url_v1', 'base_url_v2', 'username_antrol', 'password_antrol'];

    /** Tables and columns already warned about in this process (one warning each). */
    protected static array $bpjsWarned = [];

    /**
     * Database first, then config/bpjs.php, then the environment, as the original
     * (`$row?->cons_id_pcare ?? config('bpjs.pcare.cons_id')`). One difference: an
     * empty column does not blank a value set in config or .env.
     */
    protected function bpjsServiceConfig(string $service, string $envPrefix, array $defaults): array
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
    protected function bpjsSettingsRow(string $table, array $columns): array
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

    // ------------------------------------------------------------------ configuration

    /** A value that is set: not null, not ''. */
    protected static function bpjsFilled($value): bool
    {
        return $value !== null && $value !== '';
    }

    protected function bpjsLaravelPcareConfig(): array
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

    protected function bpjsLaravelMobileJknConfig(): array
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

    protected function bpjsLaravelIcareConfig(): array
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
    protected function bpjsIcareService(): string
    {
        $service = $this->bpjsInLaravel() ? config('bpjs.icare.service') : ($this->icareConfig()['service'] ?? null);
        return self::bpjsFilled($service) ? (string) $service : 'icare-fktp';
    }
}
