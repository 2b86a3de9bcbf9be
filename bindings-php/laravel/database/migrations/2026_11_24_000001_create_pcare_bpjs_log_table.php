<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

/**
 * pcare_bpjs_log: one row per attempt of a BPJS request (first try, each GET
 * retry, each resend), written by App\Traits\BpjsTraits when BPJS_AUDIT_LOG=true.
 * Columns, types and index names as docs/audit.md and the Flask drop-in, so
 * both can share one database. Times are UTC.
 */
return new class extends Migration
{
    /** The audit connection (bpjs.audit.connection / BPJS_AUDIT_DB_CONNECTION), where
     * BpjsTraits writes the rows; unset: the one `migrate` runs on. */
    public function getConnection()
    {
        $name = function_exists('config') ? config('bpjs.audit.connection') : null;
        return ($name === null || $name === '') ? $this->connection : (string) $name;
    }

    public function up(): void
    {
        Schema::connection($this->getConnection())->create('pcare_bpjs_log', function (Blueprint $table): void {
            $table->bigIncrements('id');
            $table->dateTime('created_at');
            $table->string('service', 16)->nullable();
            $table->string('method', 8);
            $table->string('endpoint', 255);
            $table->string('status', 8);
            $table->integer('http_status')->nullable();
            $table->integer('meta_code')->nullable();
            $table->text('meta_message')->nullable();
            $table->string('error_kind', 32)->nullable();
            $table->integer('duration_ms');
            // Bodies: MySQL/MariaDB TEXT stops at 64 KB.
            $table->longText('request_payload')->nullable();
            $table->longText('response_body_raw')->nullable();
            $table->longText('response_body_json')->nullable();
            $table->char('payload_hash', 64)->nullable();
            $table->string('correlation_id', 64);
            $table->integer('attempt');
            $table->string('triggered_by', 64)->nullable();
            $table->string('no_rawat', 40)->nullable();

            $table->index('no_rawat', 'ix_pcare_bpjs_log_no_rawat');
            $table->index('endpoint', 'ix_pcare_bpjs_log_endpoint');
            $table->index(['status', 'created_at'], 'ix_pcare_bpjs_log_status_created_at');
            $table->index('meta_code', 'ix_pcare_bpjs_log_meta_code');
            $table->index('payload_hash', 'ix_pcare_bpjs_log_payload_hash');
            $table->index('correlation_id', 'ix_pcare_bpjs_log_correlation_id');
        });
    }

    public function down(): void
    {
        Schema::connection($this->getConnection())->dropIfExists('pcare_bpjs_log');
    }
};
