<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Support;

use App\Traits\BpjsTraits;

/** A class using the drop-in trait, as a Laravel controller would; `call()` reaches its protected methods. */
final class TraitHost
{
    use BpjsTraits;

    public function call(string $method, ...$args)
    {
        return $this->$method(...$args);
    }
}
