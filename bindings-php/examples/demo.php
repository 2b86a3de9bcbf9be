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
        // As a faskesku controller does: the response object, then its body decoded
        // with the timestamp the request was signed with.
        $result = $this->pcareRequest('GET', 'dokter/0/3');
        $result['decoded'] = $this->maybeDecryptAndDecompress($result['response']->body(), $result['timestamp_used']);
        return $result;
    }
}

$result = (new Demo())->run();
$meta = bpjs_metadata($result['decoded']);
printf("PHP %s, extension bpjs_codec %s\n", PHP_VERSION, phpversion('bpjs_codec'));
printf("GET %s (X-timestamp %s) -> HTTP %d, metaData code %s %s\n",
    $result['url'], $result['timestamp_used'], $result['response']->status(), var_export($meta['code'], true), $meta['ok'] ? 'ok' : 'not ok');
printf("headers sent (secrets redacted): %s\n", json_encode($result['headers_used'], JSON_UNESCAPED_SLASHES));
foreach ($result['decoded']['response']['list'] as $dokter) {
    printf("  %s  %s\n", $dokter['kdDokter'], $dokter['nmDokter']);
}
