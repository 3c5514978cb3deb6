/** stitch/runs: trained stitch runs under a config's output folder (run.json + a checkpoint), best first. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StitchRunsParams, StitchRunSummary } from '../../../protocol/stitch';
import { workspaceConfig } from './workspace-config';
import type { EngineState } from '../state';

const M = 'stitch/runs';
const MAX_DEPTH = 2;

function runAt(dir: string): StitchRunSummary | undefined {
  const runFile = join(dir, 'run.json');
  if (!existsSync(runFile) || !existsSync(join(dir, 'checkpoints'))) return undefined;
  try {
    const run = JSON.parse(readFileSync(runFile, 'utf8')) as { pair: StitchRunSummary['pair'] };
    const metricsFile = join(dir, 'metrics.json');
    const m = existsSync(metricsFile)
      ? (JSON.parse(readFileSync(metricsFile, 'utf8')) as { epochs?: { epoch: number; valCosine: number }[]; bestEpoch?: number | null })
      : {};
    const epochs = m.epochs ?? [];
    const best = epochs.find((e) => e.epoch === m.bestEpoch) ?? epochs[epochs.length - 1];
    return { dir, pair: run.pair, epochs: epochs.length, ...(best ? { cosine: best.valCosine } : {}) };
  } catch {
    return undefined;
  }
}

export function findRuns(root: string, depth = 0): StitchRunSummary[] {
  if (!existsSync(root)) return [];
  const here = runAt(root);
  if (here) return [here];
  if (depth >= MAX_DEPTH) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .flatMap((d) => findRuns(join(root, d.name), depth + 1));
}

export function stitchRuns(state: EngineState) {
  return async (params: StitchRunsParams): Promise<StitchRunSummary[]> => {
    const config = workspaceConfig(state, M, params.config);
    return findRuns(config.output).sort((a, b) => (b.cosine ?? -2) - (a.cosine ?? -2));
  };
}
