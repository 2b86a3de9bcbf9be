<?php

namespace BpjsCodec\Laravel\Console;

use BpjsCodec\Laravel\ResendService;
use Illuminate\Console\Command;

/**
 * `php artisan bpjs:resend-due`: resends the failed BPJS writes whose
 * next_attempt_at has passed (BpjsCodec\Laravel\ResendService::resendDue), registered by the package's service
 * provider.
 * Schedule it in app/Console/Kernel.php:
 *
 *     $schedule->command('bpjs:resend-due')->everyMinute()->withoutOverlapping();
 */
class ResendDueCommand extends Command
{
    protected $signature = 'bpjs:resend-due
        {--limit=100 : At most this many visits (no_rawat) per run}
        {--triggered-by=scheduler : Stored as triggered_by in pcare_bpjs_log}';

    protected $description = 'Resend failed BPJS writes (pcare_send_attempts) whose next_attempt_at has passed';

    public function handle(ResendService $service): int
    {
        $limit = (int) $this->option('limit');
        try {
            $visits = $service->resendDue($limit > 0 ? $limit : 100, (string) $this->option('triggered-by'));
        } catch (\Illuminate\Database\QueryException $e) {
            // Not the message: it holds the SQL. The usual cause is a missing table.
            $this->error('bpjs:resend-due: database error (' . get_class($e) . ' ' . $e->getCode()
                . '); are the pcare_bpjs_log and pcare_send_attempts migrations run?');
            return 1;
        }
        foreach ($visits as $visit) {
            foreach ($visit['results'] ?: [[]] as $result) {
                $this->line(trim(sprintf(
                    '%s %s %s %s %s',
                    $visit['no_rawat'],
                    $visit['status'],
                    // The masked endpoint: the row's own holds card numbers.
                    isset($result['method']) ? "{$result['method']} {$result['shown_endpoint']}" : '',
                    $result['result'] ?? '',
                    $result['result_number'] ?? $result['message'] ?? ''
                )));
            }
        }
        $this->info(count($visits) . ' visit(s) due');
        return 0;
    }
}
