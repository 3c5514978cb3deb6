#!/usr/bin/env bash
# Re-creates every result in this folder from the demo world (CPU; about 15 minutes on 2 shared cores).
# Run from the repository root:  bash docs/results/activation-vectors/reproduce.sh
set -euo pipefail
OUT=docs/results/activation-vectors
CFG=${CFG:-demo/demo.ganlens.json}
GL="node --import tsx src/engine/cli/main.ts"
# The vector library lives in this folder's workspace: $OUT/.ganlens/vectors/demo
WS="--workspace $OUT --library demo"
rm -rf "$OUT/.ganlens"

# 1. Tileability ranking of 2048 vectors at blocks.1 (16×16, the paper's b16), judged at extractor layer2.
nice $GL vectors rank --config $CFG --layer blocks.1 --n 2048 --seed 0 --feature-layer layer2 --top 8 --out $OUT/rank
#    What the 64 most / least tileable vectors show, as labelled by the demo segmenter.
nice node --import tsx $OUT/classes.ts $CFG $OUT/rank 64 $OUT/rank/classes.json

# 2. A library of 256 sampled vectors; the tumour vector is the one whose replicated image the demo segmenter
#    labels tumour (class 3) most confidently.
nice $GL vectors sample --config $CFG --layer blocks.1 --n 256 --seed 1 $WS
nice $GL vectors pick --config $CFG $WS --class 3 --as tumour
#    The same on the grid-2 visualisation, for painting on a grid.
nice $GL vectors pick --config $CFG $WS --class 3 --grid 2 --as tumour-grid
nice $GL vectors visualize --config $CFG $WS --vectors tumour,tumour-grid --grids 0,1,2,3,4,5 --out $OUT/tumour

# 3. Painting 100 random tumour masks (blobs, stripes, regions), judged by the demo segmenter.
nice $GL paint-batch --config $CFG --n 100 --seed 0 --palette $OUT/tumour-palette.json --workspace $OUT --evaluate extractor --unpainted --out /tmp/gan-lens-paint-batch
cp /tmp/gan-lens-paint-batch/agreement.json $OUT/paint-agreement.json
node --import tsx $OUT/examples.ts /tmp/gan-lens-paint-batch $OUT/paint-examples.png
#    The same masks painted on a grid of 2 (white cells keep the sample's activations).
nice $GL paint-batch --config $CFG --n 100 --seed 0 --palette $OUT/tumour-grid-palette.json --workspace $OUT --evaluate extractor --unpainted --out /tmp/gan-lens-paint-batch-grid
cp /tmp/gan-lens-paint-batch-grid/agreement.json $OUT/paint-grid-agreement.json
node --import tsx $OUT/examples.ts /tmp/gan-lens-paint-batch-grid $OUT/paint-grid-examples.png

# 4. The appendix experiment (Fig. 9): grid sizes 0..5, 8 targets × 3 repeats, 60 Adam steps.
nice $GL vectors appendix --config $CFG --layer blocks.1 --feature-layer layer2 --n 8 --repeats 3 --steps 60 --seed 0 --out $OUT/appendix
