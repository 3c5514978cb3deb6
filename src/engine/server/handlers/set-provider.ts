import type { SetProviderParams } from '../../protocol/engine';
import type { ProviderChoice, ProviderStatus } from '../../runtime/providers';
import { probeProvider } from '../provider-probe';
import { badInput } from '../../util/errors';
import type { EngineState } from '../state';
import { log } from '../log';

const CHOICES: readonly ProviderChoice[] = ['auto', 'cpu', 'cuda', 'webgpu'];

export function setProvider(state: EngineState) {
  return async (params: SetProviderParams): Promise<ProviderStatus> => {
    if (!CHOICES.includes(params.provider)) {
      throw badInput(`Unknown execution provider '${String(params.provider)}'.`, { hint: `Use one of: ${CHOICES.join(', ')}.` });
    }
    state.provider = params.provider;
    state.providerStatus = await probeProvider(params.provider);
    const s = state.providerStatus;
    log('info', `execution provider: asked ${s.requested}, using ${s.active}${s.reason ? ` (${s.reason})` : ''}`);
    return s;
  };
}
