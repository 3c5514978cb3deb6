#!/usr/bin/env bash
# Builds .gpu-carry/ on the development machine (npm registry + apt needed) with everything the GPU machine lacks:
# node, onnxruntime-node 1.29.0 (linux-x64 binaries) with the CUDA 13 provider libraries of ORT 1.29.0 from the npm
# package com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9, libvulkan1 (for WebGPU on the NVIDIA Vulkan driver),
# the benchmark bundle and the model skeletons. The payload is split into parts small enough for one device call
# each (the working tree travels too, 64 MiB in all). docs/gpu.md says how to carry and run them.
#   bash scripts/gpu/prepare.sh [--part-mb 40] [--no-cuda]   (--no-cuda: the installed onnxruntime-node, cpu + webgpu only)
set -euo pipefail
cd "$(dirname "$0")/../.."
PART_MB=40
CUDA=1
while [ $# -gt 0 ]; do
  case "$1" in
    --part-mb) PART_MB="$2"; shift 2 ;;
    --no-cuda) CUDA=0; shift ;;
    *) echo "prepare: unknown argument $1" >&2; exit 2 ;;
  esac
done
ORT=1.29.0
CUDA_PKG=com.github.asus4.onnxruntime.linux-x64-gpu
CUDA_VER=0.4.9
C=.gpu-carry
S=$C/stage
rm -rf "$S" "$C"/part-* "$C"/payload.*
mkdir -p "$S/node_modules/onnxruntime-node" "$S/node_modules/onnxruntime-common" "$C/npm"

if [ "$CUDA" = 1 ]; then
  echo "prepare: npm packages (cached in $C/npm)"
  for spec in "onnxruntime-node@$ORT" "onnxruntime-common@$ORT" "$CUDA_PKG@$CUDA_VER"; do
    name="${spec%@*}"; ver="${spec##*@}"
    [ -f "$C/npm/$name-$ver.tgz" ] || (cd "$C/npm" && npm pack --silent "$spec" >/dev/null)
  done
  tar -xzf "$C/npm/onnxruntime-node-$ORT.tgz" -C "$S/node_modules/onnxruntime-node" --strip-components=1 \
    --wildcards 'package/package.json' 'package/dist/*' 'package/bin/napi-v*/linux/x64/*'
  tar -xzf "$C/npm/onnxruntime-common-$ORT.tgz" -C "$S/node_modules/onnxruntime-common" --strip-components=1 \
    --wildcards 'package/package.json' 'package/dist/*'
else
  # No CUDA: the project's own onnxruntime-node (cpu + webgpu), nothing downloaded.
  echo "prepare: onnxruntime-node $(node -p "require('onnxruntime-node/package.json').version") from node_modules (cpu, webgpu)"
  cp -r node_modules/onnxruntime-node/package.json node_modules/onnxruntime-node/dist "$S/node_modules/onnxruntime-node/"
  mkdir -p "$S/node_modules/onnxruntime-node/bin/napi-v6/linux"
  cp -r node_modules/onnxruntime-node/bin/napi-v6/linux/x64 "$S/node_modules/onnxruntime-node/bin/napi-v6/linux/"
  cp -r node_modules/onnxruntime-common/package.json node_modules/onnxruntime-common/dist "$S/node_modules/onnxruntime-common/"
fi
bin_dir="$(dirname "$(find "$S/node_modules/onnxruntime-node/bin" -name onnxruntime_binding.node | head -1)")"
if [ "$CUDA" = 1 ]; then
  for lib in libonnxruntime_providers_cuda.so libonnxruntime_providers_shared.so; do
    member="$(tar -tzf "$C/npm/$CUDA_PKG-$CUDA_VER.tgz" | grep -E "(^|/)$lib\$" | head -1)"
    [ -n "$member" ] || { echo "prepare: $lib not found in $CUDA_PKG@$CUDA_VER" >&2; exit 1; }
    tar -xzf "$C/npm/$CUDA_PKG-$CUDA_VER.tgz" -O "$member" > "$bin_dir/$lib"
  done
fi

echo "prepare: node $(node --version), libvulkan1, benchmark bundle, model skeletons"
cp "$(readlink -f "$(command -v node)")" "$S/node"
(cd "$S" && apt-get download -q libvulkan1 >/dev/null 2>&1) || echo "prepare: apt-get download libvulkan1 failed; WebGPU will need the device's own loader" >&2
node scripts/gpu/bundle.mjs "$S/bench.js"
if [ -f "$C/models/resnet50-stylegan2/case.json" ] && [ -f "$C/models/demo/case.json" ]; then cp -r "$C/models" "$S/models"
else nice /usr/bin/python3 scripts/gpu/export_skeletons.py --out "$S/models"; fi

echo "prepare: packing"
du -sh "$S"/* "$bin_dir"/* | sed 's/^/  /'
tar -C "$S" -cf - . | xz -T0 -6 > "$C/payload.tar.xz"
sha256sum "$C/payload.tar.xz" | awk '{print $1}' > "$C/payload.sha256"
split -b "${PART_MB}M" -d -a 2 "$C/payload.tar.xz" "$C/part-"
ls "$C"/part-* | wc -l | tr -d ' ' > "$C/payload.parts"
rm "$C/payload.tar.xz"
echo "prepare: $(cat "$C/payload.parts") part(s) of ≤ ${PART_MB} MiB in $C; carry one part per device call (docs/gpu.md)"
ls -la "$C"/part-*
