// Interactive painting speed on CPU (target ≤ 100 ms per paint): a warm Painter repainting a changing mask on one
// sample, against the full generator forward from the latent (what a naive repaint would rerun), same run, same
// session options. Uses the demo generator at blocks.1 (16×16, as the paper's b16) when demo/models exists,
// otherwise the tiny test generator.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/engine/config/load';
import { writeModel } from '../src/engine/onnx/io';
import { openSession } from '../src/engine/runtime/session';
import { openGeneratorParts } from '../src/engine/vectors/parts';
import { loadVectorSetup } from '../src/engine/vectors/setup';
import { sampleVectors } from '../src/engine/vectors/sample';
import { Painter } from '../src/engine/paint/painter';
import { randomMask } from '../src/engine/paint/random-masks';
import { tinyGenerator, tinyExtractor } from '../test/helpers/models';

async function main(): Promise<void> {
  // GANLENS_BENCH_CONFIG / GANLENS_BENCH_LAYER point the benchmark at another workspace.
  let configFile = process.env.GANLENS_BENCH_CONFIG ?? join(__dirname, '..', 'demo', 'demo.ganlens.json');
  let layer = process.env.GANLENS_BENCH_LAYER ?? 'blocks.1';
  if (!process.env.GANLENS_BENCH_CONFIG && !existsSync(join(__dirname, '..', 'demo', 'models', 'generator.onnx'))) {
    const dir = mkdtempSync(join(tmpdir(), 'gan-lens-paint-bench-'));
    writeModel(join(dir, 'g.onnx'), tinyGenerator());
    writeModel(join(dir, 'x.onnx'), tinyExtractor());
    configFile = join(dir, 'tiny.ganlens.json');
    writeFileSync(configFile, JSON.stringify({ extractor: { model: 'x.onnx', inputSize: [32, 32] }, generator: { model: 'g.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'], mode: 'random' } }, pairs: [] }));
    layer = '/up0/act/Relu_output_0';
    console.log('demo/models/generator.onnx not found: benchmarking the tiny test generator instead.');
  }
  const threads = Number(process.env.GANLENS_THREADS ?? 0);
  const config = loadConfig(configFile);
  const setup = await loadVectorSetup(config, layer);
  const parts = await openGeneratorParts(setup, { threads });
  const vectors = (await sampleVectors(parts, { n: 3, seed: 1 })).map((v) => v.vector);
  const painter = Painter.open(parts);
  const [, h, w] = setup.shape;
  const masks = Array.from({ length: 16 }, (_, i) => randomMask(h * 8, w * 8, vectors.length, (['blobs', 'stripes', 'regions'] as const)[i % 3]!, i));
  const t0 = performance.now();
  await painter.paint([{ mask: masks[0]!, vectors, seed: 7 }]);
  const first = performance.now() - t0;
  const paintMs: number[] = [];
  for (let k = 0; k < 40; k++) {
    const t = performance.now();
    await painter.paint([{ mask: masks[k % masks.length]!, vectors, seed: 7 }]);
    paintMs.push(performance.now() - t);
  }
  // Reference: the whole generator from the latent, one image, same threads.
  const full = await openSession(setup.generator, { threads });
  const feeds = parts.feeds(full, [7]);
  await full.run(feeds);
  const fullMs: number[] = [];
  for (let k = 0; k < 20; k++) {
    const t = performance.now();
    await full.run(feeds);
    fullMs.push(performance.now() - t);
  }
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const p = med(paintMs);
  const f = med(fullMs);
  console.log(
    `paint (${setup.layerName} ${setup.shape.join('×')}, output ${config.generator.model.split('/').pop()}): ${p.toFixed(2)} ms per paint median ` +
      `(p90 ${[...paintMs].sort((a, b) => a - b)[Math.floor(paintMs.length * 0.9)]!.toFixed(2)} ms; first paint incl. base LayerX ${first.toFixed(1)} ms; target ≤ 100 ms). ` +
      `Full generator forward ${f.toFixed(2)} ms; paint/full ratio ${(p / f).toFixed(2)}.`,
  );
}

void main();
