<?php

namespace BpjsCodec\Laravel;

use Illuminate\Support\ServiceProvider;

/**
 * bpjs-codec's Laravel package (auto-discovered through composer.json's
 * extra.laravel.providers): config/bpjs.php merged under `bpjs` and publishable
 * (tag bpjs-config), the pcare_bpjs_log / pcare_send_attempts migrations run by
 * `migrate` and publishable (tag bpjs-migrations), and the `bpjs` log channel
 * of the original application (daily, storage/logs/bpjs-YYYY-MM-DD.log) when the
 * application defines none: `php artisan pcare:parse-kunjungan-log` reads it. The
 * command `bpjs:resend-due` (Console\ResendDueCommand, ResendService).
 */
class BpjsServiceProvider extends ServiceProvider
{
    public function register(): void
    {
        $this->mergeConfigFrom(dirname(__DIR__) . '/config/bpjs.php', 'bpjs');
        $config = $this->app->make('config');
        if ($config->get('logging.channels.bpjs') === null) {
            $config->set('logging.channels.bpjs', [
                'driver' => 'daily',
                'path' => $this->app->storagePath() . '/logs/bpjs.log',
                'level' => 'debug',
                'days' => 14,
            ]);
        }
    }

    public function boot(): void
    {
        $root = dirname(__DIR__);
        $this->loadMigrationsFrom($root . '/database/migrations');
        if ($this->app->runningInConsole()) {
            $this->publishes([$root . '/config/bpjs.php' => $this->app->configPath('bpjs.php')], 'bpjs-config');
            $this->publishes(
                [$root . '/database/migrations' => $this->app->databasePath('migrations')],
                'bpjs-migrations'
            );
            $this->commands([Console\ResendDueCommand::class]);
        }
    }
}
