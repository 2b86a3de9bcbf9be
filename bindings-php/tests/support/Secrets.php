<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Support;

/** Every secret value a test run uses, and the values derived from them. */
final class Secrets
{
    /** @return string[] */
    public static function forbidden(string $timestamp): array
    {
        $s = Simulator::class;
        $sig = base64_encode(hash_hmac('sha256', $s::CONS_ID . '&' . $timestamp, $s::SECRET, true));
        $auth = base64_encode($s::USERNAME . ':' . $s::PASSWORD . ':' . $s::APP_CODE);
        $key = hash('sha256', $s::CONS_ID . $s::SECRET . $timestamp, true);
        return [$s::SECRET, $s::USER_KEY, $s::PASSWORD, $sig, $auth, bin2hex($key), base64_encode($key)];
    }
}
