// What do the most and least tileable vectors show? Re-renders the K highest- and lowest-scoring vectors of a
// `vectors rank` run (from their provenance), replicated, and lets the demo segmenter label them: per group the
// class shares of all pixels and how uniform each image is (share of its majority class).
// Usage: node --import tsx docs/results/activation-vectors/classes.ts CONFIG RANK_DIR K OUT.json
import { readFileSync, writeFileSync } from 'node:fs';
import { loadConfig } from '../../../src/engine/config/load';
import { stackImages } from '../../../src/engine/runtime/image';
import { openGeneratorParts } from '../../../src/engine/vectors/parts';
import { loadVectorSetup } from '../../../src/engine/vectors/setup';
import { vectorAt } from '../../../src/engine/vectors/sample';
import { visualizeVectors } from '../../../src/engine/vectors/visualize';
import { openSegmenter } from '../../../src/engine/paint/segmenter';

interface Scored {
  rank: number;
  score: number;
  latentSeed: number;
  position: [number, number];
}

const CLASSES = ['background', 'stroma', 'epithelium', 'tumour'];

async function main(): Promise<void> {
  const [cfgFile, rankDir, kArg, out] = process.argv.slice(2);
  const config = loadConfig(cfgFile!);
  const k = Number(kArg);
  const file = JSON.parse(readFileSync(`${rankDir}/scores.json`, 'utf8')) as { tensor: string; scores: Scored[] };
  const scores = file.scores;
  const parts = await openGeneratorParts(await loadVectorSetup(config, file.tensor));
  const seg = await openSegmenter(config.extractor);
  const group = async (xs: Scored[]) => {
    const { layerX } = await parts.generate(xs.map((x) => x.latentSeed));
    const items = xs.map((x, i) => ({ vector: vectorAt(layerX, i, x.position[0], x.position[1]), baseSeed: x.latentSeed }));
    const imgs = await visualizeVectors(parts, items, { grids: [0] });
    const s = await seg.segment(stackImages(imgs.map((v) => v[0]!)));
    const plane = s.h * s.w;
    const share = new Array<number>(s.classes).fill(0);
    let uniform = 0;
    const majority = new Array<number>(s.classes).fill(0);
    for (let b = 0; b < s.n; b++) {
      const c = new Array<number>(s.classes).fill(0);
      for (let p = 0; p < plane; p++) c[s.labels[b * plane + p]!]!++;
      c.forEach((v, i) => (share[i]! += v / plane / s.n));
      const m = Math.max(...c);
      uniform += m / plane / s.n;
      majority[c.indexOf(m)]!++;
    }
    return {
      meanScore: xs.reduce((a, x) => a + x.score, 0) / xs.length,
      classShare: Object.fromEntries(share.map((v, i) => [CLASSES[i] ?? i, Number(v.toFixed(4))])),
      majorityClassCounts: Object.fromEntries(majority.map((v, i) => [CLASSES[i] ?? i, v])),
      meanMajorityShare: Number(uniform.toFixed(4)),
    };
  };
  const result = { k, n: scores.length, top: await group(scores.slice(0, k)), bottom: await group(scores.slice(-k)) };
  writeFileSync(out!, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
}

void main();
