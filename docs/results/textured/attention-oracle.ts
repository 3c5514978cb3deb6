// What the paper's clustering can do with a perfect attention map: on validation tiles, A is built from the true
// mask on the 32×32 query grid (a row spreads its weight uniformly over the cells of its own class, plus a seeded
// 1e-6 jitter to break ties), then clustered exactly as `gan-lens segment` does (D = 1 − (A + Aᵀ)/2, average linkage)
// and scored by ARI against the full-resolution mask. It bounds the attention rows of `segment` from above: where even
// this oracle stays below the colour baseline at a k, no attention map can beat colour there.
// Usage: node --import tsx docs/results/textured/attention-oracle.ts MASKS_DIR N OUT.json
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { clusterDissimilarity, dissimilarity, upsampleLabels } from '../../../src/engine/geninv/cluster';
import { adjustedRandIndex } from '../../../src/engine/geninv/scores';
import { SeededRandom } from '../../../src/engine/util/random';

const KS = [8, 20, 40];
const G = 32;

async function main(): Promise<void> {
  const [dir, nArg, out] = process.argv.slice(2);
  const files = readdirSync(dir!).filter((f) => f.endsWith('.png')).sort().slice(0, Number(nArg));
  const ari: Record<number, number[]> = Object.fromEntries(KS.map((k) => [k, []]));
  const rng = new SeededRandom(0);
  for (const f of files) {
    const r = await sharp(join(dir!, f)).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    const [H, W] = [r.info.height, r.info.width];
    const truth = Uint8Array.from(r.data);
    // Majority label per grid cell.
    const cell = new Int32Array(G * G);
    for (let gy = 0; gy < G; gy++) {
      for (let gx = 0; gx < G; gx++) {
        const count = new Map<number, number>();
        for (let y = Math.floor((gy * H) / G); y < Math.floor(((gy + 1) * H) / G); y++) for (let x = Math.floor((gx * W) / G); x < Math.floor(((gx + 1) * W) / G); x++) count.set(truth[y * W + x]!, (count.get(truth[y * W + x]!) ?? 0) + 1);
        cell[gy * G + gx] = [...count].sort((a, b) => b[1] - a[1])[0]![0];
      }
    }
    const n = G * G;
    const size = new Map<number, number>();
    cell.forEach((l) => size.set(l, (size.get(l) ?? 0) + 1));
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (cell[i] === cell[j] ? 1 / size.get(cell[i]!)! : 0) + 1e-6 * rng.next();
    const byK = clusterDissimilarity(dissimilarity(a, n), n, KS);
    for (const k of KS) ari[k]!.push(adjustedRandIndex(upsampleLabels(byK.get(k)!, [G, G], [H, W]), truth));
  }
  const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
  const res = { masks: dir, tiles: files.length, grid: [G, G], ari: Object.fromEntries(KS.map((k) => [k, mean(ari[k]!)])) };
  writeFileSync(out!, `${JSON.stringify(res, null, 2)}\n`);
  console.log(KS.map((k) => `k=${k}: oracle-attention ARI ${res.ari[k]!.toFixed(3)}`).join('; '));
}

void main();
