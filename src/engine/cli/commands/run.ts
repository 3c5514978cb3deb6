import { parseArgs } from 'node:util';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import { resolveLayer } from '../../onnx/analysis';
import { analyzeModel } from '../../model/analyze';
import { readModel } from '../../onnx/io';
import { cut } from '../../onnx/surgery';
import { shapeFromValueInfo } from '../../onnx/shapes/index';
import { onnxTypeName } from '../../onnx/dtype';
import type { ModelProto } from '../../onnx/gen/onnx_pb';
import type { HostTensor } from '../../onnx/tensor';
import { readNpy, writeNpy } from '../../runtime/npy';
import { openSession } from '../../runtime/session';
import { PROVIDER_CHOICES, isProviderChoice } from '../../runtime/providers';
import { badInput, formatShape } from '../../util/errors';
import { intFlag } from '../shared/options';

const usage = `gan-lens run <model.onnx> --input NAME=file.npy ... [--output TENSOR ...] --out DIR [--provider cpu|cuda|webgpu|auto] [--threads N]

Runs the model on .npy inputs and writes each requested tensor as DIR/<safe name>.npy. Outputs may be graph outputs
or any intermediate tensor, by tensor name, readable name or alias (see \`gan-lens layers\`); only the part of the
graph they need runs. Default: all graph outputs. A model with one input also takes --input file.npy.`;

/** A file name for a tensor: `layer1.2.relu_2` stays, `/layer1/Relu_output_0` → `layer1_Relu_output_0`. */
export function safeName(name: string): string {
  const s = name.replace(/^[/\\]+/, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  return s.length ? s.slice(0, 200) : 'tensor';
}

interface Declared {
  name: string;
  dtype: string;
  shape: (number | string)[] | null;
}

function declaredInputs(m: ModelProto): Declared[] {
  const g = m.graph!;
  const inits = new Set(g.initializer.map((t) => t.name));
  return g.input
    .filter((i) => !inits.has(i.name))
    .map((i) => {
      const t = shapeFromValueInfo(i);
      return { name: i.name, dtype: t ? onnxTypeName(t.elemType) : 'unknown', shape: t?.shape ?? null };
    });
}

/** Checks an .npy tensor against a model input: dtype, rank and every static dimension. */
function checkFeed(input: Declared, t: HostTensor, file: string): void {
  const hint = (what: string): string => `Save ${what} (np.save) and pass it again.`;
  if (input.dtype !== 'unknown' && t.dtype !== input.dtype) {
    throw badInput(`${file} holds ${t.dtype} data but input '${input.name}' takes ${input.dtype}.`, {
      file,
      tensor: input.name,
      shape: t.dims,
      hint: hint(`x.astype(np.${input.dtype === 'float32' ? 'float32' : input.dtype})`),
    });
  }
  if (!input.shape) return;
  const wrongRank = t.dims.length !== input.shape.length;
  const wrongDim = !wrongRank && input.shape.some((d, i) => typeof d === 'number' && d !== t.dims[i]);
  if (wrongRank || wrongDim) {
    throw badInput(`${file} has shape ${formatShape(t.dims)} but input '${input.name}' takes ${formatShape(input.shape)}.`, {
      file,
      tensor: input.name,
      shape: t.dims,
      hint: hint(`an array of shape ${formatShape(input.shape)} (named dimensions such as batch may have any size)`),
    });
  }
}

function parseFeeds(specs: string[], inputs: Declared[], modelFile: string): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    let name: string;
    let file: string;
    if (eq > 0) [name, file] = [spec.slice(0, eq), spec.slice(eq + 1)];
    else if (inputs.length === 1) [name, file] = [inputs[0]!.name, spec];
    else {
      throw badInput(`--input '${spec}' names no input; the model has ${inputs.length}: ${inputs.map((i) => i.name).join(', ')}.`, {
        hint: 'Write --input NAME=file.npy.',
      });
    }
    const input = inputs.find((i) => i.name === name);
    if (!input) {
      throw badInput(`${modelFile} has no input '${name}'. Its inputs: ${inputs.map((i) => `${i.name} ${formatShape(i.shape ?? [])}`).join(', ')}.`, {
        file: modelFile,
        tensor: name,
      });
    }
    const t = readNpy(file);
    checkFeed(input, t, resolve(file));
    feeds[name] = t;
  }
  return feeds;
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'Run a model on .npy inputs and save any tensors (outputs or intermediate layers) as .npy.',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        input: { type: 'string', multiple: true },
        output: { type: 'string', multiple: true },
        out: { type: 'string' },
        provider: { type: 'string' },
        threads: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw badInput('gan-lens run needs exactly one model file.', { hint: usage.split('\n')[0] });
    if (!values.out) throw badInput('gan-lens run needs --out DIR.', { hint: usage.split('\n')[0] });
    const provider = values.provider ?? 'cpu';
    if (!isProviderChoice(provider)) throw badInput(`--provider '${values.provider}' is not one of ${PROVIDER_CHOICES.join(', ')}.`);
    const threads = intFlag('threads', values.threads, 0) ?? 0;
    const outDir = resolve(values.out);
    if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw badInput(`--out ${outDir} exists and is not a folder.`);

    const file = positionals[0]!;
    const model = readModel(file);
    const inputs = declaredInputs(model);
    const feeds = parseFeeds(values.input ?? [], inputs, file);

    const graphOutputs = model.graph!.output.map((o) => o.name);
    const requested = values.output?.length ? values.output : graphOutputs;
    const analysis = await analyzeModel(model, { file, probe: false });
    const inputNames = new Set(inputs.map((i) => i.name));
    const tensors = requested.map((r) => (graphOutputs.includes(r) || inputNames.has(r) ? r : resolveLayer(analysis, r).tensor));

    const sub = cut(model, [...new Set(tensors)]);
    const session = await openSession(sub, { provider, threads });
    if (session.provider.reason) io.err(`note: ${session.provider.reason}; running on ${session.provider.active}.`);
    const missing = session.inputNames.filter((n) => !(n in feeds));
    if (missing.length) {
      throw badInput(`Computing ${requested.join(', ')} needs input${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`, {
        file,
        tensor: missing[0],
        hint: missing.map((n) => `--input ${n}=file.npy`).join(' '),
      });
    }
    const used = Object.fromEntries(Object.entries(feeds).filter(([k]) => session.inputNames.includes(k)));
    const result = await session.run(used, [...new Set(tensors)]);
    mkdirSync(outDir, { recursive: true });
    const written = new Set<string>();
    requested.forEach((r, i) => {
      let name = safeName(r);
      while (written.has(name)) name = `${name}_`;
      written.add(name);
      const path = join(outDir, `${name}.npy`);
      const t = result[tensors[i]!]!;
      writeNpy(path, t);
      io.out(`${path}  ${t.dtype} ${formatShape(t.dims)}${tensors[i] !== r ? `  (${tensors[i]})` : ''}`);
    });
  },
};
