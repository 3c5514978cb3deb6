#!/usr/bin/env bash
# Regenerates docs/results/generator-inversion from the demo world (CPU; about 35 minutes on 2 cores, see
# docs/generator-inversion.md). Work folders go to $WORK (default .test-output/geninv-demo, ignored by git); the figures and numbers
# that the docs cite are copied into this folder.
set -euo pipefail
cd "$(dirname "$0")/../../.."
WORK=${WORK:-.test-output/geninv-demo}
OUT=${OUT:-docs/results/generator-inversion}
CLI="nice -n 10 node --import tsx src/engine/cli/main.ts"
CFG=${CFG:-demo/wide.ganlens.json}   # the BigGAN-shaped demo generator (dense layer 1024×4²)
IMAGES=${IMAGES:-demo/data/val/images}
REAL=${REAL:-32}       # validation tiles to invert
GEN=${GEN:-16}         # generated images to invert (the z-recovery check)
STEPS_Z=${STEPS_Z:-300}   # Adam steps of the latent stage
EXPLORE=${EXPLORE:-50}    # of which every one of RESTARTS starting points runs the first EXPLORE
RESTARTS=${RESTARTS:-16}
STEPS_D=${STEPS_D:-2000}  # graph evaluations of the layer stage
DELTA_OPT=${DELTA_OPT:-adam}   # or lbfgs (OWL-QN); measured against each other in docs/generator-inversion.md
LAMBDA_DELTA=${LAMBDA_DELTA:-1e-8}
LAYER=${LAYER:-fc}        # the dense layer's output after its ReLU (see docs/generator-inversion.md)
COMMON="--config $CFG --layer $LAYER --feature-layer layer3 --lambda-feat ${LAMBDA_FEAT:-0.01} --steps-z $STEPS_Z --restarts $RESTARTS --explore-steps $EXPLORE --steps-delta $STEPS_D --delta-optimizer $DELTA_OPT --lambda-delta $LAMBDA_DELTA --lr-delta ${LR_DELTA:-0.1} --batch 8 --seed 0 ${EXTRA:-}"

$CLI invert-generator $COMMON --generated "$GEN" --out "$WORK/generated"
$CLI invert-generator $COMMON --images "$IMAGES" --limit "$REAL" --compare "$WORK/generated" --out "$WORK/real"
$CLI interpolate --config $CFG --inversion "$WORK/real" --limit 4 --random 2 --steps 8 --out "$WORK/interpolation"
$CLI segment --config $CFG --inversion "$WORK/real" --k 8,20,40 --masks "${MASKS:-demo/data/val/masks}" --out "$WORK/segmentation"

mkdir -p "$OUT"
cp "$WORK/real/fig5-errors.svg" "$WORK/real/fig5-errors.json" "$OUT/"
cp "$WORK/generated/grid.png" "$OUT/generated-grid.png"
cp "$WORK/real/grid.png" "$OUT/real-grid.png"
cp "$WORK/generated/inversion.json" "$OUT/generated-inversion.json"
cp "$WORK/real/inversion.json" "$OUT/real-inversion.json"
cp "$WORK/segmentation/segmentation.json" "$OUT/segmentation.json"
for f in $(ls "$WORK/segmentation"/*.png | head -4); do cp "$f" "$OUT/segment-$(basename "$f")"; done
for f in $(ls "$WORK/interpolation"/gap_*.png | head -1) $(ls "$WORK/interpolation"/pair_*.png | head -1) $(ls "$WORK/interpolation"/random_*.png | head -1); do
  cp "$f" "$OUT/interp-$(basename "$f")"
done
echo "Copied figures and numbers to $OUT"
