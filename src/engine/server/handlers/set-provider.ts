import type { SetProviderParams } from '../../../protocol/engine';
import { PROVIDER_CHOICES, isProviderChoice, type ProviderStatus } from '../../runtime/providers';
import { probeProvider } from '../provider-probe';
import { badInput } from '../../util/errors';
import type { EngineState } from '../state';
import { log } from '../log';

export function setProvider(state: EngineState) {
  return async (params: SetProviderParams): Promise<ProviderStatus> => {
    if (!isProviderChoice(params.provider)) {
      throw badInput(`Unknown execution provider '${String(params.provider)}'.`, { hint: `Use one of: ${PROVIDER_CHOICES.join(', ')}.` });
    }
    state.provider = params.provider;
    state.providerStatus = await probeProvider(params.provider);
    const s = state.providerStatus;
    log('info', `execution provider: asked ${s.requested}, using ${s.active}${s.reason ? ` (${s.reason})` : ''}`);
    return s;
  };
}
