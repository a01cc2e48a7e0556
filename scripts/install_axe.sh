#!/usr/bin/env bash
# Install axe-core (pinned in tests/axe/package-lock.json) for the
# accessibility journeys in tests/test_browser_axe.py, which inject
# node_modules/axe-core/axe.min.js into pages. Idempotent: does nothing when
# node_modules matches the lock file. No CDN at test time.
set -euo pipefail
cd "$(dirname "$0")/../tests/axe"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "install_axe: node and npm are needed (Node 20)" >&2
    exit 1
fi
stamp=node_modules/.bti-lock.sha256
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$wanted" && -f node_modules/axe-core/axe.min.js ]]; then
    exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
echo "$wanted" > "$stamp"
echo "install_axe: axe-core $(node -p "require('./node_modules/axe-core/package.json').version") installed"
