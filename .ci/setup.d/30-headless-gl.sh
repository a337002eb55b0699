#!/usr/bin/env bash
# System packages for headless-gl (the npm package `gl`, GPU.js's headlessgl mode): its source build
# needs the X input, GLU and GLEW headers and pkg-config; its tests need Xvfb for a display. The
# build itself runs after `pnpm install` (.ci/post-install.d/30-headless-gl.sh): gl's own install
# script would first try to download a prebuilt binary, and pnpm does not run it.
set -euo pipefail
missing=()
for pkg in libxi-dev libglu1-mesa-dev libglew-dev pkg-config xvfb xauth; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi
