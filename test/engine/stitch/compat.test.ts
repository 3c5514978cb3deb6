import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExtractor, tinyGenerator } from '../../helpers/models';
import { writeModel } from '../../../src/engine/onnx/io';
import { main } from '../../../src/engine/cli/main';
import { runCli } from '../../helpers/cli';
import type { CompatCell } from '../../../src/engine/stitch/compat';
import { heatmapSvg } from '../../../src/engine/stitch/heatmap';

test('gan-lens compat stitches into the generator layers at distance −2..+2 and reports values relative to distance 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-compat-'));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), tinyGenerator());
  writeFileSync(
    join(dir, 'tiny.ganlens.json'),
    JSON.stringify({
      extractor: { model: 'extractor.onnx', inputSize: [32, 32] },
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'] } },
      data: { train: { procedural: { seed: 1, count: 16, size: 32 } }, val: { procedural: { seed: 2, count: 4, size: 32 } } },
      training: { batchSize: 4 },
    }),
  );
  const out = join(dir, 'compat');
  assert.equal(await main(['compat', '--config', join(dir, 'tiny.ganlens.json'), '--from', 'block1', '--samples', '8', '--validation-size', '4', '--out', out]), 0);
  const { cells } = JSON.parse(readFileSync(join(out, 'compat.json'), 'utf8')) as { cells: CompatCell[] };
  assert.deepEqual(cells.map((c) => c.column), ['-2', '-1', '0', '+1', '+2']);
  const zero = cells.find((c) => c.offset === 0)!;
  assert.equal(zero.relativeCosine, 1);
  assert.equal(zero.relativeL1, 1);
  assert.equal(zero.to, 'up0.conv');
  // The tiny generator has nothing 3 up-samplings from its output, nor beyond its output.
  assert.equal(cells.find((c) => c.offset === -2)!.cosine, null);
  assert.match(cells.find((c) => c.offset === -2)!.note!, /no convolutional layer 3 up-samplings/);
  assert.equal(cells.find((c) => c.offset === 2)!.cosine, null);
  for (const c of cells.filter((c) => c.offset === 1 || c.offset === -1)) assert.ok(c.relativeCosine! > 0 && c.relativeL1! > 0);
  for (const f of ['compat-cosine.svg', 'compat-cosine.png', 'compat-l1.svg', 'compat-l1.png']) assert.ok(existsSync(join(out, f)), f);
});

test('heat map SVG labels rows, columns and values, greys out missing cells', () => {
  const svg = heatmapSvg({ title: 'T', rowLabels: ['layer1'], colLabels: ['-1', '0'], values: [[0.5, null]] });
  assert.match(svg, />layer1</);
  assert.match(svg, />0\.50</);
  assert.match(svg, />n\/a</);
});

test('gan-lens compat exits 2 and says why when no cell can be computed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-compat-none-'));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), tinyGenerator());
  writeFileSync(
    join(dir, 'tiny.ganlens.json'),
    JSON.stringify({
      extractor: { model: 'extractor.onnx', inputSize: [32, 32] },
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'] } },
      data: { train: { procedural: { seed: 1, count: 16, size: 32 } }, val: { procedural: { seed: 2, count: 4, size: 32 } } },
    }),
  );
  // 'fc' has no spatial size, so 'auto' has nothing to pair it with at any offset
  const r = await runCli(['compat', '--config', join(dir, 'tiny.ganlens.json'), '--from', 'fc', '--samples', '8', '--out', join(dir, 'out')]);
  assert.equal(r.code, 2);
  const text = r.stderr;
  assert.match(text, /compat could not stitch any pair of .*tiny\.ganlens\.json/);
  assert.match(text, /\n  Layer 'logits' of .*extractor\.onnx has shape \[N, 10\]; stitching needs an NCHW activation/);
});
