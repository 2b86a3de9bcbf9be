<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Support;

/** One HTTP request with curl (loopback only in the suites): status and body. */
final class Http
{
    /**
     * @param array<string, string> $headers
     * @return array{status: int, body: string}
     */
    public static function send(string $method, string $url, array $headers, ?string $body): array
    {
        $ch = curl_init($url);
        $lines = [];
        foreach ($headers as $name => $value) {
            $lines[] = "$name: $value";
        }
        curl_setopt_array($ch, [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_HTTPHEADER => $lines,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => 20,
        ]);
        if ($body !== null) {
            curl_setopt($ch, CURLOPT_POSTFIELDS, $body);
        }
        $reply = curl_exec($ch);
        $status = (int) curl_getinfo($ch, CURLINFO_RESPONSE_CODE);
        $error = curl_error($ch);
        curl_close($ch);
        if ($reply === false) {
            throw new \RuntimeException("$method: no reply: $error");
        }
        return ['status' => $status, 'body' => (string) $reply];
    }
}
