<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Laravel;

/** The audit scenarios on the application's SQLite database (migrated at boot). */
final class AuditSqliteTest extends AuditScenarios
{
    public function testTablesComeFromTheShippedMigrations(): void
    {
        $migrations = \Illuminate\Support\Facades\DB::table('migrations')->pluck('migration')->all();
        $this->assertContains('2025_12_14_090100_create_pcare_bpjs_log_table_if_missing', $migrations);
        $this->assertContains('2026_11_24_000001_add_audit_columns_to_pcare_bpjs_log_table', $migrations);
        $this->assertContains('2026_11_24_000002_create_pcare_send_attempts_table', $migrations);
        $sql = "SELECT name FROM sqlite_master WHERE type = 'index'";
        $indexes = array_column(\Illuminate\Support\Facades\DB::select($sql), 'name');
        foreach (
            ['ix_pcare_bpjs_log_no_rawat', 'ix_pcare_bpjs_log_endpoint', 'ix_pcare_bpjs_log_status_created_at',
            'ix_pcare_bpjs_log_meta_code', 'ix_pcare_bpjs_log_payload_hash', 'ix_pcare_bpjs_log_correlation_id',
            'uq_pcare_send_attempts_key', 'ix_pcare_send_attempts_status_next'] as $index
        ) {
            $this->assertContains($index, $indexes);
        }
    }
}
