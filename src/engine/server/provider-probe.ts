/** Finds out which execution provider really loads, by opening a one-node model with it. */
import { graph, model, node, valueInfo } from '../onnx/builder';
import { clearSessionCache, openSession } from '../runtime/session';
import type { ProviderChoice, ProviderStatus } from '../runtime/providers';

export async function probeProvider(choice: ProviderChoice): Promise<ProviderStatus> {
  await clearSessionCache();
  const probe = model(
    graph({
      name: 'provider_probe',
      nodes: [node('Relu', ['x'], ['y'])],
      inputs: [valueInfo('x', 'float32', [1])],
      outputs: [valueInfo('y', 'float32', [1])],
    }),
  );
  const session = await openSession(probe, { provider: choice });
  return session.provider;
}
