#!/usr/bin/env bash
# The live tier: builds (once, cached) a real llama-server and a tiny model with llama-server.sh,
# then runs the *LiveTest classes (mvn -Plive) through TokenTap against it. Extra arguments go to
# Maven, e.g. -Dtest=HangUpLiveTest. Reports: target/surefire-reports/, server logs:
# target/live-logs/.
set -euo pipefail
cd "$(dirname "$0")/../../.."
paths=$(src/test/live/llama-server.sh)
server=$(sed -n 1p <<<"$paths")
model=$(sed -n 2p <<<"$paths")
echo "live: $("$server" --version 2>&1 | grep -m1 version); model $model"
exec mvn -B -Plive test -Dtokentap.llama.server="$server" -Dtokentap.llama.model="$model" "$@"
