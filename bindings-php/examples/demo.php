<?php
// make demo-php: one signed PCare request to the simulator at $BPJS_SIM_URL
// through the drop-in trait (curl transport), the decoded reply printed briefly.
declare(strict_types=1);

require __DIR__ . '/../laravel/BpjsTraits.php';

$url = getenv('BPJS_SIM_URL') ?: exit("BPJS_SIM_URL is not set (make demo starts the simulator)\n");
$settings = [
    'BPJS_PCARE_BASE_URL' => rtrim($url, '/') . '/pcare-rest',
    'BPJS_PCARE_CONS_ID' => '31337',             // the simulator's made-up credentials
    'BPJS_PCARE_CONS_PWD' => 'simSecret2026',
    'BPJS_PCARE_USER_KEY' => 'simUserKey0123456789',
    'BPJS_PCARE_USER' => 'pcare.sim',
    'BPJS_PCARE_PASS' => 'SimPass!2026',
];
foreach ($settings as $name => $value) {
    putenv("$name=$value");
}

final class Demo
{
    use App\Traits\BpjsTraits;

    public function run(): array
    {
        return $this->pcareRequest('GET', 'dokter/0/3');
    }
}

$result = (new Demo())->run();
$meta = bpjs_metadata($result['response']);
printf("PHP %s, extension bpjs_codec %s\n", PHP_VERSION, phpversion('bpjs_codec'));
printf("GET %s (X-timestamp %s) -> HTTP %d, metaData code %s %s\n",
    $result['url'], $result['timestamp_used'], $result['status'], var_export($meta['code'], true), $meta['ok'] ? 'ok' : 'not ok');
printf("headers sent (secrets redacted): %s\n", json_encode($result['headers_used'], JSON_UNESCAPED_SLASHES));
foreach ($result['response']['response']['list'] as $dokter) {
    printf("  %s  %s\n", $dokter['kdDokter'], $dokter['nmDokter']);
}
