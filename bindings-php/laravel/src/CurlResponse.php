<?php

namespace BpjsCodec\Laravel;

/**
 * The reply of the plain-PHP (curl) transport, shaped like Laravel's
 * Illuminate\Http\Client\Response: status(), body(), json(), header(),
 * headers(), successful().
 */
final class CurlResponse
{
    public function __construct(private int $code, private array $headers, private string $content)
    {
    }

    public function status(): int
    {
        return $this->code;
    }

    public function body(): string
    {
        return $this->content;
    }

    public function json($key = null, $default = null)
    {
        $data = json_decode($this->content, true);
        if ($key === null) {
            return $data;
        }
        foreach (explode('.', (string) $key) as $part) {
            if (!is_array($data) || !array_key_exists($part, $data)) {
                return $default;
            }
            $data = $data[$part];
        }
        return $data;
    }

    public function header(string $name): string
    {
        return $this->headers[strtolower($name)][0] ?? '';
    }

    public function headers(): array
    {
        return $this->headers;
    }

    public function successful(): bool
    {
        return $this->code >= 200 && $this->code < 300;
    }
}
