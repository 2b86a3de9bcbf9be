<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\E2e;

use BpjsCodec\Tests\Support\Artifacts;
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
        $this->logFile = Artifacts::newFile('bpjs-trait-log-');
        $this->previousLog = ini_set('error_log', $this->logFile);
        parent::setUp();
    }

    protected function tearDown(): void
    {
        ini_set('error_log', (string) $this->previousLog);
        Artifacts::remove($this->logFile);
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

    public function testMissingExtensionIsNamed(): void
    {
        // A PHP without the extension (the command line loads it with -d; a child does not).
        $trait = escapeshellarg(dirname(__DIR__, 2) . '/laravel/BpjsTraits.php');
        $code = 'require ' . $trait . '; final class H { use App\\Traits\\BpjsTraits; '
            . 'public function go() { return $this->maybeDecryptAndDecompress("{}", "1"); } } '
            . 'try { (new H())->go(); } catch (RuntimeException $e) { echo $e->getMessage(); }';
        $out = shell_exec(escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg($code) . ' 2>&1');
        $this->assertStringContainsString('bpjs_codec extension not loaded, see README', (string) $out);
    }

    public function testNonUtf8DecodeArgumentsNeverThrow(): void
    {
        putenv("BPJS_PCARE_CONS_ID=\xff\xfe");
        $this->setEnv['BPJS_PCARE_CONS_ID'] = true;
        $body = '{"metaData":{"code":200},"response":"abc"}';
        $this->assertSame(
            json_decode($body, true),
            $this->host()->call('maybeDecryptAndDecompress', $body, '1732406400'),
        );
        $this->assertStringContainsString('(config)', $this->logText());
    }
}
