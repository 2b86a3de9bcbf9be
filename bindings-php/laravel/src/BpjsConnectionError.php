<?php

namespace BpjsCodec\Laravel;

use RuntimeException;

/**
 * A transport failure of the plain-PHP (curl) transport: no HTTP response at all.
 * Inside Laravel the Http facade throws Illuminate\Http\Client\ConnectionException
 * instead, as the original trait did. Also known as App\Traits\BpjsConnectionError.
 */
class BpjsConnectionError extends RuntimeException
{
}
