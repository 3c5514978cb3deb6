import { parseArgs } from 'node:util';
import type { CliCommand } from '../command';
import { analyzeModel } from '../../model/analyze';
import type { LayerInfo, ModelAnalysis } from '../../../protocol/model';
import { badInput, formatShape } from '../../util/errors';

const usage = `gan-lens layers <model.onnx> [--json] [--input-size H,W] [--no-probe] [--all]

Lists every intermediate tensor of the model: readable name, module aliases, producing op, shape, spatial size and
sampling distance (extractors: down-samplings from the image input; generators: up-samplings still to come before
the output). Shapes come from static inference, else from a probing run through onnxruntime (batch shown as N).
Tensors computed from weights alone (torch's \`onnx::Conv_123\` Identity copies) are left out unless --all.

  --json              print the whole analysis as JSON
  --input-size H,W    analyse the image input at this size (default: its static size, else 224,224)
  --no-probe          never run the model; shapes static inference cannot find stay unknown
  --all               also list tensors computed from weights alone`;

/** "224", "224,224" or "224x320" → [H, W]. */
function parseInputSize(text: string): [number, number] {
  const parts = text.split(/[,x×]/).map((s) => s.trim());
  const nums = parts.map(Number);
  if ((nums.length === 1 || nums.length === 2) && nums.every((n) => Number.isInteger(n) && n > 0)) {
    return nums.length === 1 ? [nums[0]!, nums[0]!] : [nums[0]!, nums[1]!];
  }
  throw badInput(`--input-size '${text}' is not a size.`, { hint: 'Give H,W (e.g. --input-size 224,224) or one number for a square.' });
}

function shapeText(shape: LayerInfo['shape']): string {
  return shape ? formatShape(shape) : '?';
}

function formatTable(a: ModelAnalysis, options: { all?: boolean } = {}): string[] {
  const s = a.summary;
  const lines = [
    `${s.file}`,
    `  kind ${s.kind}, ${s.nodeCount} nodes, ${s.parameterCount.toLocaleString('en-US')} parameters, ` +
      `opset ${s.opsets.map((o) => (o.domain === 'ai.onnx' ? `${o.version}` : `${o.domain} ${o.version}`)).join(', ')}` +
      (s.producer ? `, from ${s.producer}` : ''),
    ...s.inputs.map((i) => `  input  ${i.name} ${i.dtype} ${formatShape(i.shape)} (${i.role})`),
    ...s.outputs.map((o) => `  output ${o.name} ${o.dtype} ${shapeText(o.shape)}`),
    '',
  ];
  const header = ['name', 'aliases', 'op', 'shape', 'spatial', 'dist'];
  const shown = options.all ? a.layers : a.layers.filter((l) => !l.constant);
  const rows = shown.map((l) => [
    l.name,
    l.aliases.join(' '),
    l.op,
    shapeText(l.shape) + (l.shapeSource === 'probe' ? '*' : ''),
    l.spatial ? `${l.spatial[0]}×${l.spatial[1]}` : '',
    l.samplingDistance === null ? '' : String(l.samplingDistance),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  lines.push(fmt(header), ...rows.map(fmt));
  if (shown.some((l) => l.shapeSource === 'probe')) lines.push('', '* shape measured by a probing run');
  const hidden = a.layers.length - shown.length;
  if (hidden > 0) lines.push(`(${hidden} tensor${hidden === 1 ? '' : 's'} computed from weights alone not shown; --all lists them)`);
  for (const w of a.warnings ?? []) lines.push(`warning: ${w}`);
  return lines;
}

export const layersCommand: CliCommand = {
  name: 'layers',
  summary: 'List the layers of an ONNX model: names, aliases, ops, shapes, sampling distances.',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, 'input-size': { type: 'string' }, 'no-probe': { type: 'boolean' }, all: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1) throw badInput('gan-lens layers needs exactly one model file.', { hint: usage.split('\n')[0] });
    const analysis = await analyzeModel(positionals[0]!, {
      inputSize: values['input-size'] ? parseInputSize(values['input-size']) : undefined,
      probe: !values['no-probe'],
    });
    const all = values.all ?? false;
    const shown: ModelAnalysis = all ? analysis : { ...analysis, layers: analysis.layers.filter((l) => !l.constant) };
    if (values.json) io.out(JSON.stringify(shown, null, 1));
    else for (const line of formatTable(analysis, { all })) io.out(line);
  },
};
