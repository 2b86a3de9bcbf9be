<?php

declare(strict_types=1);

namespace BpjsCodec\Tests\Unit;

use PHPUnit\Framework\TestCase;
use ReflectionExtension;

/** stubs/bpjs_codec.stub.php names the same functions and parameters as the extension. */
final class StubTest extends TestCase
{
    public function testStubMatchesTheExtension(): void
    {
        $stub = (string) file_get_contents(dirname(__DIR__, 2) . '/stubs/bpjs_codec.stub.php');
        preg_match_all('/^function (bpjs_\w+)\(([^)]*)\)/m', $stub, $m, PREG_SET_ORDER);
        $fromStub = [];
        foreach ($m as [, $name, $params]) {
            preg_match_all('/\$(\w+)/', $params, $p);
            $fromStub[$name] = $p[1];
        }
        $fromExtension = [];
        foreach ((new ReflectionExtension('bpjs_codec'))->getFunctions() as $name => $function) {
            $fromExtension[$name] = array_map(fn ($p) => $p->getName(), $function->getParameters());
        }
        ksort($fromStub);
        ksort($fromExtension);
        $this->assertSame($fromExtension, $fromStub);
    }
}
