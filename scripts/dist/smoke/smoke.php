<?php
// Smoke test of the installed bpjs_codec extension (make test-dist): loaded
// from the ini that install-php.sh wrote, one signed VClaim request to
// bpjs-sim with PHP's http stream (no curl), its reply decoded; the wrong
// secret must throw. Usage: php smoke.php SIM_URL EXPECTED_VERSION
declare(strict_types=1);

[, $base, $version] = $argv;
function check(bool $ok, string $what): void
{
    if (!$ok) {
        fwrite(STDERR, "php smoke: $what\n");
        exit(1);
    }
}
check(extension_loaded('bpjs_codec'), 'bpjs_codec is not loaded');
check(phpversion('bpjs_codec') === $version, 'version ' . phpversion('bpjs_codec') . ", expected $version");
$consId = '31337';
$secret = 'simSecret2026';
$headers = bpjs_build_headers('vclaim', ['cons_id' => $consId, 'secret' => $secret, 'user_key' => 'simUserKey0123456789']);
$lines = [];
foreach ($headers as $name => $value) {
    $lines[] = "$name: $value";
}
$context = stream_context_create(['http' => ['header' => implode("\r\n", $lines), 'timeout' => 30]]);
$body = file_get_contents("$base/vclaim-rest/referensi/poli/INT", false, $context);
check(is_string($body), 'no reply from the simulator');
$reply = bpjs_process_wrapper($consId, $secret, $headers['X-timestamp'], $body);
check(bpjs_metadata($reply)['ok'] === true, 'metaData not ok');
check($reply['response']['poli'][0]['nama'] === 'PENYAKIT DALAM', 'unexpected poli list');
try {
    bpjs_process_wrapper($consId, 'not-the-secret', $headers['X-timestamp'], $body);
    check(false, 'a wrong secret decoded');
} catch (BpjsCodecException $e) {
    $kind = $e->getKind();
}
printf("php: bpjs_codec %s on PHP %s (%s): VClaim poli decoded, wrong secret -> %s\n",
    phpversion('bpjs_codec'), PHP_VERSION, PHP_ZTS ? 'ZTS' : 'NTS', $kind);
