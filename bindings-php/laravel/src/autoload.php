<?php

// PSR-4 for BpjsCodec\Laravel\ when the package is used without composer (this
// repository's own tests load BpjsTraits.php directly). composer's autoloader
// does the same from composer.json in an application.
spl_autoload_register(static function (string $class): void {
    $prefix = 'BpjsCodec\\Laravel\\';
    if (strncmp($class, $prefix, strlen($prefix)) === 0) {
        $file = __DIR__ . '/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
