import type { SetMemoryBudgetParams } from '../../../protocol/engine';
import { badInput } from '../../util/errors';
import type { EngineState } from '../state';
import { log } from '../log';

export function setMemoryBudget(state: EngineState) {
  return async (params: SetMemoryBudgetParams): Promise<void> => {
    if (!(Number.isFinite(params.gb) && params.gb >= 0)) {
      throw badInput(`ganLens.memoryBudgetGB is ${String(params.gb)}; it must be a number of gigabytes ≥ 0.`, { hint: 'Use 0 for automatic (half the machine memory or 80% of what is free).' });
    }
    if (params.gb === 0) delete state.memoryBudgetGB;
    else state.memoryBudgetGB = params.gb;
    log('info', `memory budget: ${params.gb === 0 ? 'automatic' : `${params.gb} GB`}`);
    await Promise.resolve();
  };
}
