#!/usr/bin/env bash
# Re-creates the activation-vector and painting results of docs/results/textured on the noise + selective-attention
# demo generator (demo/textured.ganlens.json), with the same commands and protocol as
# docs/results/activation-vectors/reproduce.sh; generator inversion and attention segmentation: inversion.sh.
# Run from the repository root:  bash docs/results/textured/reproduce.sh   (CFG=… for another config)
set -euo pipefail
OUT=${OUT:-docs/results/textured}
CFG=${CFG:-demo/textured.ganlens.json}
RANK_N=${RANK_N:-2048}
GL="nice -n 10 node --import tsx src/engine/cli/main.ts"
TS="nice -n 10 node --import tsx"
WS="--workspace $OUT --library demo"
rm -rf "$OUT/.ganlens"

# 1. Tileability ranking of 2048 vectors at blocks.1 (16×16), judged at extractor layer2; what the 64 most / least
#    tileable show according to the demo segmenter.
$GL vectors rank --config $CFG --layer blocks.1 --n $RANK_N --seed 0 --feature-layer layer2 --top 8 --out $OUT/rank
$TS docs/results/activation-vectors/classes.ts $CFG $OUT/rank 64 $OUT/rank/classes.json

# 2. A library of 256 sampled vectors (seed 1) named by the segmenter, one per class (the score of `vectors pick`),
#    and their visualisations: replicated (grid 0) and grid-masked (grids 1-5), the white cells from their own sample.
$GL vectors starter --config $CFG $WS --layer blocks.1 --n 256 --seed 1 --classes background,stroma,epithelium,tumour
$GL vectors list --config $CFG $WS > $OUT/library.txt
$GL vectors visualize --config $CFG $WS --vectors tumour,stroma,background,epithelium --grids 0,1,2,3,4,5 --out $OUT/vectors

# 3. Painting 100 random masks (blobs, stripes, regions; seed 0), judged by the demo segmenter: tumour only (the
#    protocol of docs/results/activation-vectors), then every class (each region a random class).
for P in tumour classes; do
  $GL paint-batch --config $CFG --n 100 --seed 0 --palette $OUT/palette-$P.json --workspace $OUT --evaluate extractor --unpainted --out /tmp/gan-lens-textured-$P
  cp /tmp/gan-lens-textured-$P/agreement.json $OUT/paint-$P-agreement.json
  $TS docs/results/activation-vectors/examples.ts /tmp/gan-lens-textured-$P $OUT/paint-$P-examples.png
  # Texture: per-pixel std inside painted regions vs real validation tiles of the class.
  $TS docs/results/textured/texture-std.ts /tmp/gan-lens-textured-$P demo/data/val $OUT/paint-$P-std.json
done
