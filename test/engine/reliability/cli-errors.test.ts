import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeModel } from '../../../src/engine/onnx/io';
import { randomF32, tinyExtractor, tinyGenerator } from '../../helpers/models';
import { writeNpy } from '../../../src/engine/runtime/npy';
import { captureCli } from './capture';

const dir = mkdtempSync(join(tmpdir(), 'gan-lens-clierr-'));
const extractor = join(dir, 'extractor.onnx');
writeModel(extractor, tinyExtractor());
writeModel(join(dir, 'generator.onnx'), tinyGenerator());
const config = join(dir, 'tiny.ganlens.json');
const base = {
  extractor: { model: 'extractor.onnx', inputSize: [32, 32] },
  generator: { model: 'generator.onnx', latents: [{ input: 'z', shape: [16] }], noise: { inputs: ['noise'], mode: 'random' } },
  data: { train: { procedural: { seed: 1, count: 8, size: 32 } }, val: { procedural: { seed: 2, count: 4, size: 32 } } },
  pairs: [{ from: 'block1' }],
};
writeFileSync(config, JSON.stringify(base));
writeFileSync(join(dir, 'a-file'), 'x');

async function expectBadInput(argv: string[], re: RegExp): Promise<void> {
  const r = await captureCli(argv);
  assert.equal(r.code, 2, `${argv.join(' ')}\n${r.stderr}`);
  assert.match(r.stderr, re, argv.join(' '));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
}

test('file-system mistakes on user paths exit 2 naming the path and what to do', async () => {
  await expectBadInput(['stitch', '--config', dir], /is a folder, not a \*\.ganlens\.json file/);
  await expectBadInput(['stitch', '--config', config, '--out', join(dir, 'a-file')], /a-file is an existing file, not a folder/);
  await expectBadInput(['stitch', '--config', config, '--out', join(dir, 'a-file', 'sub')], /cannot be created: .*a-file is a file, not a folder/);
  await expectBadInput(['stitch', '--config', config, '--out', '/proc/gan-lens-run'], /inside \/proc, a system folder/);
  await expectBadInput(['reconstruct', '--run', dir, '--images', join(dir, 'a-file'), '--out', join(dir, 'r')], /./);
  const run = join(dir, 'run');
  mkdirSync(run);
  writeFileSync(join(run, 'run.json'), '{"config": "x", "pa');
  await expectBadInput(['reconstruct', '--run', run, '--out', join(dir, 'r')], /run\.json is not valid JSON[\s\S]*--overwrite/);
  writeFileSync(join(dir, 'val-file.ganlens.json'), JSON.stringify({ ...base, data: { ...base.data, val: { folder: 'a-file' } } }));
  await expectBadInput(['stitch', '--config', join(dir, 'val-file.ganlens.json')], /\/data\/val\/folder: .*a-file is a file, not a folder/);
});

test('sizes and numbers are bounded at the boundary', async () => {
  await expectBadInput(['stitch', '--config', config, '--threads', '99999'], /--threads 99999 must be an integer from 0 to 256/);
  await expectBadInput(['stitch', '--config', config, '--epochs', 'Infinity'], /--epochs Infinity must be an integer/);
  await expectBadInput(['invert-gd', '--model', extractor, '--layer', 'block1', '--images', dir, '--reg', 'none', '--out', join(dir, 'g'), '--lr', 'Infinity'], /--lr Infinity must be a finite number/);
  await expectBadInput(['invert-gd', '--model', extractor, '--layer', 'block1', '--images', dir, '--reg', 'none', '--out', join(dir, 'g'), '--std', '0,0,0'], /--std 0,0,0 must be three positive numbers/);
  await expectBadInput(['paint', '--config', config, '--mask', 'm.png', '--palette', 'p.json', '--variations', '100000', '--out', join(dir, 'p')], /--variations 100000 must be an integer from 1 to 16/);
  for (const [key, value, re] of [
    ['procedural', { ...base.data, train: { procedural: { seed: 1, count: 8, size: 100000 } } }, /size: must be <= 4096/],
  ] as const) {
    writeFileSync(join(dir, `${key}.ganlens.json`), JSON.stringify({ ...base, data: value }));
    await expectBadInput(['stitch', '--config', join(dir, `${key}.ganlens.json`)], re);
  }
  writeFileSync(join(dir, 'latent.ganlens.json'), JSON.stringify({ ...base, generator: { ...base.generator, latents: [{ input: 'z', shape: [1e9] }] } }));
  await expectBadInput(['stitch', '--config', join(dir, 'latent.ganlens.json')], /shape\/0: must be <= 65536/);
  writeFileSync(join(dir, 'latent2.ganlens.json'), JSON.stringify({ ...base, generator: { ...base.generator, latents: [{ input: 'z', shape: [65536, 65536] }] } }));
  await expectBadInput(['stitch', '--config', join(dir, 'latent2.ganlens.json')], /\/generator\/latents\/0\/shape \[65536, 65536\] has 4294967296 values per image/);
  writeFileSync(join(dir, 'batch.ganlens.json'), JSON.stringify({ ...base, training: { batchSize: 1000000 } }));
  await expectBadInput(['stitch', '--config', join(dir, 'batch.ganlens.json')], /batchSize: must be <= 1024/);
  writeFileSync(join(dir, 'lr.ganlens.json'), JSON.stringify({ ...base, training: { optimizer: { lr: 1e308 } } }));
  await expectBadInput(['stitch', '--config', join(dir, 'lr.ganlens.json')], /lr: must be <= 1000/);
});

test('grad with a target of the wrong shape names the file, its shape and the tensor, without ANSI codes', async () => {
  writeNpy(join(dir, 'x.npy'), randomF32([1, 3, 32, 32], 1));
  writeNpy(join(dir, 'wrong-target.npy'), randomF32([1, 3, 3, 3], 2));
  const r = await captureCli(['grad', extractor, '--at', 'block1', '--loss', 'l1', '--target', join(dir, 'wrong-target.npy'), '--input', `image=${join(dir, 'x.npy')}`, '--wrt', 'image', '--out', join(dir, 'grad-out')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /--target .*wrong-target\.npy is \[1, 3, 3, 3\]; it must have the shape of tensor/);
  assert.doesNotMatch(r.stderr, /\u001b\[/);
});

test('a closed pipe (`gan-lens layers m.onnx | head`) ends quietly with exit 0', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/engine/cli/main.ts', 'layers', extractor], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|\n\s+at /);
});
