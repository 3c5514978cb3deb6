/** Stops a run whose numbers stop being numbers, instead of reporting NaN as a result. */
import { badInput } from '../util/errors';

/** Throws a bad-input error naming the step and the setting to change when `value` is NaN or ±Infinity. */
export function requireFinite(value: number, what: string, where: { epoch: number; step: number; lr: number; configFile: string }): void {
  if (Number.isFinite(value)) return;
  throw badInput(`Training diverged: the ${what} became ${value} at epoch ${where.epoch + 1}, step ${where.step}.`, {
    file: where.configFile,
    hint: `Lower training.optimizer.lr (now ${where.lr}) in ${where.configFile}; the last checkpoint before this step is kept, and --resume continues from it.`,
  });
}
