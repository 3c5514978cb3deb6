// "distribution": "mapping": a generator exported with a w input samples w through the mapping network, exactly as
// the same network exported with its z input does.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../../src/engine/config/load';
import { loadGenerator, MAPPING_PREFIX } from '../../../src/engine/generator/load';
import { generatorFeeds, planGeneratorInputs } from '../../../src/engine/generator/feeds';
import { clearSessionCache, openSession } from '../../../src/engine/runtime/session';
import { writeModel } from '../../../src/engine/onnx/io';
import { SeededRandom } from '../../../src/engine/util/random';
import { isGanLensError } from '../../../src/engine/util/errors';
import { tinyStyleGenerator } from '../../helpers/generators';

const dir = mkdtempSync(join(tmpdir(), 'gan-lens-mapping-'));
after(async () => {
  await clearSessionCache();
  rmSync(dir, { recursive: true, force: true });
});
writeModel(join(dir, 'g-w.onnx'), tinyStyleGenerator({ latent: 'w' }));
writeModel(join(dir, 'g-z.onnx'), tinyStyleGenerator({ latent: 'z' }));

const config = (latent: Record<string, unknown>) =>
  parseConfig(JSON.stringify({ extractor: { model: 'x.onnx' }, generator: { model: 'g-w.onnx', latents: [{ input: 'w', shape: [8], ...latent }] } }), join(dir, 'c.ganlens.json'));

test('w is sampled through the mapping network: the w export then draws the images the z export draws', async () => {
  const cfg = config({ distribution: 'mapping', mapping: 'g-z.onnx' });
  const gen = await loadGenerator(cfg);
  assert.deepEqual(gen.analysis.summary.inputs.map((i) => [i.name, i.role, i.shape]), [[`${MAPPING_PREFIX}z`, 'latent', ['N', 8]]]);
  assert.deepEqual(gen.declared.analysis.summary.inputs.map((i) => i.name), ['w']); // the config checks see the export itself
  // generator layers keep their names and sampling distances
  assert.equal(gen.analysis.layers.find((l) => l.aliases.includes('synthesis.b8'))?.samplingDistance, 0);

  const plans = planGeneratorInputs(gen.analysis.summary.inputs.map((i) => i.name), '', gen.analysis.summary.inputs, cfg.generator, cfg.generator.model);
  const feeds = generatorFeeds(plans, 3, new SeededRandom(7), 'const');
  const z = feeds[`${MAPPING_PREFIX}z`]!;
  const viaMapping = (await (await openSession(gen.model)).run(feeds)).image!;
  const zExport = (await (await openSession(tinyStyleGenerator({ latent: 'z' }))).run({ z })).image!;
  assert.deepEqual(viaMapping.dims, [3, 3, 8, 8]);
  const a = viaMapping.data as Float32Array;
  const b = zExport.data as Float32Array;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  assert.ok(diff < 1e-5, `max |Δ| ${diff}`);
  // and not what feeding N(0, 1) straight into w gives
  const direct = (await (await openSession(tinyStyleGenerator({ latent: 'w' }))).run({ w: z })).image!.data as Float32Array;
  assert.ok(direct.some((v, i) => Math.abs(v - a[i]!) > 1e-3));
});

test('a mapping latent without a usable mapping model is refused at its key', async () => {
  for (const [latent, pattern] of [
    [{ distribution: 'mapping' }, /\/generator\/latents\/0\/mapping: "distribution": "mapping" needs "mapping"/],
    [{ distribution: 'mapping', mapping: 'nope.onnx' }, /\/generator\/latents\/0\/mapping: .*nope\.onnx does not exist/],
  ] as const) {
    await assert.rejects(loadGenerator(config(latent)), (e: unknown) => isGanLensError(e) && e.kind === 'bad-input' && pattern.test(e.message));
  }
});
