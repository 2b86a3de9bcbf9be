<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

/*
 * pcare_bpjs_log in the layout of the application's original design (the
 * columns its own controllers insert: no_rawat, endpoint, status, http_status,
 * meta_code, meta_message, duration_ms, request_payload, response_body_raw,
 * response_body_json, triggered_by, correlation_id, timestamps). Guarded: an
 * application that already has the table keeps it, and `migrate` succeeds.
 * The columns of the bpjs-codec audit trail are added by the next migration.
 */

return new class extends Migration
{
    /** The audit connection (bpjs.audit.connection / BPJS_AUDIT_DB_CONNECTION); unset: the one `migrate` runs on. */
    public function getConnection()
    {
        $name = function_exists('config') ? config('bpjs.audit.connection') : null;
        return ($name === null || $name === '') ? $this->connection : (string) $name;
    }

    public function up(): void
    {
        $schema = Schema::connection($this->getConnection());
        if ($schema->hasTable('pcare_bpjs_log')) {
            return;
        }
        $schema->create('pcare_bpjs_log', function (Blueprint $table): void {
            $table->bigIncrements('id');
            $table->string('no_rawat', 17);
            $table->string('endpoint', 50);
            $table->enum('status', ['success', 'failed']);
            $table->integer('http_status')->nullable();
            $table->integer('meta_code')->nullable();
            $table->string('meta_message', 255)->nullable();
            $table->integer('duration_ms')->nullable();
            $table->json('request_payload');
            $table->longText('response_body_raw')->nullable();
            $table->json('response_body_json')->nullable();
            $table->string('triggered_by', 50)->nullable();
            $table->string('correlation_id', 64)->nullable();
            $table->timestamps();

            $table->index('no_rawat', 'ix_pcare_bpjs_log_no_rawat');
            $table->index('endpoint', 'ix_pcare_bpjs_log_endpoint');
            $table->index(['status', 'created_at'], 'ix_pcare_bpjs_log_status_created_at');
            $table->index('meta_code', 'ix_pcare_bpjs_log_meta_code');
        });
    }

    public function down(): void
    {
        // Only a table this migration created goes: an application's own table predates it
        // and its rows are the application's.
        $schema = Schema::connection($this->getConnection());
        if ($schema->hasTable('pcare_bpjs_log') && !$schema->hasColumn('pcare_bpjs_log', 'payload_hash')) {
            $schema->dropIfExists('pcare_bpjs_log');
        }
    }
};
