import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tinyExtractor, tinyGenerator } from '../../helpers/models';
import { writeModel } from '../../../src/engine/onnx/io';
import { loadConfig } from '../../../src/engine/config/load';
import { evaluate } from '../../../src/engine/evaluate/procedure';
import { writeReport } from '../../../src/engine/evaluate/report';
import type { EvaluationReport, MethodKind } from '../../../src/engine/evaluate/types';

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gan-lens-evaluate-'));
  writeModel(join(dir, 'extractor.onnx'), tinyExtractor());
  writeModel(join(dir, 'generator.onnx'), tinyGenerator());
  const net = { model: 'extractor.onnx', inputSize: [32, 32], mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] };
  writeFileSync(
    join(dir, 'tiny.ganlens.json'),
    JSON.stringify({
      name: 'tiny',
      extractor: net,
      generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'], mode: 'const' } },
      testNetworks: { probe: { ...net, layers: { block1: '/block1/act/Relu_output_0', block2: '/block2/act/Relu_output_0' } } },
      data: { train: { procedural: { seed: 1, count: 64, size: 32 } }, val: { procedural: { seed: 2, count: 8, size: 32 } } },
      pairs: [{ from: 'block1' }, { from: 'block2' }],
      training: { batchSize: 4, epochs: 1, samplesPerEpoch: 16, validationSize: 4, init: 'closed-form', optimizer: { lr: 0.01 } },
      evaluation: { testNetworks: ['probe'], images: 4, gd: { steps: 40, batchSize: 4 } },
    }),
  );
  return dir;
}

const cosine = (r: EvaluationReport, layer: string, kind: MethodKind): number =>
  r.layers.find((l) => l.layer === layer)!.methods.find((m) => m.kind === kind)!.metrics[0]!.cosine.mean;

test('evaluate trains missing stitches, runs every method on the same images and writes the reports', async () => {
  const dir = workspace();
  const config = loadConfig(join(dir, 'tiny.ganlens.json'));
  const messages: string[] = [];
  const e = await evaluate({ config, ganTimingRuns: 2, onProgress: (p) => messages.push(p.message) });
  const out = join(dir, 'report');
  const files = await writeReport(out, e);
  const r = files.report;
  assert.deepEqual(r.layers.map((l) => l.layer), ['block1', 'block2']);
  assert.deepEqual(r.layers.map((l) => l.shape), [[8, 16, 16], [16, 8, 8]]);
  assert.ok(existsSync(join(dir, 'runs/stitch-block1-auto/run.json')), 'the missing stitch was trained under the config output');
  for (const l of r.layers) {
    assert.deepEqual(l.methods.map((m) => m.kind), ['gan-stitch', 'gan-direct-copy', 'gd-reg', 'gd-none', 'random']);
    for (const m of l.methods) {
      assert.equal(m.metrics[0]!.cosine.n, 4);
      assert.ok(Number.isFinite(m.metrics[0]!.gram.mean));
    }
    for (const kind of ['gd-reg', 'gd-none'] as const) {
      const curve = l.methods.find((m) => m.kind === kind)!.lossCurve!;
      assert.equal(curve.length, 40);
      assert.ok(curve[39]! < 0.7 * curve[0]!, `${l.layer} ${kind}: loss ${curve[0]} → ${curve[39]}`);
    }
    // GD without regularisation is far better than random images, and the stitch beats random too.
    assert.ok(cosine(r, l.layer, 'gd-none') > cosine(r, l.layer, 'random') + 0.15, `${l.layer}: ${cosine(r, l.layer, 'gd-none')} vs ${cosine(r, l.layer, 'random')}`);
    assert.ok(cosine(r, l.layer, 'gan-stitch') > cosine(r, l.layer, 'random'));
    assert.ok(existsSync(join(out, l.grid)));
    assert.deepEqual(l.gridRows, ['original', 'GAN (stitch)', 'GAN direct copy', 'GD with reg', 'GD no reg']);
  }
  assert.equal(r.settings.ganTimingRuns, 2);
  assert.deepEqual(r.speedups.map((s) => s.versus), ['gd-reg', 'gd-none']);
  assert.ok(r.speedups.every((s) => s.min > 1 && s.min <= s.mean && s.mean <= s.max), JSON.stringify(r.speedups));
  assert.ok(messages.some((m) => m.includes('training the stitch')));

  const md = readFileSync(files.md, 'utf8');
  assert.match(md, /\| Layer \| Method \| Cosine similarity \(probe\) \| L1 loss \(probe\) \| Gram cosine \(probe\) \| Evaluation time \(4 images\) \|/);
  assert.match(md, /\| BLOCK1 \| GAN \(stitch\) \|/);
  assert.match(md, /\| BLOCK2 \| GAN \(stitch\) \|/);
  // Per layer, every metric column has a bold best value.
  const rows = md.split('## Speed')[0]!.split('\n').filter((l) => /^\| (BLOCK\d)? ?\|/.test(l) || /^\| BLOCK/.test(l));
  assert.equal(rows.length, 10);
  for (let g = 0; g < 2; g++) {
    const cols = rows.slice(g * 5, g * 5 + 5).map((l) => l.split('|').slice(3, -1));
    for (let c = 0; c < cols[0]!.length; c++) assert.ok(cols.some((row) => row[c]!.includes('**')), `layer group ${g} column ${c} has no bold entry`);
  }
  assert.match(md, /!\[cosine similarity per layer and method\]\(cosine\.svg\)/);
  assert.match(md, /!\[block1 reconstructions\]\(images\/block1\.png\)/);
  assert.match(readFileSync(join(out, 'cosine.svg'), 'utf8'), /<svg[^>]*>[\s\S]*GD no reg[\s\S]*<\/svg>/);
  const html = readFileSync(files.html, 'utf8');
  assert.match(html, /<table>[\s\S]*<b>[\s\S]*<\/table>/);
  assert.match(html, /<img src="images\/block2\.png"/);
  writeFileSync(join(tmpdir(), 'gan-lens-evaluate-last.md'), md);
  const json = JSON.parse(readFileSync(files.json, 'utf8')) as EvaluationReport;
  assert.equal(json.layers[0]!.methods[0]!.metrics[0]!.images.length, 4);
});

test('evaluate names the test network and layer it cannot compare at', async () => {
  const dir = workspace();
  const file = join(dir, 'tiny.ganlens.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { extractor: { layers?: Record<string, string> } };
  raw.extractor.layers = { deep: '/block2/act/Relu_output_0' };
  writeFileSync(file, JSON.stringify(raw));
  await assert.rejects(evaluate({ config: loadConfig(file), layers: ['deep'], methods: ['random'] }), (e: Error & { kind?: string }) => {
    assert.equal(e.kind, 'bad-input');
    assert.match(e.message, /Test network 'probe' \(.*extractor\.onnx\) has no layer 'deep'/);
    assert.match(e.message, /Add "deep": "<tensor>" to its "layers" table/);
    return true;
  });
});
