#!/usr/bin/env bash
# A check by hand (not part of CI): the official OpenAI and Anthropic JavaScript SDKs, retries off,
# through TokenTap to a real llama-server, and the same calls direct. Installs the SDKs with npm into
# target/sdk-check, builds llama-server with llama-server.sh when needed, starts both on free
# loopback ports and prints how many of 24 calls succeeded each way.
#
#   src/test/live/sdk-check.sh          (after `mvn -B -q package -DskipTests`)
set -euo pipefail
cd "$(dirname "$0")/../../.."
paths=$(src/test/live/llama-server.sh)
server=$(sed -n 1p <<<"$paths")
model=$(sed -n 2p <<<"$paths")
[ -x target/tokentap ] || { echo "sdk-check: run 'mvn -B -q package -DskipTests' first" >&2; exit 1; }
mkdir -p target/sdk-check
cp src/test/live/sdk-check.mjs target/sdk-check/
(cd target/sdk-check && { [ -d node_modules/openai ] || npm install --silent --no-save openai @anthropic-ai/sdk >/dev/null; })
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
llama_port=$(free_port); tap_port=$(free_port)
data=$(mktemp -d)
"$server" -m "$model" --alias tiny --host 127.0.0.1 --port "$llama_port" --threads 2 >"$data/llama.log" 2>&1 &
llama=$!
target/tokentap --headless --listen "127.0.0.1:$tap_port" --upstream "http://127.0.0.1:$llama_port" \
  --data-dir "$data/tokentap" >"$data/tokentap.log" 2>&1 &
tap=$!
trap 'kill $tap $llama 2>/dev/null; wait $tap $llama 2>/dev/null; rm -rf "$data"' EXIT
# /health through TokenTap: both are up
for _ in $(seq 60); do curl -sf -o /dev/null "http://127.0.0.1:$tap_port/health" && break; sleep 1; done
(cd target/sdk-check && node sdk-check.mjs "http://127.0.0.1:$tap_port" "through TokenTap" && node sdk-check.mjs "http://127.0.0.1:$llama_port" "direct")
