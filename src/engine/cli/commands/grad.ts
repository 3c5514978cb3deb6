import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CliCommand } from '../command';
import { readModel } from '../../onnx/io';
import { resolveLayer } from '../../onnx/analysis';
import { analyzeModel } from '../../model/analyze';
import type { ModelProto } from '../../onnx/gen/onnx_pb';
import type { HostTensor } from '../../onnx/tensor';
import { readNpy, writeNpy } from '../../runtime/npy';
import { openSession } from '../../runtime/session';
import type { ProviderChoice } from '../../runtime/providers';
import { badInput, errorMessage, formatShape } from '../../util/errors';
import { cleanOrtMessage } from '../shared/ort-message';
import { withLoss, type LossKind } from '../../losses/index';
import { buildGradient } from '../../autodiff/builder';
import { safeName } from './run';
import { intFlag } from '../shared/options';

const usage = `gan-lens grad <model.onnx> --at TENSOR --loss l1|mse|sum|cosine --target target.npy --input NAME=x.npy ... --wrt NAME ... --out DIR [--provider cpu|cuda|webgpu|auto] [--threads N]

Differentiates a loss at one tensor with respect to graph inputs or initializers, and writes DIR/loss.npy (scalar)
and DIR/grad_<safe name>.npy per --wrt. Losses: l1 = mean|T − target|, mse = mean (T − target)², sum = Σ T·target,
cosine = 1 − mean over pixels of the channel-wise cosine similarity. --at takes a tensor name, a readable layer name
or an alias (see \`gan-lens layers\`).`;

const LOSSES: LossKind[] = ['l1', 'mse', 'sum', 'cosine'];

function tensorNames(m: ModelProto): Set<string> {
  const g = m.graph!;
  return new Set([...g.input.map((i) => i.name), ...g.initializer.map((t) => t.name), ...g.node.flatMap((n) => n.output)]);
}

async function resolveAt(m: ModelProto, at: string, file: string): Promise<string> {
  if (tensorNames(m).has(at)) return at;
  const analysis = await analyzeModel(m, { file, probe: false });
  return resolveLayer(analysis, at).tensor;
}

export const gradCommand: CliCommand = {
  name: 'grad',
  summary: 'Gradient of a loss at a layer with respect to inputs or weights (.npy in, .npy out)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        at: { type: 'string' },
        loss: { type: 'string', default: 'l1' },
        target: { type: 'string' },
        input: { type: 'string', multiple: true, default: [] },
        wrt: { type: 'string', multiple: true, default: [] },
        out: { type: 'string' },
        provider: { type: 'string', default: 'cpu' },
        threads: { type: 'string', default: '0' },
      },
    });
    const file = positionals[0];
    if (!file) throw badInput('No model given.', { hint: usage.split('\n')[0] });
    if (!values.at) throw badInput('--at TENSOR is required: the tensor the loss is computed at.');
    if (!values.target) throw badInput('--target target.npy is required.');
    if (!values.out) throw badInput('--out DIR is required.');
    if (values.wrt.length === 0) throw badInput('Give at least one --wrt NAME (a graph input or an initializer).');
    const kind = values.loss as LossKind;
    if (!LOSSES.includes(kind)) throw badInput(`Unknown --loss '${values.loss}'. Choose one of ${LOSSES.join(', ')}.`);

    const m = readModel(file);
    const at = await resolveAt(m, values.at, file);
    const lm = withLoss(m, [{ kind, at, target: '__target' }]);
    const gm = buildGradient(lm.model, { loss: lm.loss, wrt: values.wrt });
    const feeds: Record<string, HostTensor> = { ...gm.promotedValues, __target: readNpy(values.target) };
    for (const spec of values.input) {
      const eq = spec.indexOf('=');
      const inputs = m.graph!.input.filter((i) => !m.graph!.initializer.some((t) => t.name === i.name));
      if (eq < 0 && inputs.length !== 1) throw badInput(`--input '${spec}' names no input.`, { hint: 'Write --input NAME=file.npy.' });
      const [name, path] = eq < 0 ? [inputs[0]!.name, spec] : [spec.slice(0, eq), spec.slice(eq + 1)];
      feeds[name] = readNpy(path);
    }
    const session = await openSession(gm.model, { provider: values.provider as ProviderChoice, threads: intFlag('threads', values.threads, 0) ?? 0 });
    if (session.provider.reason) io.err(`note: ${session.provider.reason}`);
    const used = Object.fromEntries(Object.entries(feeds).filter(([k]) => session.inputNames.includes(k)));
    const target = feeds.__target!;
    let out: Record<string, HostTensor>;
    try {
      out = await session.run(used);
    } catch (e) {
      // The model ran before on its own inputs: a failure here is the user's files (most often the target's shape).
      throw badInput(`Running ${file} with your inputs failed: ${cleanOrtMessage(errorMessage(e))}`, {
        file: values.target,
        shape: target.dims,
        hint: `--target ${values.target} is ${formatShape(target.dims)}; it must have the shape of tensor '${at}', and each --input the shape its model input declares (\`gan-lens layers ${file}\`).`,
      });
    }
    mkdirSync(values.out, { recursive: true });
    writeNpy(join(values.out, 'loss.npy'), out[gm.loss]!);
    for (const w of values.wrt) {
      const path = join(values.out, `grad_${safeName(w)}.npy`);
      writeNpy(path, out[gm.grads[w]!]!);
      io.out(path);
    }
    io.out(`loss ${Number(out[gm.loss]!.data[0])}`);
  },
};
