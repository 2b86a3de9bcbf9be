<?php
declare(strict_types=1);

namespace BpjsCodec\Tests\Laravel;

use BpjsCodec\Tests\Support\Simulator;
use BpjsCodec\Tests\Support\TraitScenarios;
use Illuminate\Http\Client\Events\RequestSending;
use Illuminate\Support\Facades\DB;
use Illuminate\Support\Facades\Event;

/**
 * The trait inside a booted Laravel 8 application: settings from
 * config('bpjs.*') and the setting_bridging_bpjs table (SQLite), requests
 * through the Http facade (Guzzle), log lines through the Log facade.
 * Every shared scenario runs here too.
 */
final class LaravelTraitTest extends TraitScenarios
{
    private const CREDENTIAL_COLUMNS = ['cons_id', 'cons_pwd', 'user_key', 'user', 'pass', 'app_code'];

    private int $logOffset = 0;
    private int $httpRequests = 0;

    protected function setUp(): void
    {
        clearstatcache();
        $this->logOffset = is_file(LaravelApp::logFile()) ? filesize(LaravelApp::logFile()) : 0;
        $this->httpRequests = 0;
        Event::listen(RequestSending::class, function (): void {
            $this->httpRequests++;
        });
        parent::setUp();
    }

    protected function tearDown(): void
    {
        Event::forget(RequestSending::class);
        DB::table('setting_bridging_bpjs')->delete();
    }

    /**
     * Credentials go to setting_bridging_bpjs; config('bpjs.*') gets a wrong
     * value for each of them, so a passing request proves the table is read
     * first. Everything else (base URL, HTTP settings) goes to config.
     */
    protected function configure(array $settings): void
    {
        $rows = [];
        foreach ($settings as $env => $value) {
            [$family, $key] = explode('_', substr($env, strlen('BPJS_')), 2);
            $family = strtolower($family);
            $key = strtolower($key);
            if (in_array($key, self::CREDENTIAL_COLUMNS, true)) {
                $rows[$family][$key] = $value;
                // An empty table value means "not set": config must be empty too then.
                config()->set("bpjs.$family.$key", $value === '' ? '' : 'wrong-value-from-config');
            } else {
                config()->set("bpjs.$family.$key", $value);
            }
        }
        foreach ($rows as $family => $row) {
            DB::table('setting_bridging_bpjs')->updateOrInsert(['service' => $family], $row);
        }
    }

    protected function logText(): string
    {
        clearstatcache();
        if (!is_file(LaravelApp::logFile())) {
            return '';
        }
        return (string) file_get_contents(LaravelApp::logFile(), false, null, $this->logOffset);
    }

    public function testRunsInsideLaravelThroughTheHttpFacade(): void
    {
        $host = $this->host();
        $this->assertTrue($host->call('bpjsInLaravel'));
        $this->assertSame(\Illuminate\Foundation\Application::class, get_class(app()));
        $r = $host->call('pcareRequest', 'GET', 'dokter/0/1');
        $this->assertSame('100001', $r['response']['response']['list'][0]['kdDokter']);
        $this->assertSame(1, $this->httpRequests, 'the request went through Illuminate\Http\Client');
    }

    public function testSettingsTableWinsOverConfig(): void
    {
        $config = $this->host()->call('pcareConfig');
        $this->assertSame(Simulator::SECRET, $config['cons_pwd']);
        $this->assertSame('wrong-value-from-config', config('bpjs.pcare.cons_pwd'));
        // Without a row, config applies (and here is wrong): the failure is in the envelope, not an exception.
        DB::table('setting_bridging_bpjs')->where('service', 'pcare')->delete();
        $r = $this->host()->call('pcareRequest', 'GET', 'dokter/0/1');
        $this->assertSame(401, $r['status']);
        $this->assertSame(401, $r['response']['metaData']['code']);
    }

    public function testDecodeFailureGoesToTheLaravelLog(): void
    {
        $this->host()->call('pcareRequest', 'GET', 'dokter/0/1', [], null, ['X-Sim-Fault' => 'wrong-key']);
        $log = $this->logText();
        $this->assertMatchesRegularExpression('/testing\.WARNING: bpjs: pcare response not decoded \(padding\)/', $log);
        $this->assertStringContainsString('"kind":"padding"', $log);
    }
}
