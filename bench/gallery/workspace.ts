/**
 * A demo-world workspace for the editor benchmarks: a temporary copy of demo.ganlens.json over demo/models when the
 * trained extractor and generator exist, else over untrained demo-architecture models (exported once with python3-torch; timing depends on the
 * architecture, not the weights) and the demo validation tiles. Stitch runs per layer are trained briefly in-process
 * (random init, a few steps) when missing; a vector library at blocks.1 is sampled when missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/engine/config/load';
import type { GanLensConfig } from '../../src/engine/config/types';
import { trainStitch } from '../../src/engine/stitch/train';
import { findRuns } from '../../src/engine/server/features/stitch-runs';
import { libraryDir, listLibraries, updateLibrary } from '../../src/engine/vectors/library';
import { loadVectorSetup } from '../../src/engine/vectors/setup';
import { openGeneratorParts } from '../../src/engine/vectors/parts';
import { libraryIdentity, sampleVectors } from '../../src/engine/vectors/sample';

const ROOT = resolve(__dirname, '..', '..');
const DEMO = join(ROOT, 'demo');
const SCRATCH = process.env.GANLENS_BENCH_WORKSPACE ?? '/tmp/ganlens-bench-demo';

export interface BenchWorkspace {
  config: GanLensConfig;
  trained: boolean;
  runs: { layer: string; dir: string }[];
}

/** A scratch workspace (runs and the vector library land there, not in demo/) over the demo models, or untrained ones. */
function workspaceConfig(): { file: string; trained: boolean } {
  const trained = existsSync(join(DEMO, 'models', 'generator.onnx')) && existsSync(join(DEMO, 'models', 'extractor.onnx'));
  const scratch = trained ? `${SCRATCH}-trained` : SCRATCH;
  mkdirSync(scratch, { recursive: true });
  const models = join(scratch, 'models');
  if (trained) {
    if (!existsSync(models)) symlinkSync(join(DEMO, 'models'), models);
  } else if (!existsSync(join(models, 'generator.onnx'))) {
    const r = spawnSync('/usr/bin/python3', [join(__dirname, 'export-untrained-demo.py'), models], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('Exporting the untrained demo-architecture models failed (python3-torch needed).');
  }
  if (!existsSync(join(scratch, 'data'))) symlinkSync(join(DEMO, 'data'), join(scratch, 'data'));
  const file = join(scratch, 'demo.ganlens.json');
  const raw = JSON.parse(readFileSync(join(DEMO, 'demo.ganlens.json'), 'utf8')) as Record<string, unknown>;
  delete raw.$schema;
  raw.testNetworks = {};
  raw.evaluation = { testNetworks: [], images: 8 };
  writeFileSync(file, JSON.stringify(raw, null, 2));
  return { file, trained };
}

export async function benchWorkspace(): Promise<BenchWorkspace> {
  const { file, trained } = workspaceConfig();
  const config = loadConfig(file);
  for (const pair of config.pairs) {
    if (findRuns(config.output).some((r) => r.pair.from === pair.from)) continue;
    console.log(`training a short stitch for ${pair.from} (benchmark fixture)…`);
    await trainStitch({ config, pair, outDir: join(config.output, `bench-stitch-${pair.from}`), epochs: 1, samplesPerEpoch: 16, validationSize: 8, init: 'random' });
  }
  const runs = config.pairs.map((p) => ({ layer: p.from, dir: findRuns(config.output).find((r) => r.pair.from === p.from)!.dir }));
  if (listLibraries(config.dir).length === 0) {
    const setup = await loadVectorSetup(config, 'blocks.1');
    const parts = await openGeneratorParts(setup, {});
    const vs = await sampleVectors(parts, { n: 4, seed: 1 });
    mkdirSync(libraryDir(config.dir, 'default'), { recursive: true });
    await updateLibrary(libraryDir(config.dir, 'default'), libraryIdentity(setup), (lib) => vs.forEach((s) => lib.add(s.vector, { provenance: s.provenance })));
  }
  return { config, trained, runs };
}
