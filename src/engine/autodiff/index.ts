/** Public surface of the autodiff engine. */
export { buildGradient, gradientName, pruneDead, type GradientSpec, type GradientModel } from './builder';
export { RULES } from './rules/index';
export { NON_DIFFERENTIABLE } from './nondiff';
export type { GradRule, RuleContext } from './rule';
