<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

/*
 * pcare_send_attempts: one row per write (POST/PUT/DELETE) that names a no_rawat,
 * the state of getting it accepted (failed, sending, sent), read by
 * BpjsCodec\Laravel\ResendService and `php artisan bpjs:resend-due`.
 * Columns, types and index names as docs/audit.md and the Flask drop-in. Times are UTC.
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
        if (Schema::connection($this->getConnection())->hasTable('pcare_send_attempts')) {
            return;
        }
        Schema::connection($this->getConnection())->create('pcare_send_attempts', function (Blueprint $table): void {
            $table->bigIncrements('id');
            $table->string('no_rawat', 40);
            $table->string('service', 16)->nullable();
            $table->string('endpoint', 255);
            $table->string('method', 8);
            // The JSON to resend: secret fields removed, patient identifiers kept.
            $table->longText('payload');
            $table->char('payload_hash', 64);
            $table->string('status', 16);
            $table->integer('attempts');
            $table->integer('last_http_status')->nullable();
            $table->integer('last_meta_code')->nullable();
            $table->text('last_error')->nullable();
            $table->string('result_number', 64)->nullable();
            $table->string('correlation_id', 64);
            // Null: no automatic retry (4xx, decode error, attempts exhausted).
            $table->dateTime('next_attempt_at')->nullable();
            $table->dateTime('created_at');
            $table->dateTime('updated_at');

            $table->unique(['no_rawat', 'endpoint', 'payload_hash'], 'uq_pcare_send_attempts_key');
            $table->index(['status', 'next_attempt_at'], 'ix_pcare_send_attempts_status_next');
        });
    }

    public function down(): void
    {
        Schema::connection($this->getConnection())->dropIfExists('pcare_send_attempts');
    }
};
