/**
 * The real provider probes: does onnxruntime load the CUDA provider, does WebGPU find an adapter? Each opens and
 * runs a one-node model. CUDA is first checked on disk, since a missing library makes onnxruntime print a native
 * error on every attempt.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ort } from './ort';
import type { ProviderProbes } from './provider-select';
import type { ProviderAvailability } from './providers';
import { conciseOrtError } from './ort-errors';
import { graph, model, node, valueInfo } from '../onnx/builder';
import { serializeModel } from '../onnx/io';

/** Where onnxruntime-node keeps its native libraries (and where it looks for provider libraries). */
export function ortNativeDir(): string {
  const pkg = require.resolve('onnxruntime-node/package.json');
  return join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
}

export function cudaProviderLibrary(): string {
  return process.platform === 'win32' ? 'onnxruntime_providers_cuda.dll' : 'libonnxruntime_providers_cuda.so';
}

let reluModel: Uint8Array | undefined;
function probeModel(): Uint8Array {
  reluModel ??= serializeModel(
    model(graph({ name: 'provider_probe', nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', 'float32', [2])], outputs: [valueInfo('y', 'float32', [2])] })),
  );
  return reluModel;
}

async function runsOn(provider: 'cuda' | 'webgpu'): Promise<ProviderAvailability> {
  try {
    const s = await ort.InferenceSession.create(probeModel(), { executionProviders: [provider], logSeverityLevel: 3 });
    try {
      const out = await s.run({ x: new ort.Tensor('float32', Float32Array.from([-1, 2]), [2]) });
      const y = out['y']!.data as Float32Array;
      if (y[0] !== 0 || y[1] !== 2) return { ok: false, why: `a test run gave wrong values (${Array.from(y).join(', ')})` };
    } finally {
      await s.release();
    }
    return { ok: true };
  } catch (e) {
    const why = conciseOrtError(e instanceof Error ? e.message : String(e));
    return { ok: false, why: /No supported adapters|Failed to get a WebGPU adapter/i.test(why) ? `no adapter (${why})` : why };
  }
}

/**
 * Linux: a GPU shows up as a DRM render node or an NVIDIA device file; without one, any WebGPU adapter is a software
 * rasteriser (Mesa lavapipe). Other platforms are assumed to have a hardware adapter when one is found.
 */
function hasGpuDevice(): boolean {
  if (process.platform !== 'linux') return true;
  if (existsSync('/dev/nvidia0') || existsSync('/dev/dxg')) return true;
  try {
    return readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  } catch {
    return false;
  }
}

export const ortProbes: ProviderProbes = {
  async cuda() {
    if (process.platform === 'darwin') return { ok: false, why: 'onnxruntime has no CUDA provider on macOS' };
    const dir = ortNativeDir();
    const lib = join(dir, cudaProviderLibrary());
    if (!existsSync(lib)) {
      const shown = relative(process.cwd(), dir);
      return { ok: false, why: `${cudaProviderLibrary()} not found in ${shown.startsWith('..') ? dir : shown} (docs/gpu.md says how to install it)` };
    }
    return runsOn('cuda');
  },
  async webgpu() {
    const a = await runsOn('webgpu');
    return a.ok && !hasGpuDevice() ? { ok: true, software: true } : a;
  },
};
