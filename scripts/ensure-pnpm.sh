# Sourced by scripts/demo and .ci/run: puts the repository's pnpm (package.json `packageManager`)
# on PATH, installing it with npm where it is missing or another version. corepack's signature
# check fails on these machines; npm's install works. Where the global prefix is not writable (no
# root), pnpm goes to a prefix inside the repository (.tools/, git-ignored) instead.
PNPM_VERSION=10.34.9
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "== installing pnpm $PNPM_VERSION"
  if npm install --global --no-audit --no-fund "pnpm@$PNPM_VERSION"; then
    # The global bin directory is not on every PATH (e.g. a user-level npm prefix).
    export PATH="$(npm prefix --global)/bin:$PATH"
  else
    npm install --prefix "$PWD/.tools" --no-audit --no-fund "pnpm@$PNPM_VERSION"
    export PATH="$PWD/.tools/node_modules/.bin:$PATH"
  fi
  pnpm --version >/dev/null
fi
