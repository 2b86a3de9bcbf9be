<?php

use Illuminate\Database\Migrations\Migration;
use Illuminate\Database\Schema\Blueprint;
use Illuminate\Support\Facades\Schema;

/*
 * The columns of the bpjs-codec audit trail (docs/audit.md), added to
 * pcare_bpjs_log whatever created it (this package or the application), each
 * only when missing, all nullable: the application's own inserts, which do not
 * name them, keep working. endpoint_full keeps the (masked) endpoint when it is
 * longer than the endpoint column of the original design (50).
 */

return new class extends Migration
{
    /** The audit connection (bpjs.audit.connection / BPJS_AUDIT_DB_CONNECTION); unset: the one `migrate` runs on. */
    public function getConnection()
    {
        $name = function_exists('config') ? config('bpjs.audit.connection') : null;
        return ($name === null || $name === '') ? $this->connection : (string) $name;
    }

    /** Column => how it is added. */
    private function columns(): array
    {
        return [
            'service' => fn (Blueprint $t) => $t->string('service', 16)->nullable(),
            'method' => fn (Blueprint $t) => $t->string('method', 8)->nullable(),
            'error_kind' => fn (Blueprint $t) => $t->string('error_kind', 32)->nullable(),
            'payload_hash' => fn (Blueprint $t) => $t->char('payload_hash', 64)->nullable()
                ->index('ix_pcare_bpjs_log_payload_hash'),
            'attempt' => fn (Blueprint $t) => $t->integer('attempt')->nullable(),
            'endpoint_full' => fn (Blueprint $t) => $t->text('endpoint_full')->nullable(),
        ];
    }

    public function up(): void
    {
        $schema = Schema::connection($this->getConnection());
        foreach ($this->columns() as $name => $add) {
            if (!$schema->hasColumn('pcare_bpjs_log', $name)) {
                $schema->table('pcare_bpjs_log', fn (Blueprint $table) => $add($table));
            }
        }
        if (!$this->hasIndex('ix_pcare_bpjs_log_correlation_id')) {
            $schema->table('pcare_bpjs_log', fn (Blueprint $t) => $t->index(
                'correlation_id',
                'ix_pcare_bpjs_log_correlation_id'
            ));
        }
    }

    public function down(): void
    {
        $schema = Schema::connection($this->getConnection());
        if ($this->hasIndex('ix_pcare_bpjs_log_correlation_id')) {
            $schema->table('pcare_bpjs_log', fn (Blueprint $t) => $t->dropIndex('ix_pcare_bpjs_log_correlation_id'));
        }
        foreach (array_keys($this->columns()) as $name) {
            if ($schema->hasColumn('pcare_bpjs_log', $name)) {
                if ($name === 'payload_hash') {
                    $schema->table('pcare_bpjs_log', fn (Blueprint $t) =>
                        $t->dropIndex('ix_pcare_bpjs_log_payload_hash'));
                }
                $schema->table('pcare_bpjs_log', fn (Blueprint $t) => $t->dropColumn($name));
            }
        }
    }

    private function hasIndex(string $index): bool
    {
        $db = Schema::connection($this->getConnection())->getConnection();
        try {
            return match ($db->getDriverName()) {
                'sqlite' => $db->selectOne(
                    "SELECT 1 AS x FROM sqlite_master WHERE type = 'index' AND name = ?",
                    [$index]
                ) !== null,
                'mysql', 'mariadb' =>
                    $db->selectOne('SELECT 1 AS x FROM information_schema.statistics WHERE table_schema = DATABASE() '
                    . 'AND table_name = ? AND index_name = ?', [$db->getTablePrefix() . 'pcare_bpjs_log',
                        $index]) !== null,
                'pgsql' => $db->selectOne('SELECT 1 AS x FROM pg_indexes WHERE indexname = ?', [$index]) !== null,
                default => false,
            };
        } catch (\Throwable $e) {
            return false;
        }
    }
};
