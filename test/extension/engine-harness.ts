/** Starts the real engine process from source (through tsx) for host-side tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EngineClient } from '../../src/extension/engine/client';
import { SetTrustRequest } from '../../src/protocol/engine';
import { graph, model, node, valueInfo } from '../../src/engine/onnx/builder';
import { writeModel } from '../../src/engine/onnx/io';
import { f32, tensorToProto } from '../../src/engine/onnx/tensor';

export const ENGINE_MAIN = resolve(__dirname, '../../src/engine/server/main.ts');

export interface Harness {
  client: EngineClient;
  logs: string[];
  crashes: string[];
}

export function startClient(): Harness {
  const logs: string[] = [];
  const crashes: string[] = [];
  const client = new EngineClient({
    launch: { command: process.execPath, args: ['--import', 'tsx', ENGINE_MAIN] },
    onLog: (l) => logs.push(l),
    onCrash: (m) => crashes.push(m),
    // The engine starts untrusted; these tests stand for a trusted workspace unless they say otherwise.
    initialize: async (c) => {
      await c.request(SetTrustRequest, { trusted: true });
    },
  });
  return { client, logs, crashes };
}

/** A tiny extractor: image [1,3,8,8] → Conv stride 2 → Relu → [1,4,4,4], with value_info for every tensor. */
export function writeTinyExtractor(): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ganlens-client-'));
  const file = join(dir, 'tiny.onnx');
  const w = tensorToProto('w', f32([4, 3, 3, 3], new Array(108).fill(0.1)));
  const m = model(
    graph({
      name: 'tiny',
      nodes: [
        node('Conv', ['image', 'w'], ['/features/conv/Conv_output_0'], { strides: [2, 2], pads: [1, 1, 1, 1], kernel_shape: [3, 3] }, '/features/conv/Conv'),
        node('Relu', ['/features/conv/Conv_output_0'], ['features'], {}, '/features/relu/Relu'),
      ],
      inputs: [valueInfo('image', 'float32', [1, 3, 8, 8])],
      outputs: [valueInfo('features', 'float32', [1, 4, 4, 4])],
      initializers: [w],
      valueInfo: [valueInfo('/features/conv/Conv_output_0', 'float32', [1, 4, 4, 4])],
    }),
  );
  writeModel(file, m);
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
