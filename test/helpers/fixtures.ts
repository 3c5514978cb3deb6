/**
 * PyTorch-made fixtures for the parity suite, exported once into .test-output/fixtures/<script>-<hash>/ (keyed by the
 * export script's content) with Debian's /usr/bin/python3. Fails loudly when torch is missing.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

/** Debian's python with python3-torch; GAN_LENS_PYTHON overrides it (used to check the failure message). */
export const PYTHON = process.env.GAN_LENS_PYTHON ?? '/usr/bin/python3';
const ROOT = resolve(__dirname, '../..');
const CACHE = join(ROOT, '.test-output', 'fixtures');

let checked = false;

/** Throws with the install command when /usr/bin/python3 cannot import torch, torchvision and onnx. */
export function requireTorch(): void {
  if (checked) return;
  const r = spawnSync(PYTHON, ['-c', 'import torch, torchvision, onnx, numpy, PIL'], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) {
    throw new Error(
      `The parity suite needs PyTorch: ${PYTHON} cannot import torch, torchvision, onnx, numpy and PIL` +
        ` (${(r.error?.message ?? r.stderr ?? '').trim().split('\n').pop() || `exit status ${r.status}`}).\n` +
        '  Install them with: apt-get install python3-torch python3-torchvision python3-onnx',
    );
  }
  checked = true;
}

/** Runs scripts/python/<script> --out DIR once per script content; returns DIR. */
export function pythonFixture(script: string, extraArgs: string[] = []): string {
  requireTorch();
  const path = join(ROOT, 'scripts', 'python', script);
  const hash = createHash('sha256').update(readFileSync(path)).update(extraArgs.join('\0')).digest('hex').slice(0, 12);
  const dir = join(CACHE, `${basename(script, '.py')}-${hash}`);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  mkdirSync(CACHE, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  const r = spawnSync('nice', ['-n', '5', PYTHON, path, '--out', tmp, ...extraArgs], {
    encoding: 'utf8',
    timeout: 15 * 60_000,
    env: { ...process.env, OMP_NUM_THREADS: '2' },
  });
  if (r.status !== 0) throw new Error(`${script} failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-3000)}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return dir;
}

export interface TorchModelFixture {
  name: string;
  file: string;
  input: string;
  inputShape: number[];
  output: string;
  refs: { module: string; shape: number[]; file: string }[];
}

export interface TorchFixtures {
  dir: string;
  models: Record<string, TorchModelFixture & { path: string; refDir: string }>;
}

/** torchvision resnet50, resnet34, vgg19_bn and a small DCGAN generator with PyTorch's activations. */
export function torchvisionFixtures(): TorchFixtures {
  const dir = pythonFixture('export_torchvision.py');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { models: TorchModelFixture[] };
  const models: TorchFixtures['models'] = {};
  for (const m of manifest.models) models[m.name] = { ...m, path: join(dir, m.file), refDir: join(dir, m.name) };
  return { dir, models };
}
