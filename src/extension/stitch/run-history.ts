/** What a stitch run folder says about its training: validated epochs, their sample grids, finished or not. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { StitchEpoch } from '../../protocol/stitch';

export interface RunHistory {
  epochs: StitchEpoch[];
  /** Epoch → absolute path of samples/epoch-NNN.png, where it exists. */
  samples: Map<number, string>;
  /** run.json is written when training ends. */
  finished: boolean;
}

export function readRunHistory(outDir: string): RunHistory {
  let epochs: StitchEpoch[] = [];
  try {
    epochs = (JSON.parse(fs.readFileSync(path.join(outDir, 'metrics.json'), 'utf8')) as { epochs?: StitchEpoch[] }).epochs ?? [];
  } catch {
    epochs = []; // no metrics yet (or being rewritten): an empty history
  }
  const samples = new Map<number, string>();
  for (const e of epochs) {
    const f = path.join(outDir, 'samples', `epoch-${String(e.epoch + 1).padStart(3, '0')}.png`);
    if (fs.existsSync(f)) samples.set(e.epoch, f);
  }
  return { epochs, samples, finished: fs.existsSync(path.join(outDir, 'run.json')) };
}
