#!/usr/bin/env bash
# Installs the bpjs-codec Laravel drop-in into an existing Laravel application,
# offline, doing what bindings-php/README.md ("Laravel") tells a user to do:
#
#   1. the package (BpjsCodec\Laravel\: service provider, transport, audit):
#      where composer and the app's composer.json are present, as a composer
#      path repository (the registry disabled: nothing is downloaded; the
#      app's own framework is used); otherwise copied to packages/bpjs-codec-laravel
#      and added to composer.json's autoload (run `composer dump-autoload`);
#   2. app/Traits/BpjsTraits.php replaced (the app's own kept as
#      BpjsTraits.php.orig), app/Traits created when missing;
#   3. config/bpjs.php (the app's own kept as bpjs.php.orig);
#   4. the migrations (pcare_bpjs_log only when missing, the audit columns
#      added to whichever table exists, pcare_send_attempts). The resend service
#      and its command bpjs:resend-due come with the package (its provider).
#
# Usage: scripts/laravel/install.sh APP_DIR      (make laravel-install APP=...)
# Then: php artisan migrate. Needs the bpjs_codec extension loaded by PHP.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pkg="$root/bindings-php/laravel"
app="${1:?usage: install.sh APP_DIR (a Laravel application: its artisan file)}"
[ -f "$app/artisan" ] || { echo "install.sh: $app has no artisan file: not a Laravel application" >&2; exit 1; }
app="$(cd "$app" && pwd)"
# COMPOSER_BIN: the composer to use; set and empty: none (the copy branch).
composer="${COMPOSER_BIN-$(command -v composer || true)}"

# 1. The package.
if [ -n "$composer" ] && [ -f "$app/composer.json" ]; then
  export COMPOSER_NO_INTERACTION=1 COMPOSER_DISABLE_NETWORK=1 COMPOSER_ALLOW_SUPERUSER=1
  "$composer" --working-dir="$app" config repositories.bpjs-codec \
    "{\"type\": \"path\", \"url\": \"$pkg\", \"options\": {\"symlink\": false}}"
  "$composer" --working-dir="$app" config repo.packagist false
  "$composer" --working-dir="$app" require --no-progress bpjs-codec/laravel:@dev \
    ${BPJS_IGNORE_EXT:+--ignore-platform-req=ext-bpjs_codec}
  how="composer path repository"
else
  dest="$app/packages/bpjs-codec-laravel"
  rm -rf "$dest" && mkdir -p "$dest"
  cp -R "$pkg/src" "$pkg/config" "$pkg/database" "$pkg/composer.json" "$dest/"
  if [ -f "$app/composer.json" ]; then
    php -r '
      $f = $argv[1]; $j = json_decode(file_get_contents($f), true);
      if (!is_array($j)) { fwrite(STDERR, "install.sh: composer.json is not JSON\n"); exit(1); }
      $j["autoload"]["psr-4"]["BpjsCodec\\Laravel\\"] = "packages/bpjs-codec-laravel/src/";
      $j["extra"]["laravel"]["providers"] = array_values(array_unique(array_merge(
          $j["extra"]["laravel"]["providers"] ?? [], ["BpjsCodec\\Laravel\\BpjsServiceProvider"])));
      file_put_contents($f, json_encode($j, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n");
    ' "$app/composer.json"
  fi
  how="copied to packages/bpjs-codec-laravel (composer.json autoload; run composer dump-autoload)"
fi

# 2.-4. The files of the application.
keep() { # keep the application's own version of a file we replace, once
  if [ -f "$1" ] && ! cmp -s "$1" "$2" && [ ! -e "$1.orig" ]; then cp -p "$1" "$1.orig"; fi
}
mkdir -p "$app/app/Traits" "$app/config" "$app/database/migrations"
keep "$app/app/Traits/BpjsTraits.php" "$pkg/BpjsTraits.php"
cp "$pkg/BpjsTraits.php" "$app/app/Traits/BpjsTraits.php"
keep "$app/config/bpjs.php" "$pkg/config/bpjs.php"
cp "$pkg/config/bpjs.php" "$app/config/bpjs.php"
cp "$pkg"/database/migrations/*.php "$app/database/migrations/"
echo "install.sh: bpjs-codec installed into $app ($how); now: php artisan migrate"
