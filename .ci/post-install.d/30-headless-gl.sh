#!/usr/bin/env bash
# Builds headless-gl (the npm package `gl`, a dependency of gpu.js) from source for the headlessgl
# conformance run (packages/backend-gpujs/src/headlessgl.test.ts). pnpm does not run gl's install
# script, which would first try prebuild-install (a binary download, not allowed here); node-gyp
# compiles it from the sources in the package against Node's headers in /usr/include/node. Needs
# the system packages of .ci/setup.d/30-headless-gl.sh. Skips the build if the binary exists.
set -euo pipefail
cd "$(dirname "$0")/../../packages/backend-gpujs"
gl_dir="$(dirname "$(node -p "require.resolve('gl/package.json', { paths: [require.resolve('gpu.js')] })")")"
if [ -f "$gl_dir/build/Release/webgl.node" ]; then
  echo "headless-gl already built in $gl_dir"
  exit 0
fi
node_gyp="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
cd "$gl_dir"
npm_config_nodedir=/usr node "$node_gyp" rebuild --jobs="$(nproc)"
