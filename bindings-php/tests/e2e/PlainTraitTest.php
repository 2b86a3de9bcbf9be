<?php
declare(strict_types=1);

namespace BpjsCodec\Tests\E2e;

use BpjsCodec\Tests\Support\TraitScenarios;

/**
 * The trait outside Laravel: settings from getenv(), curl transport, log
 * lines through error_log(). Against the simulator over real HTTP.
 */
final class PlainTraitTest extends TraitScenarios
{
    private string $logFile;
    private string|false $previousLog;
    private array $setEnv = [];

    protected function setUp(): void
    {
        $this->logFile = tempnam(sys_get_temp_dir(), 'bpjs-trait-log-');
        $this->previousLog = ini_set('error_log', $this->logFile);
        parent::setUp();
    }

    protected function tearDown(): void
    {
        ini_set('error_log', (string) $this->previousLog);
        @unlink($this->logFile);
        foreach (array_keys($this->setEnv) as $name) {
            putenv($name);
        }
    }

    protected function configure(array $settings): void
    {
        foreach ($settings as $name => $value) {
            putenv("$name=$value");
            $this->setEnv[$name] = true;
        }
    }

    protected function logText(): string
    {
        clearstatcache();
        return (string) file_get_contents($this->logFile);
    }

    public function testNotInsideLaravel(): void
    {
        $this->assertFalse($this->host()->call('bpjsInLaravel'));
    }
}
