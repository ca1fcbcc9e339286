#!/usr/bin/env bash
# Builds a real llama-server (llama.cpp release v0.5.0, commit de3ff81, the build the fixtures came
# from) and writes a tiny random-weight model for the live test tier, into a cache outside the repo.
# llama.cpp's source comes as a git bundle inside the npm package node-llama-cpp@3.22.1 (npm is
# reachable where GitHub may not be). About 5 minutes on 2 cores the first time; nothing after that.
#
#   src/test/live/llama-server.sh           # prints the server's path, then the model's
#   LLAMA_CACHE=DIR src/test/live/llama-server.sh
#
# Needs cmake, g++, make, git, python3 with numpy, npm. Run as root, it installs the missing ones
# with apt-get (Debian, Ubuntu); otherwise it says which are missing and stops.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)          # make_tiny_model.py lies beside this script
cache=${LLAMA_CACHE:-$HOME/.cache/tokentap-llama}
server=$cache/llama.cpp/build/bin/llama-server
model=$cache/tiny.gguf
bundle_pkg=node-llama-cpp@3.22.1

say() { echo "llama-server.sh: $*" >&2; }

# what is missing, as Debian package names
missing=()
need_build=0
[ -x "$server" ] || need_build=1
if [ "$need_build" = 1 ]; then
  command -v cmake >/dev/null || missing+=(cmake)
  command -v g++ >/dev/null || missing+=(g++)
  command -v make >/dev/null || missing+=(make)
  command -v git >/dev/null || missing+=(git)
  [ -f "$cache/node-llama-cpp-3.22.1.tgz" ] || command -v npm >/dev/null || missing+=(npm)
fi
# a python3 with numpy: the one on the PATH, else Debian's (where apt-get puts python3-numpy)
python_with_numpy() {
  local p
  for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import numpy' 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  return 1
}
if [ ! -f "$model" ] && ! python_with_numpy >/dev/null; then
  [ -x /usr/bin/python3 ] || missing+=(python3)
  missing+=(python3-numpy)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends "${missing[@]}" ca-certificates >&2
  else
    say "missing: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) and run this again."
    exit 1
  fi
fi

mkdir -p "$cache"
cd "$cache"
if [ "$need_build" = 1 ]; then
  if [ ! -f node-llama-cpp-3.22.1.tgz ]; then
    say "fetching llama.cpp's source ($bundle_pkg from npm)"
    npm pack "$bundle_pkg" --silent >/dev/null
  fi
  if [ ! -d llama.cpp/.git ]; then
    rm -rf llama.cpp package
    tar xzf node-llama-cpp-3.22.1.tgz package/llama/gitRelease.bundle
    git -c advice.detachedHead=false clone -q package/llama/gitRelease.bundle llama.cpp
  fi
  say "building llama-server (about 5 minutes on 2 cores; log in $cache/build.log)"
  # GGML_NATIVE=OFF: a binary that also runs on another CPU of the same kind of machine.
  if ! { cmake -S llama.cpp -B llama.cpp/build -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF \
           -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_TESTS=OFF -DGGML_NATIVE=OFF \
         && cmake --build llama.cpp/build --target llama-server -j"$(nproc)"; } >"$cache/build.log" 2>&1; then
    tail -n 30 "$cache/build.log" >&2
    say "the build failed; the full log is $cache/build.log"
    exit 1
  fi
fi
if [ ! -f "$model" ]; then
  "$(python_with_numpy)" "$here/make_tiny_model.py" --llama-cpp "$cache/llama.cpp" --out "$model.part" >/dev/null
  mv "$model.part" "$model"
fi
"$server" --version >/dev/null 2>&1 || { say "$server does not run"; exit 1; }
echo "$server"
echo "$model"
