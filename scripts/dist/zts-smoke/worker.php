<?php

// One request of the threaded smoke (zts_smoke.c sets $thread and $request):
// compress+encrypt, decode, the whole-envelope path, a signature and a thrown
// BpjsCodecException, with data of its own thread. Returns true, or what
// differed (sizes and names only).
declare(strict_types=1);

$consId = (string) (1000 + $thread);
$secret = "zts-$thread-" . bin2hex(random_bytes(6));
$timestamp = (string) (1700000000 + $thread * 100000 + $request);
$rows = [];
for ($i = 0; $i < 40 + $thread * 3 + $request % 5; $i++) {
    $rows[] = ['kode' => "K$thread-$request-$i", 'nama' => str_repeat("nama $thread ", 1 + $i % 7)];
}
$text = json_encode(['list' => $rows, 'count' => count($rows)], JSON_THROW_ON_ERROR);

$cipher = bpjs_compress_and_encrypt($consId, $secret, $timestamp, $text);
$plain = bpjs_decrypt_and_decompress($consId, $secret, $timestamp, $cipher);
if ($plain !== $text) {
    return 'round trip: ' . strlen($plain) . ' bytes back, ' . strlen($text) . ' sent';
}
$body = json_encode(['metaData' => ['code' => '200', 'message' => 'OK'], 'response' => $cipher], JSON_THROW_ON_ERROR);
$reply = bpjs_process_wrapper($consId, $secret, $timestamp, $body);
if (($reply['response']['count'] ?? null) !== count($rows) || !bpjs_metadata($reply)['ok']) {
    return 'process_wrapper: wrong response count or metaData';
}
if (bpjs_signature($consId, $secret, $timestamp) !== base64_encode(hash_hmac('sha256', "$consId&$timestamp", $secret, true))) {
    return 'signature differs from hash_hmac';
}
try {
    bpjs_decrypt_and_decompress($consId, $secret . 'x', $timestamp, $cipher);
    return 'a wrong secret decoded';
} catch (BpjsCodecException $e) {
    if ($e->getKind() === '') {
        return 'exception without a kind';
    }
}
return true;
