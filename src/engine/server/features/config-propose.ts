/** config/propose and config/generators: the editor's way to a first config (what `gan-lens init` does). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigGeneratorsParams, ConfigProposeParams, ConfigProposeResult, GeneratorCandidate } from '../../../protocol/config';
import { generatorProblem, proposeConfig } from '../../config/propose';
import { isWithin } from '../../config/paths';
import { analyzeModel } from '../../model/analyze';
import { writeFileAtomic } from '../../util/atomic';
import { badInput } from '../../util/errors';
import type { EngineState } from '../state';
import { absolutePath, requireTrusted } from './guards';

const M = 'config/propose';
const MAX_FILES = 200;

function inside(state: EngineState, method: string, key: string, path: string): void {
  if (state.roots && !state.roots.some((r) => isWithin(path, r))) {
    throw badInput(`${method}: '${key}' ${path} is outside the workspace.`, { file: path, hint: 'Pick files inside the workspace, or add their folder to the setting ganLens.allowedPaths.' });
  }
}

export function configPropose(state: EngineState) {
  return async (p: ConfigProposeParams): Promise<ConfigProposeResult> => {
    requireTrusted(state, M);
    const file = absolutePath(M, 'file', p.file, false);
    const paths = { extractor: absolutePath(M, 'extractor', p.extractor), generator: absolutePath(M, 'generator', p.generator), images: absolutePath(M, 'images', p.images) };
    for (const [k, v] of Object.entries({ file, ...paths })) inside(state, M, k, v);
    if (p.write && existsSync(file)) throw badInput(`${M}: ${file} exists.`, { file, hint: 'Choose another name; the existing config stays as it is.' });
    const r = await proposeConfig({ configFile: file, ...paths, ...(typeof p.layer === 'string' ? { layer: p.layer } : {}), ...(p.mean ? { mean: p.mean } : {}), ...(p.std ? { std: p.std } : {}) });
    if (p.write) writeFileAtomic(file, `${JSON.stringify(r.json, null, 2)}\n`);
    return { config: r.json, notes: r.notes, written: p.write === true };
  };
}

function onnxFiles(dir: string, out: string[], depth = 0): string[] {
  if (depth > 6 || out.length >= MAX_FILES) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) onnxFiles(p, out, depth + 1);
    else if (e.name.endsWith('.onnx')) out.push(p);
  }
  return out;
}

export function configGenerators(state: EngineState) {
  return async (p: ConfigGeneratorsParams): Promise<GeneratorCandidate[]> => {
    if (p.role !== undefined && p.role !== 'generator' && p.role !== 'extractor') throw badInput(`config/generators: 'role' must be 'generator' or 'extractor', not ${JSON.stringify(p.role)}.`);
    const folder = absolutePath('config/generators', 'folder', p.folder);
    inside(state, 'config/generators', 'folder', folder);
    if (!statSync(folder).isDirectory()) throw badInput(`config/generators: ${folder} is not a folder.`);
    const found: GeneratorCandidate[] = [];
    for (const f of onnxFiles(folder, [])) {
      try {
        // Structure only (no onnxruntime run): inputs, roles and output shapes.
        const a = await analyzeModel(f, { probe: false });
        if (p.role === 'extractor') {
          const img = a.summary.inputs.find((i) => i.role === 'image');
          const o = a.summary.outputs[0];
          if (img && generatorProblem(a)) found.push({ file: f, summary: `${img.name} [${img.shape.slice(1).join(', ')}] → ${o ? `${o.name} [${(o.shape ?? []).slice(1).join(', ')}]` : '?'}` });
          continue;
        }
        if (generatorProblem(a)) continue;
        const lat = a.summary.inputs.filter((i) => i.role === 'latent').map((i) => `${i.name} [${i.shape.slice(1).join(', ')}]`).join(', ');
        const o = a.summary.outputs[0]!;
        found.push({ file: f, summary: `${lat} → ${o.name} [${(o.shape ?? []).slice(1).join(', ')}]` });
      } catch {
        // Not a readable model: not a candidate.
      }
    }
    return found;
  };
}
