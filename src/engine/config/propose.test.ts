import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type { ModelAnalysis } from '../../protocol/model';
import { analyzeModel } from '../model/analyze';
import { outputRange } from './propose';

const DEMO = resolve(__dirname, '../../../demo');

test("the proposed output range comes from the generator's last op", async () => {
  const demo = await analyzeModel(resolve(DEMO, 'models/generator.onnx'), { probe: false });
  const out = demo.summary.outputs[0]!.name;
  assert.deepEqual(outputRange(demo, out), { range: [-1, 1], note: `generator output ${out}: range [-1, 1], from its last op (Tanh).` });
  const withLast = (op: string): ModelAnalysis => ({ ...demo, layers: [...demo.layers.filter((l) => l.tensor !== out), { ...demo.layers[0]!, tensor: out, op }] });
  assert.deepEqual(outputRange(withLast('Sigmoid'), out).range, [0, 1]);
  const conv = outputRange(withLast('Conv'), out);
  assert.deepEqual(conv.range, [-1, 1]);
  assert.match(conv.note, /assumed .*last op Conv does not bound it/);
});
