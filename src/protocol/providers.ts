/** Execution providers: which the user asked for, which loaded, and why not when one did not. */
export type ProviderChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu';
export type ProviderName = 'cpu' | 'cuda' | 'webgpu';

export const PROVIDER_CHOICES: readonly ProviderChoice[] = ['auto', 'cpu', 'cuda', 'webgpu'];

export interface ProviderStatus {
  /** What actually runs. */
  active: ProviderName;
  /** What was asked for. */
  requested: ProviderChoice;
  /** One line saying why the active provider differs from the request (empty when it does not). */
  reason: string;
  /**
   * Nodes of this session that onnxruntime placed on the CPU although `active` is a GPU provider, one line
   * (e.g. "webgpu: 12 of 140 nodes on cpu: Gather×6, Cast×4, NonZero×2"); absent until the first run, and on cpu.
   */
  nodeFallback?: string;
}

export function isProviderChoice(v: unknown): v is ProviderChoice {
  return typeof v === 'string' && (PROVIDER_CHOICES as readonly string[]).includes(v);
}
