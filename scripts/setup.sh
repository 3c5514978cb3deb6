#!/usr/bin/env bash
# Installs what the full test suite needs beyond npm ci, idempotently:
#  - Debian packages: PyTorch (CPU) + torchvision + onnx for the parity tests and training scripts,
#    OpenBLAS (otherwise torch runs on the reference BLAS), Chromium for webview/e2e tests, libkrb5-dev for code-server.
#  - The offline VS Code workbench for the end-to-end tests (code-server on Node 24, from the npm registry).
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(python3-torch python3-torchvision python3-onnx python3-numpy libopenblas0-pthread chromium libkrb5-dev)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
if [ -x scripts/e2e/setup.sh ] || [ -f scripts/e2e/setup.sh ]; then
  bash scripts/e2e/setup.sh
fi
echo "setup: done"
