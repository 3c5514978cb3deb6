import { parseArgs } from 'node:util';
import { KINDS } from '../../sweep/kinds/index';
import { planSweep } from '../../sweep/plan';
import { SWEEP_KINDS, type SweepKind } from '../../sweep/types';
import { badInput } from '../../util/errors';
import type { CliIO } from '../command';
import { sessionFlags, sessionOptions } from '../shared/options';
import { configFlags, requireConfig } from '../shared/config-flags';

const kindFlags = Object.assign({}, ...Object.values(KINDS).map((k) => k.flags)) as Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>;

export async function sweepPlan(argv: string[], io: CliIO): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { ...configFlags, kind: { type: 'string' }, out: { type: 'string' }, ...sessionFlags, ...kindFlags },
    strict: true,
  });
  const config = requireConfig('sweep plan', values);
  if (!values.out) throw badInput('sweep plan needs --out RUN (the sweep folder; on a file system every node shares).');
  const kind = values.kind as SweepKind | undefined;
  if (!kind || !SWEEP_KINDS.includes(kind)) throw badInput(`--kind ${values.kind ?? '(missing)'}: choose one of ${SWEEP_KINDS.join(', ')}.`);
  const foreign = Object.keys(values).filter((k) => k in kindFlags && !(k in KINDS[kind].flags));
  if (foreign.length) throw badInput(`--${foreign[0]} does not apply to --kind ${kind}.\n${KINDS[kind].usage}`);
  // Items run side by side, so each gets one onnxruntime thread unless told otherwise; fixed here for reproducibility.
  const s = sessionOptions({ provider: values.provider as string | undefined, threads: (values.threads as string | undefined) ?? '1' });
  const { run, plan } = planSweep(config, kind, values.out as string, { provider: s.provider ?? 'cpu', threads: s.threads ?? 1 }, values);
  for (const item of plan.items) io.out(`  ${String(item.index).padStart(3)}  ${item.id}`);
  io.out(`Planned ${plan.items.length} ${kind} item(s) in ${run}/sweep.json (config hash ${plan.configHash.slice(0, 12)}).`);
  io.out(`Run them: gan-lens sweep run ${run} --scheduler local|slurm`);
}
