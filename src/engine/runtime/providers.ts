/** Execution providers: which the user asked for, which loaded, and why not when one did not. */
export type ProviderChoice = 'auto' | 'cpu' | 'cuda' | 'webgpu';
export type ProviderName = 'cpu' | 'cuda' | 'webgpu';

export interface ProviderStatus {
  /** What actually runs. */
  active: ProviderName;
  /** What was asked for. */
  requested: ProviderChoice;
  /** One line saying why the active provider differs from the request (empty when it does not). */
  reason: string;
}

export function providerList(p: ProviderName): string[] {
  return p === 'cpu' ? ['cpu'] : [p, 'cpu'];
}
