#!/usr/bin/env bash
# Does an exported .har open in a browser's network panel? Imports one into the Network panel of
# the DevTools bundled with Debian's Chromium and checks every entry (har-in-devtools.mjs).
# Not part of `mvn verify`: it needs chromium, node and npm (installed with apt when run as root)
# and playwright-core (installed with npm into target/har-check/node). Everything it writes is in
# target/har-check/.
#
#   src/test/browser/har-in-devtools.sh            # record, export, check, and check broken files
#   src/test/browser/har-in-devtools.sh FILE.har   # check FILE.har only
set -euo pipefail
cd "$(dirname "$0")/../../.."
here=src/test/browser
work=target/har-check
PLAYWRIGHT_CORE_VERSION=1.65.1

JDK=/usr/lib/jvm/temurin-25-jdk-amd64
if [ -x "$JDK/bin/java" ]; then
  export JAVA_HOME="$JDK" PATH="$JDK/bin:$PATH"
fi

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "har-in-devtools: install ${need[*]} (apt-get install ${need[*]})" >&2
    exit 2
  fi
  timeout 300 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq "${need[@]}" >/dev/null
fi

mkdir -p "$work/node"
if [ ! -f "$work/node/node_modules/playwright-core/package.json" ]; then
  timeout 300 npm install --silent --no-audit --no-fund --prefix "$work/node" \
    "playwright-core@$PLAYWRIGHT_CORE_VERSION" >/dev/null
fi
export NODE_PATH="$PWD/$work/node/node_modules"
# ES modules ignore NODE_PATH: run the checker from beside its node_modules.
cp "$here/har-in-devtools.mjs" "$work/node/"
check() { timeout 180 node "$work/node/har-in-devtools.mjs" "$@"; }

if [ $# -gt 0 ]; then
  check --har "$1" --screenshot "$work/network-panel.png"
  exit
fi

# A real export: TokenTap in front of a fake llama-server replaying every fixture (real bytes,
# streamed SSE and not, errors, a client hanging up mid-stream) plus a binary, a gzip and a
# secret-carrying exchange; then the jar's own `export --out FILE.har`.
timeout 900 mvn -B -q -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/cp.txt >/dev/null
rm -rf "$work/data" "$work"/*.har
timeout 300 java --enable-native-access=ALL-UNNAMED \
  -cp "target/classes:target/test-classes:$(cat target/cp.txt)" \
  dev.tokentap.app.HarBrowserSample "$work/data" 2>/dev/null
timeout 120 java -jar target/tokentap.jar export --out "$work/tokentap.har" --data-dir "$work/data"

echo "== the export"
check --har "$work/tokentap.har" --expected "$work/data/expected.json" \
  --screenshot "$work/network-panel.png"

# The check must fail on broken files: a date DevTools cannot read, an entry without a request,
# a response body that is not what the client got.
timeout 30 node -e '
const fs = require("fs");
const [dir] = process.argv.slice(1);
const har = JSON.parse(fs.readFileSync(dir + "/tokentap.har", "utf8"));
const broken = {
  "broken-date": (h) => { h.log.entries[3].startedDateTime = "not a date"; },
  "broken-no-request": (h) => { delete h.log.entries[5].request; },
  "broken-content": (h) => { h.log.entries[6].response.content.text = "tampered"; },
};
for (const [name, breakIt] of Object.entries(broken)) {
  const h = structuredClone(har);
  breakIt(h);
  fs.writeFileSync(`${dir}/${name}.har`, JSON.stringify(h));
}' "$work"
for name in broken-date broken-no-request broken-content; do
  echo "== $name.har (must fail)"
  if check --har "$work/$name.har" --expected "$work/data/expected.json"; then
    echo "har-in-devtools: $name.har passed: the check is not checking" >&2
    exit 1
  fi
done
echo "har-in-devtools: OK (the export passes, 3 broken files fail); panel: $work/network-panel.png"
