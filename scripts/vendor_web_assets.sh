#!/usr/bin/env bash
# Fetch the pinned JavaScript libraries that tieline's web pages and report use, with npm, and
# copy their minified builds and licences into src/tieline/web/static/vendor/ (committed, so
# that `tieline serve` and `tieline report` work offline). Rerun after changing a version.
set -euo pipefail
cd "$(dirname "$0")/.."
VENDOR=src/tieline/web/static/vendor
PACKAGES=(vega@5.33.1 vega-lite@5.23.0 vega-embed@6.29.0 cytoscape@3.35.0)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "${PACKAGES[@]}" >/dev/null)
mkdir -p "$VENDOR"
for tarball in "$work"/*.tgz; do
  name=$(basename "$tarball" .tgz)
  mkdir -p "$work/$name" && tar xzf "$tarball" -C "$work/$name"
done
cp "$work"/vega-5.33.1/package/build/vega.min.js "$VENDOR/"
cp "$work"/vega-lite-5.23.0/package/build/vega-lite.min.js "$VENDOR/"
cp "$work"/vega-embed-6.29.0/package/build/vega-embed.min.js "$VENDOR/"
cp "$work"/cytoscape-3.35.0/package/dist/cytoscape.min.js "$VENDOR/"
# vega's package carries no LICENSE file; it is BSD-3-Clause like vega-lite, by the same lab.
cp "$work"/vega-lite-5.23.0/package/LICENSE "$VENDOR/LICENSE.vega-lite"
cp "$work"/vega-lite-5.23.0/package/LICENSE "$VENDOR/LICENSE.vega"
cp "$work"/vega-embed-6.29.0/package/LICENSE "$VENDOR/LICENSE.vega-embed"
cp "$work"/cytoscape-3.35.0/package/LICENSE "$VENDOR/LICENSE.cytoscape"
echo "vendored: ${PACKAGES[*]} -> $VENDOR"
