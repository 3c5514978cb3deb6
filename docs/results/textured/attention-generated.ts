// Attention segmentation without inversion: on N generated samples of each generator, the self-attention map of the
// sample itself (no h* to find, so nothing is lost to reconstruction error) clustered exactly as `gan-lens segment`
// does (D = 1 − (A + Aᵀ)/2, average linkage, k = 8/20/40), and the colour baseline on the same image, both scored by
// ARI against the demo segmenter's labels of that image (the extractor: 96 % mIoU on real tiles) — how much tissue
// structure the attention carries by itself, next to the `segment` numbers on inverted validation tiles.
// Usage: node --import tsx docs/results/textured/attention-generated.ts N OUT.json CONFIG...
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../../../src/engine/config/load';
import { loadGenerator } from '../../../src/engine/generator/load';
import { generatorFeeds, planGeneratorInputs } from '../../../src/engine/generator/feeds';
import { cut } from '../../../src/engine/onnx/surgery';
import { openSession } from '../../../src/engine/runtime/session';
import { SeededRandom } from '../../../src/engine/util/random';
import { openSegmenter } from '../../../src/engine/paint/segmenter';
import { attentionOnQueryGrid, clusterDissimilarity, dissimilarity, squareGrids, upsampleLabels } from '../../../src/engine/geninv/cluster';
import { adjustedRandIndex } from '../../../src/engine/geninv/scores';
import { attentionSelectivity } from '../../../src/engine/geninv/selectivity';

const KS = [8, 20, 40];

function colourDissimilarity(img: Float32Array, H: number, W: number, h: number, w: number): Float64Array {
  const n = h * w;
  const rgb = new Float64Array(n * 3);
  const count = new Float64Array(n);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const cell = Math.floor((y * h) / H) * w + Math.floor((x * w) / W);
      count[cell]!++;
      for (let c = 0; c < 3; c++) rgb[cell * 3 + c]! += img[(c * H + y) * W + x]!;
    }
  }
  for (let i = 0; i < n * 3; i++) rgb[i]! /= count[Math.floor(i / 3)]!;
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) d[i * n + j] = Math.hypot(rgb[i * 3]! - rgb[j * 3]!, rgb[i * 3 + 1]! - rgb[j * 3 + 1]!, rgb[i * 3 + 2]! - rgb[j * 3 + 2]!);
  return d;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

async function main(): Promise<void> {
  const [nArg, out, ...configs] = process.argv.slice(2);
  const n = Number(nArg);
  const rows = [];
  for (const file of configs) {
    const config = loadConfig(file);
    const { model, analysis } = await loadGenerator(config);
    const att = analysis.layers.find((l) => l.op === 'Softmax')!;
    const output = config.generator.output.name ?? analysis.summary.outputs[0]!.name;
    const s = await openSession(cut(model, [att.tensor, output]));
    const plans = planGeneratorInputs(s.inputNames, '', analysis.summary.inputs, config.generator, config.generator.model);
    const r = await s.run(generatorFeeds(plans, n, new SeededRandom(2024), config.generator.noise.mode), [att.tensor, output]);
    const a = r[att.tensor]!;
    const img = r[output]!;
    const [lo, hi] = config.generator.output.range;
    const unit = new Float32Array((img.data as Float32Array).length);
    (img.data as Float32Array).forEach((v, i) => (unit[i] = Math.min(1, Math.max(0, (v - lo) / (hi - lo)))));
    const [, , H, W] = img.dims as number[];
    const seg = await openSegmenter(config.extractor);
    const labels = (await seg.segment({ dtype: 'float32', dims: img.dims, data: unit })).labels;
    const [, nq, nk] = a.dims as [number, number, number];
    const grid = squareGrids(nq, nk);
    const scores: Record<string, { attention: number[]; colour: number[] }> = Object.fromEntries(KS.map((k) => [k, { attention: [], colour: [] }]));
    for (let i = 0; i < n; i++) {
      const truth = labels.subarray(i * H! * W!, (i + 1) * H! * W!);
      const sq = attentionOnQueryGrid((a.data as Float32Array).subarray(i * nq * nk, (i + 1) * nq * nk), grid);
      const byK = clusterDissimilarity(dissimilarity(sq, nq), nq, KS);
      const col = clusterDissimilarity(colourDissimilarity(unit.subarray(i * 3 * H! * W!, (i + 1) * 3 * H! * W!), H!, W!, grid.query[0], grid.query[1]), nq, KS);
      for (const k of KS) {
        scores[k]!.attention.push(adjustedRandIndex(upsampleLabels(byK.get(k)!, grid.query, [H!, W!]), truth));
        scores[k]!.colour.push(adjustedRandIndex(upsampleLabels(col.get(k)!, grid.query, [H!, W!]), truth));
      }
    }
    const row = {
      config: file,
      generator: config.generator.model.split('/').pop(),
      attention: att.tensor,
      selectivity: attentionSelectivity(a.data as Float32Array, nk),
      images: n,
      ari: Object.fromEntries(KS.map((k) => [k, { attention: mean(scores[k]!.attention), colour: mean(scores[k]!.colour) }])),
    };
    rows.push(row);
    console.log(`${row.generator}: row entropy ${row.selectivity.meanRowEntropy.toFixed(3)} (uniform ${row.selectivity.uniformEntropy.toFixed(3)}); ${KS.map((k) => `k=${k} ARI attention ${row.ari[k]!.attention.toFixed(3)} colour ${row.ari[k]!.colour.toFixed(3)}`).join('; ')}`);
  }
  writeFileSync(out!, `${JSON.stringify({ truth: 'the config extractor\'s argmax labels of each generated image', zSeed: 2024, ks: KS, generators: rows }, null, 2)}\n`);
}

void main();
