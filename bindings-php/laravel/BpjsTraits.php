<?php // phpcs:disable PSR1.Files.SideEffects.FoundWithSymbols -- loads the package without composer (below)

namespace App\Traits;

use BpjsCodec\Laravel\BpjsClient;
use BpjsCodec\Laravel\BpjsConnectionError;

// Without composer (this repository's tests load this file directly): the package's
// classes from ./src. In an application composer's autoloader finds them.
if (!class_exists(BpjsClient::class) && is_file(__DIR__ . '/src/autoload.php')) {
    require_once __DIR__ . '/src/autoload.php';
}
if (!class_exists('App\\Traits\\BpjsConnectionError', false)) {
    class_alias(BpjsConnectionError::class, 'App\\Traits\\BpjsConnectionError');
}

/**
 * Drop-in replacement for the `App\Traits\BpjsTraits` of Laravel hospital apps
 * (faskesku.id): the original's methods, signatures and return shapes, each
 * delegating to the package's BpjsCodec\Laravel\BpjsClient (bpjs-codec/laravel),
 * which signs and decodes with the `bpjs_codec` extension. Settings, log lines,
 * retries and errors as the original trait; the deliberate differences are listed
 * in bindings-php/README.md ("Deliberate differences").
 */
trait BpjsTraits
{
    private ?BpjsClient $bpjsClient = null;

    /** The client doing the work for this object (its state: signed timestamps, audit context). */
    protected function bpjsClient(): BpjsClient
    {
        return $this->bpjsClient ??= new BpjsClient();
    }

    protected function pcareConfig(): array
    {
        return $this->bpjsClient()->pcareConfig();
    }

    protected function mobilejknConfig(): array
    {
        return $this->bpjsClient()->mobilejknConfig();
    }

    protected function icareConfig(): array
    {
        return $this->bpjsClient()->icareConfig();
    }

    protected function generateTimestamp(): string
    {
        return $this->bpjsClient()->generateTimestamp();
    }

    protected function generateSignature($consId, #[\SensitiveParameter] $secretKey, $timestamp): string
    {
        return $this->bpjsClient()->generateSignature($consId, $secretKey, $timestamp);
    }

    protected function generateAuthorization(
        #[\SensitiveParameter] $user,
        #[\SensitiveParameter] $pass,
        $appCode
    ): string {
        return $this->bpjsClient()->generateAuthorization($user, $pass, $appCode);
    }

    protected function buildPcareHeaders(
        ?string $overrideTimestamp = null,
        string $method = 'GET',
        ?string $contentType = null
    ): array {
        return $this->bpjsClient()->buildPcareHeaders($overrideTimestamp, $method, $contentType);
    }

    protected function buildIcareHeaders(
        ?string $overrideTimestamp = null,
        string $method = 'GET',
        ?string $contentType = null
    ): array {
        return $this->bpjsClient()->buildIcareHeaders($overrideTimestamp, $method, $contentType);
    }

    protected function buildMobileJknHeaders(
        ?string $overrideTimestamp = null,
        string $method = 'GET',
        ?string $contentType = null
    ): array {
        return $this->bpjsClient()->buildMobileJknHeaders($overrideTimestamp, $method, $contentType);
    }

    protected function stringDecrypt(#[\SensitiveParameter] $key, $encrypted): string
    {
        return $this->bpjsClient()->stringDecrypt($key, $encrypted);
    }

    protected function decompressLzString($string): string
    {
        return $this->bpjsClient()->decompressLzString($string);
    }

    protected function maybeDecryptAndDecompress(string $body, string $timestamp): array|string
    {
        return $this->bpjsClient()->maybeDecryptAndDecompress($body, $timestamp);
    }

    protected function maybeDecryptAndDecompressIcare(string $body, string $timestamp): array|string
    {
        return $this->bpjsClient()->maybeDecryptAndDecompressIcare($body, $timestamp);
    }

    protected function maybeDecryptAndDecompressMobileJkn(string $body, string $timestamp): array|string
    {
        return $this->bpjsClient()->maybeDecryptAndDecompressMobileJkn($body, $timestamp);
    }

    protected function pcareRequest(
        $method,
        $endpoint,
        $query = [],
        $body = null,
        $extraHeaders = [],
        $overrideTimestamp = null
    ): array {
        return $this->bpjsClient()->pcareRequest($method, $endpoint, $query, $body, $extraHeaders, $overrideTimestamp);
    }

    protected function mobilejknRequest(
        $method,
        $endpoint,
        $query = [],
        $body = null,
        $extraHeaders = [],
        $overrideTimestamp = null
    ): array {
        return $this->bpjsClient()
            ->mobilejknRequest($method, $endpoint, $query, $body, $extraHeaders, $overrideTimestamp);
    }

    protected function icareRequest(
        $method,
        $endpoint,
        $query = [],
        $body = null,
        $extraHeaders = [],
        $overrideTimestamp = null
    ): array {
        return $this->bpjsClient()->icareRequest($method, $endpoint, $query, $body, $extraHeaders, $overrideTimestamp);
    }

    /**
     * Context for the audit rows of the next request of this object only, e.g.
     * `$this->withAuditContext(['no_rawat' => $noRawat])->pcareRequest('POST', 'kunjungan', [], $data)`.
     * Keys: no_rawat, triggered_by, correlation_id, attempt (README, "Audit trail").
     *
     * @throws \InvalidArgumentException on an unknown key or a wrong type
     */
    public function withAuditContext(array $context): static
    {
        $this->bpjsClient()->withAuditContext($context);
        return $this;
    }

    /** Whether this runs inside a booted Laravel application (else getenv() and curl). */
    private function bpjsInLaravel(): bool
    {
        return $this->bpjsClient()->bpjsInLaravel();
    }

    /** The HTTP settings: timeout, connect_timeout, retry_times, retry_sleep, disable_ssl_verify. */
    private function bpjsHttpConfig(): array
    {
        return $this->bpjsClient()->bpjsHttpConfig();
    }
}
