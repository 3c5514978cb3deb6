#!/usr/bin/env bash
# Generator inversion (Fig. 5 numbers) and attention segmentation at k = 8/20/40 against the true masks and the colour
# baseline, on the textured demo generator: docs/results/generator-inversion/run-demo.sh with this config and folder.
# The budgets are smaller than that run's defaults (which took 35 minutes on the BigGAN-shaped generator) so that it
# fits the 2-core machine next to training; every one can be raised through the same variables.
# Run from the repository root:  bash docs/results/textured/inversion.sh
set -euo pipefail
export CFG=${CFG:-demo/textured.ganlens.json}
export OUT=${OUT:-docs/results/textured/inversion}
export WORK=${WORK:-.test-output/geninv-textured}
export REAL=${REAL:-16} GEN=${GEN:-8} STEPS_Z=${STEPS_Z:-100} EXPLORE=${EXPLORE:-20} RESTARTS=${RESTARTS:-4} STEPS_D=${STEPS_D:-400}
bash docs/results/generator-inversion/run-demo.sh
# The same into blocks.1 (16², the layer an order of magnitude closer to the image, docs/generator-inversion.md):
# its h* reconstructs real tiles far better, so its attention maps are those of an image close to the tile.
if [ "${BLOCKS1:-1}" = 1 ]; then
  LAYER=blocks.1 OUT=$OUT-blocks1 WORK=$WORK-blocks1 bash docs/results/generator-inversion/run-demo.sh
fi
