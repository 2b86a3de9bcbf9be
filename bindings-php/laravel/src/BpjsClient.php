<?php

namespace BpjsCodec\Laravel;

use BpjsCodec\Laravel\Concerns\DecodesReplies;
use BpjsCodec\Laravel\Concerns\ReadsSettings;
use BpjsCodec\Laravel\Concerns\SendsThroughLaravel;
use BpjsCodec\Laravel\Concerns\SendsWithCurl;
use BpjsCodec\Laravel\Concerns\SignsRequests;
use BpjsCodec\Laravel\Concerns\WritesAuditLog;
use BpjsCodec\Laravel\Concerns\WritesLogLines;

/**
 * BPJS PCare, Mobile JKN and iCare requests with the methods, return shapes and
 * behaviour of the original App\Traits\BpjsTraits (which delegates here, one
 * client per object using it): settings (ReadsSettings), signing (SignsRequests),
 * decoding (DecodesReplies), the transport inside Laravel (SendsThroughLaravel) and
 * outside (SendsWithCurl), the `bpjs` log lines (WritesLogLines) and the audit
 * trail (WritesAuditLog). Signing, decoding, redaction, audit rows and resend
 * decisions are the bpjs_codec extension's; this class keeps config, HTTP, SQL.
 *
 * The request methods return ['response' => the HTTP response object,
 * 'headers_used' => the headers, secrets "[redacted]", 'timestamp_used', 'url'].
 */
class BpjsClient
{
    use ReadsSettings;
    use SignsRequests;
    use DecodesReplies;
    use SendsThroughLaravel;
    use SendsWithCurl;
    use WritesLogLines;
    use WritesAuditLog;

    /**
     * One signed PCare request. Returns ['response' => the HTTP response object,
     * 'headers_used' => headers without secrets, 'timestamp_used', 'url'], as the
     * original; decode with maybeDecryptAndDecompress($r['response']->body(), $r['timestamp_used']).
     */
    public function pcareRequest(
        $method,
        $endpoint,
        $query = [],
        $body = null,
        $extraHeaders = [],
        $overrideTimestamp = null
    ): array {
        return $this->bpjsRequestOf('pcare', $method, $endpoint, $query, $body, $extraHeaders, $overrideTimestamp);
    }

    public function mobilejknRequest(
        $method,
        $endpoint,
        $query = [],
        $body = null,
        $extraHeaders = [],
        $overrideTimestamp = null
    ): array {
        return $this->bpjsRequestOf('mobilejkn', $method, $endpoint, $query, $body, $extraHeaders, $overrideTimestamp);
    }

    public function icareRequest(
        $method,
        $endpoint,
        $query = [],
        $body = null,
        $extraHeaders = [],
        $overrideTimestamp = null
    ): array {
        return $this->bpjsRequestOf('icare', $method, $endpoint, $query, $body, $extraHeaders, $overrideTimestamp);
    }

    /**
     * One request of pcareRequest / mobilejknRequest / icareRequest: inside Laravel the
     * Http facade (SendsThroughLaravel), else curl (bpjsSend) with the service's settings,
     * audit service name, secrets and headers. An empty or '0' timestamp override means now.
     */
    private function bpjsRequestOf(
        string $service,
        $method,
        $endpoint,
        $query,
        $body,
        $extraHeaders,
        $overrideTimestamp
    ): array {
        if ($this->bpjsInLaravel()) {
            return $this->bpjsLaravelRequest(
                $service,
                $method,
                $endpoint,
                $query,
                $body,
                (array) $extraHeaders,
                $overrideTimestamp
            );
        }
        $method = strtoupper((string) $method);
        $c = $this->bpjsConfigOf($service);
        $ts = !in_array((string) $overrideTimestamp, ['', '0'], true) ? (string) $overrideTimestamp
            : $this->generateTimestamp();
        // Some PCare deployments want kunjungan bodies as text/plain, others as JSON.
        $contentType = ($service === 'pcare' && in_array($method, ['POST', 'PUT'], true)
            && self::bpjsEndpointIs($endpoint, 'kunjungan')) ? (string) $c['kunjungan_content_type'] : null;
        $secrets = [$c['cons_pwd'], $c['pass'], $c['user_key']];
        if ($service === 'mobilejkn') {
            $secrets[] = $c['password_antrol'];
        }
        // First: the audit context given for this request is used up even if it fails early.
        $audit = $this->bpjsAuditBegin(
            match ($service) {
                'pcare' => 'pcare',
                'icare' => $this->bpjsIcareService(),
                default => 'antreanfktp',
            },
            $endpoint,
            $c['cons_id'],
            $c['cons_pwd'],
            $ts,
            $secrets
        );
        $headers = $this->bpjsHeadersOf($service, $ts, $method, $contentType);
        return $this->bpjsSend(
            $method,
            $c['base_url'],
            $endpoint,
            $query,
            $body,
            $headers,
            (array) $extraHeaders,
            $ts,
            $this->bpjsResolveList($service),
            $audit
        );
    }
}
