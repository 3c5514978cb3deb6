#!/usr/bin/env bash
# Installs what the full test suite needs beyond npm ci, idempotently:
#  - Debian packages: PyTorch (CPU) + torchvision + onnx for the parity tests and training scripts, slurm-wlm + munge
#    for the sweep tests (a real one-node Slurm: scripts/slurm/local-cluster.sh),
#    OpenBLAS (otherwise torch runs on the reference BLAS), Chromium for webview/e2e tests, libkrb5-dev for code-server.
#  - The offline VS Code workbench for the end-to-end tests (code-server on Node 24, from the npm registry).
set -euo pipefail
cd "$(dirname "$0")/.."
pkgs=(python3-torch python3-torchvision python3-onnx python3-numpy libopenblas0-pthread chromium libkrb5-dev slurm-wlm munge)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi
# WebGPU tests (test/engine/runtime/webgpu.test.ts) need a Vulkan adapter; without a GPU that is Mesa's lavapipe.
# Debian 12's Mesa 22.3.6 lavapipe gives onnxruntime "No supported adapters"; Mesa 25 from bookworm-backports works.
# Backports are pinned below the main suites by apt (NotAutomatic), so adding the suite changes nothing else.
if grep -q '^VERSION_CODENAME=bookworm' /etc/os-release 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    # Same mirror as the machine's main Debian suite (deb822 .sources or a one-line sources.list).
    uri="$(awk '/^URIs:/{u=$2} /^Suites:/{for(i=2;i<=NF;i++) if($i=="bookworm"){print u; exit}}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
    [ -n "$uri" ] || uri="$(awk '$1=="deb" && $3=="bookworm"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
    if [ -z "$uri" ]; then
      echo "setup: cannot find the Debian mirror of this machine's apt sources; skipping Mesa from bookworm-backports" >&2
    else
      echo "setup: adding the bookworm-backports apt suite (for Mesa 25 lavapipe)"
      printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' "$uri" \
        | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
      $SUDO apt-get update -q
    fi
  fi
  mesa="$(dpkg-query -W -f='${Version}' mesa-vulkan-drivers 2>/dev/null || true)"
  if [ -z "$mesa" ] || dpkg --compare-versions "$mesa" lt 25; then
    echo "setup: installing mesa-vulkan-drivers from bookworm-backports (installed: ${mesa:-none})"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q -t bookworm-backports mesa-vulkan-drivers
  fi
fi
if [ -x scripts/e2e/setup.sh ] || [ -f scripts/e2e/setup.sh ]; then
  bash scripts/e2e/setup.sh
fi
echo "setup: done"
