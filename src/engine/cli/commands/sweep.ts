import { parseArgs } from 'node:util';
import type { CliCommand, CliIO } from '../command';
import { intFlag } from '../shared/options';
import { KINDS } from '../../sweep/kinds/index';
import { runSweepItem } from '../../sweep/item';
import { mergeSweep } from '../../sweep/merge';
import { badInput } from '../../util/errors';
import { sweepPlan } from './sweep-plan';
import { sweepRetry, sweepRun } from './sweep-run';
import { sweepCancel, sweepStatus } from './sweep-status';
import { SCHEDULER_USAGE } from './sweep-flags';

const usage = `gan-lens sweep plan --config C.ganlens.json --kind stitch|evaluate|compat --out RUN [kind flags] [--provider P] [--threads N]
gan-lens sweep run RUN ${SCHEDULER_USAGE}
gan-lens sweep status RUN [--json]
gan-lens sweep cancel RUN
gan-lens sweep retry RUN [scheduler flags: default, those of the last run]
gan-lens sweep merge RUN [--out DIR]
gan-lens sweep item RUN --index I        (what each local worker and Slurm array task runs)

Splits a job into independent, deterministic items (fixed seeds per item) and runs them in a local pool of K
processes or as one Slurm array job (task i = item i) with a merge job after it. Items skip when done, write their
outputs atomically, resume from their checkpoints and record their host, pid and Slurm job/task id. RUN must be on a
file system all nodes share. merge writes what the single-machine command writes (stitch: merged/stitch-runs.json
and the run folders; evaluate: merged/report.json/md/html; compat: merged/compat.json and heat maps) and refuses,
naming them, while items are incomplete.
Threads default to 1 per item. See docs/cluster.md.

${Object.values(KINDS).map((k) => k.usage).join('\n')}`;

async function sweepItem(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: { index: { type: 'string' } }, allowPositionals: true, strict: true });
  const index = intFlag('index', values.index, 0);
  if (!positionals[0] || index === undefined) throw badInput('sweep item needs RUN and --index I.');
  // Slurm's scancel and preemption send SIGTERM: stop at the next step, with the checkpoint written.
  const controller = new AbortController();
  const forward = (): void => controller.abort();
  io.signal.addEventListener('abort', forward);
  process.once('SIGTERM', forward);
  try {
    await runSweepItem(positionals[0], index, { signal: controller.signal, log: io.err });
  } finally {
    process.removeListener('SIGTERM', forward);
  }
}

async function sweepMerge(argv: string[], io: CliIO): Promise<void> {
  const { values, positionals } = parseArgs({ args: argv, options: { out: { type: 'string' } }, allowPositionals: true, strict: true });
  if (!positionals[0]) throw badInput('sweep merge needs RUN.');
  const r = await mergeSweep(positionals[0], { ...(values.out ? { out: values.out } : {}), log: io.err });
  io.out(`Merged into ${r.dir}:\n${r.files.map((f) => `  ${f}`).join('\n')}`);
}

const SUB: Record<string, (argv: string[], io: CliIO) => Promise<void>> = {
  plan: sweepPlan,
  run: sweepRun,
  item: sweepItem,
  status: sweepStatus,
  cancel: sweepCancel,
  retry: sweepRetry,
  merge: sweepMerge,
};

export const sweepCommand: CliCommand = {
  name: 'sweep',
  summary: 'Split evaluate, stitch pairs or compat cells into work items; run them in a local pool or as Slurm job arrays; merge',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const f = sub ? SUB[sub] : undefined;
    if (!f) throw badInput(`sweep ${sub ?? ''}: choose one of ${Object.keys(SUB).join(', ')}.\n\n${usage}`);
    // `sweep run` on the local scheduler is interrupted by SIGTERM too (sweep cancel sends it).
    if (sub === 'run' || sub === 'retry') {
      const controller = new AbortController();
      const forward = (): void => controller.abort();
      io.signal.addEventListener('abort', forward);
      process.once('SIGTERM', forward);
      try {
        await f(rest, { ...io, signal: controller.signal });
      } finally {
        process.removeListener('SIGTERM', forward);
      }
      return;
    }
    await f(rest, io);
  },
};
