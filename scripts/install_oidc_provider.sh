#!/usr/bin/env bash
# Install the test OpenID provider (panva/oidc-provider, pinned in
# tests/oidc_provider/package-lock.json) for the OIDC tests. Idempotent:
# does nothing when node_modules matches the lock file.
set -euo pipefail
cd "$(dirname "$0")/../tests/oidc_provider"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "install_oidc_provider: node and npm are needed (Node 20)" >&2
    exit 1
fi
stamp=node_modules/.bti-lock.sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$wanted" && -d node_modules/oidc-provider ]]; then
    exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
echo "$wanted" > "$stamp"
echo "install_oidc_provider: oidc-provider $(node -p "require('./node_modules/oidc-provider/package.json').version") installed"
