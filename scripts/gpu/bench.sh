#!/usr/bin/env bash
# The GPU benchmark on the lent GPU machine (no network). Everything it lacks comes from .gpu-carry/ (built here by
# scripts/gpu/prepare.sh), one part per device call, staged under $STAGE until all parts are there:
#   bash scripts/gpu/bench.sh status            what the machine has (GPU, node, CUDA libraries, Vulkan, staged parts)
#   bash scripts/gpu/bench.sh stage             keep the parts this call carried (.gpu-carry/part-NN)
#   bash scripts/gpu/bench.sh run [bench args]  stage, unpack, run the GAN Lens benchmark (scripts/gpu/bench.ts)
#   bash scripts/gpu/bench.sh torch [args]      PyTorch eager reference on the same GPU (scripts/gpu/torch_reference.py)
# Results go to $OUT (the device tool's output folder) or ./.gpu-results.
set -euo pipefail
cd "$(dirname "$0")/../.."
STAGE="${GANLENS_GPU_STAGE:-/tmp/gan-lens-gpu}"
RESULTS="${OUT:-$PWD/.gpu-results}"
mkdir -p "$STAGE/parts" "$RESULTS"
cmd="${1:-status}"; shift || true

stage_parts() {
  [ -f .gpu-carry/payload.sha256 ] && cp .gpu-carry/payload.sha256 .gpu-carry/payload.parts "$STAGE/parts/"
  for p in .gpu-carry/part-*; do
    [ -e "$p" ] || continue
    cp "$p" "$STAGE/parts/" && echo "staged $(basename "$p") ($(du -h "$p" | cut -f1))"
  done
  local have want
  have="$(ls "$STAGE"/parts/part-* 2>/dev/null | wc -l | tr -d ' ')"
  want="$(cat "$STAGE/parts/payload.parts" 2>/dev/null || echo '?')"
  echo "parts staged: $have of $want"
}

cuda_lib_path() {
  # The image's PyTorch brings CUDA 13 user-space libraries as pip packages (nvidia-cublas, nvidia-cuda-runtime, ...);
  # look there first, then in the usual system folders.
  local roots dirs=""
  roots="$(python3 -c 'import nvidia, os; print(" ".join(nvidia.__path__))' 2>/dev/null || true)"
  roots="$roots $(ls -d /usr/local/cuda*/lib64 /usr/local/cuda*/targets/x86_64-linux/lib 2>/dev/null | tr '\n' ' ') /usr/lib/x86_64-linux-gnu"
  for lib in libcudart.so.13 libcublas.so.13 libcublasLt.so.13 libcurand.so.10 libcufft.so.12 libcudnn.so.9; do
    local f=""
    for r in $roots; do
      f="$(find "$r/" -name "$lib" 2>/dev/null | head -1)"
      [ -n "$f" ] && break
    done
    if [ -n "$f" ]; then dirs="$dirs:$(dirname "$f")"; else echo "warning: $lib not found (looked in: $roots)" >&2; fi
  done
  echo "${dirs#:}" | tr ':' '\n' | awk 'NF && !seen[$0]++' | paste -sd:
}

unpack() {
  local want have
  want="$(cat "$STAGE/parts/payload.parts" 2>/dev/null || true)"
  have="$(ls "$STAGE"/parts/part-* 2>/dev/null | wc -l | tr -d ' ')"
  if [ -z "$want" ] || [ "$have" != "$want" ]; then
    echo "bench.sh: $have of ${want:-?} parts staged; carry the missing .gpu-carry/part-NN first (docs/gpu.md)" >&2
    exit 3
  fi
  if [ ! -f "$STAGE/root/.unpacked" ]; then
    cat "$STAGE"/parts/part-* > "$STAGE/payload.tar.xz"
    echo "$(cat "$STAGE/parts/payload.sha256")  $STAGE/payload.tar.xz" | sha256sum -c --quiet
    rm -rf "$STAGE/root" && mkdir -p "$STAGE/root"
    if command -v xz >/dev/null; then xz -dc "$STAGE/payload.tar.xz" | tar -C "$STAGE/root" -xf -
    else python3 -c 'import lzma,sys,tarfile; tarfile.open(fileobj=lzma.open(sys.argv[1])).extractall(sys.argv[2])' "$STAGE/payload.tar.xz" "$STAGE/root"; fi
    rm "$STAGE/payload.tar.xz"
    touch "$STAGE/root/.unpacked"
  fi
}

setup_env() {
  R="$STAGE/root"
  if command -v node >/dev/null && node -e 'process.exit(+process.versions.node.split(".")[0] < 20)'; then NODE=node; else NODE="$R/node"; chmod +x "$NODE"; fi
  export NODE_PATH="$R/node_modules"
  LD_LIBRARY_PATH="$(cuda_lib_path)${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export LD_LIBRARY_PATH
  if ! ldconfig -p | grep -q libvulkan.so.1; then
    for f in "$R"/libvulkan1_*.deb; do [ -e "$f" ] && dpkg -x "$f" / && ldconfig; done
  fi
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$icd" ] && ! ls /usr/share/vulkan/icd.d/nvidia* >/dev/null 2>&1; then export VK_DRIVER_FILES="$icd"; fi
}

case "$cmd" in
  status)
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "no nvidia-smi"
    echo "node: $(command -v node || echo none) $(node --version 2>/dev/null || true)"
    echo "python3: $(python3 -c 'import torch; print(torch.__version__, torch.version.cuda)' 2>/dev/null || echo 'no torch')"
    echo "xz: $(command -v xz || echo none)"
    echo "vulkan loader: $(ldconfig -p | grep -c libvulkan.so.1) entries"
    echo "CUDA library folders: $(cuda_lib_path)"
    stage_parts
    ;;
  stage) stage_parts ;;
  run)
    stage_parts
    unpack
    setup_env
    echo "node $("$NODE" --version), onnxruntime-node $("$NODE" -p "require('$R/node_modules/onnxruntime-node/package.json').version")"
    ls "$R"/node_modules/onnxruntime-node/bin/napi-v*/linux/x64/
    "$NODE" "$R/bench.js" --models "$R/models" --out "$RESULTS/gan-lens-bench.jsonl" "$@" 2>&1 | tee "$RESULTS/gan-lens-bench.log"
    ;;
  torch)
    PYTHONUNBUFFERED=1 python3 scripts/gpu/torch_reference.py "$@" 2>&1 | tee "$RESULTS/torch-reference.jsonl"
    ;;
  *) echo "bench.sh: unknown command $cmd (status|stage|run|torch)" >&2; exit 2 ;;
esac
