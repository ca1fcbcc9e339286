#!/usr/bin/env bash
# Makes every icon file from tokentap.svg: PNGs (16-1024 px), tokentap.ico (Windows) and
# tokentap.icns (macOS). Needs rsvg-convert (apt-get install librsvg2-bin), ImageMagick's convert
# and python3. The results are committed; run this again after changing the SVG.
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$size" -h "$size" tokentap.svg -o "tokentap-$size.png"
done
convert tokentap-16.png tokentap-24.png tokentap-32.png tokentap-48.png tokentap-64.png \
  tokentap-256.png tokentap.ico
# ICNS: the 'icns' header, then one PNG per size under its type code
python3 - <<'PY'
import struct
entries = b""
for code, size in [(b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256),
                   (b"ic09", 512), (b"ic10", 1024)]:
    png = open(f"tokentap-{size}.png", "rb").read()
    entries += code + struct.pack(">I", len(png) + 8) + png
open("tokentap.icns", "wb").write(b"icns" + struct.pack(">I", len(entries) + 8) + entries)
PY
