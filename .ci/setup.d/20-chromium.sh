#!/usr/bin/env bash
# Debian's Chromium for the browser tests (GPU.js on WebGL2 through SwiftShader, tfjs-webgl). Driven
# by playwright-core with executablePath /usr/bin/chromium; no browser is downloaded at install time.
set -euo pipefail
command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y --no-install-recommends chromium)
