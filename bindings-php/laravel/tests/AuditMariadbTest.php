<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Laravel;

use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Schema;

/**
 * The audit scenarios on a real MariaDB (scripts/mariadb-tmp.sh, started here
 * and removed after; dumped to BPJS_ARTIFACTS_DIR first when set), the
 * application's default connection for this class, migrated with `migrate`.
 */
final class AuditMariadbTest extends AuditScenarios
{
    private static ?MariaDb $server = null;

    public static function setUpBeforeClass(): void
    {
        self::$server = new MariaDb();
        config()->set('database.connections.mariadb', self::$server->connection());
        DB::setDefaultConnection('mariadb');
        LaravelApp::createSettingsTables();
        LaravelApp::migrate('mariadb');
        parent::setUpBeforeClass();
    }

    public static function tearDownAfterClass(): void
    {
        parent::tearDownAfterClass();
        try {
            self::$server?->dumpToArtifacts();
        } finally {
            DB::disconnect('mariadb');
            DB::setDefaultConnection('sqlite');
            self::$server?->stop();
            self::$server = null;
        }
    }

    public function testTablesHaveTheDocumentedTypesAndKeys(): void
    {
        $this->assertSame('mariadb', DB::getDefaultConnection());
        $columns = [];
        $sql = 'SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE FROM information_schema.COLUMNS '
            . 'WHERE TABLE_SCHEMA = DATABASE()';
        foreach (DB::select($sql) as $c) {
            $columns[$c->TABLE_NAME][$c->COLUMN_NAME] = $c->COLUMN_TYPE . ($c->IS_NULLABLE === 'YES' ? ' null' : '');
        }
        $this->assertSame('bigint(20) unsigned', $columns['pcare_bpjs_log']['id']);
        $this->assertSame('varchar(16) null', $columns['pcare_bpjs_log']['service']);
        // The original design's layout, then the audit columns (all nullable).
        $this->assertSame('varchar(50)', $columns['pcare_bpjs_log']['endpoint']);
        $this->assertSame('text null', $columns['pcare_bpjs_log']['endpoint_full']);
        $this->assertSame("enum('success','failed')", $columns['pcare_bpjs_log']['status']);
        $this->assertSame('longtext', $columns['pcare_bpjs_log']['request_payload']);
        $this->assertSame('longtext null', $columns['pcare_bpjs_log']['response_body_raw']);
        $this->assertSame('char(64) null', $columns['pcare_bpjs_log']['payload_hash']);
        $this->assertSame('varchar(17)', $columns['pcare_bpjs_log']['no_rawat']);
        $this->assertSame('timestamp null', $columns['pcare_bpjs_log']['created_at']);
        $this->assertSame('longtext', $columns['pcare_send_attempts']['payload']);
        $this->assertSame('datetime null', $columns['pcare_send_attempts']['next_attempt_at']);
        $this->assertSame('varchar(64) null', $columns['pcare_send_attempts']['result_number']);
        $unique = DB::select("SHOW INDEX FROM pcare_send_attempts WHERE Key_name = 'uq_pcare_send_attempts_key'");
        $this->assertSame(['no_rawat', 'endpoint', 'payload_hash'], array_map(fn ($i) => $i->Column_name, $unique));
        $this->assertSame(0, (int) $unique[0]->Non_unique);
        $this->assertTrue(Schema::hasTable('migrations'));
    }
}
