#!/bin/sh
# Refresh the vendored YASGUI (dashboards/assets/vendor/yasgui/) from the npm registry.
# The Query page serves these files itself: no CDN, nothing fetched at run time.
# Usage: dashboards/refresh_yasgui.sh [VERSION]   (default: the version recorded in VERSION)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DEST="$HERE/assets/vendor/yasgui"
VERSION=${1:-$(cat "$DEST/VERSION")}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "@zazuko/yasgui@$VERSION" >/dev/null)
tar -xzf "$WORK"/zazuko-yasgui-*.tgz -C "$WORK"
LICENSE=$(node -p "require('$WORK/package/package.json').license")
if [ "$LICENSE" != "MIT" ]; then
  echo "@zazuko/yasgui@$VERSION declares licence '$LICENSE', not MIT: check it before vendoring" >&2
  exit 1
fi
cp "$WORK/package/build/yasgui.min.js" "$WORK/package/build/yasgui.min.css" "$WORK/package/package.json" "$DEST/"
node -p "require('$WORK/package/package.json').version" > "$DEST/VERSION"
(cd "$DEST" && sha256sum yasgui.min.js yasgui.min.css package.json > SHA256SUMS)
echo "vendored @zazuko/yasgui@$(cat "$DEST/VERSION") (licence $LICENSE) into $DEST"
