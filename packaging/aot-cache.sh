#!/usr/bin/env bash
# Makes the app-image's AOT cache (JDK 25, JEP 483/514) at package time: one scripted --demo run of
# the app-image's own launcher (-Dtokentap.aot.training: every tab in turn for SECONDS while demo
# traffic flows, then the window closes) with -XX:AOTCacheOutput, then the launcher's .cfg maps the
# cache at every start (-XX:AOTCache). The window needs a display: DISPLAY, or xvfb-run. Without
# one, or if the run fails, the package is built without a cache (a warning, never a failed build);
# a cache the JVM cannot use is ignored at start-up.
#
#   packaging/aot-cache.sh APP_IMAGE_DIR [SECONDS]     (run by pom.xml's package profile)
set -uo pipefail

image=$1
seconds=${2:-12}
launcher="$image/bin/TokenTap"
cfg="$image/lib/app/TokenTap.cfg"
cache="$image/lib/app/tokentap.aot"

if [ ! -x "$launcher" ] || [ ! -f "$cfg" ]; then
  echo "aot-cache: no Linux app-image at $image; packaging without an AOT cache" >&2
  exit 0
fi
if [ -n "${DISPLAY:-}" ]; then
  display=()
elif command -v xvfb-run >/dev/null; then
  display=(xvfb-run -a)
else
  echo "aot-cache: WARNING: no DISPLAY and no xvfb-run (apt-get install xvfb xauth):" \
    "packaging without an AOT cache (start-up about 3x slower)" >&2
  exit 0
fi

# The JVM accepts the cache only for a jar with the modification time it had here; the installer
# copies the jar with a new one, so the jar gets a fixed time now and linux/postinst sets it again
# after installing (2000-01-01T00:00:00Z: the same number in both files).
jar_time=946684800
touch -d "@$jar_time" "$image/lib/app/tokentap.jar"

home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
rm -f "$cache"
# its own HOME: the run's window.json and config stay out of the builder's
HOME="$home" XDG_CONFIG_HOME="$home/.config" \
  JAVA_TOOL_OPTIONS="-XX:AOTCacheOutput=$cache -Dtokentap.aot.training=$seconds" \
  timeout $((seconds + 120)) "${display[@]}" "$launcher" --demo >"$home/training.log" 2>&1
rc=$?
if [ $rc -ne 0 ] || [ ! -s "$cache" ]; then
  echo "aot-cache: WARNING: the training run failed (exit $rc); packaging without an AOT cache:" >&2
  grep -v '\[aot\]' "$home/training.log" | tail -5 >&2
  rm -f "$cache"
  exit 0
fi
if ! grep -q 'AOTCache=' "$cfg"; then
  sed -i '/^\[JavaOptions\]/a java-options=-XX:AOTCache=$APPDIR/tokentap.aot' "$cfg"
fi
echo "aot-cache: $(du -h "$cache" | cut -f1) AOT cache from a ${seconds} s training run: $cache"
