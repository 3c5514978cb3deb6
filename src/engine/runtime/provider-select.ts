/**
 * Turns a provider choice into the provider that runs, with a one-line reason. Probes are injected (tests) and each
 * runs at most once per selector: asking onnxruntime for a missing provider is slow and prints native errors.
 */
import type { ProviderAvailability, ProviderChoice, ProviderName, ProviderStatus } from './providers';

export interface ProviderProbes {
  cuda(): Promise<ProviderAvailability>;
  webgpu(): Promise<ProviderAvailability>;
}

export interface ProviderSelector {
  select(choice: ProviderChoice): Promise<ProviderStatus>;
  /** What each GPU provider's probe said, for providers probed so far. */
  probed(): Partial<Record<Exclude<ProviderName, 'cpu'>, ProviderAvailability>>;
}

export function createProviderSelector(probes: ProviderProbes): ProviderSelector {
  const results = new Map<'cuda' | 'webgpu', Promise<ProviderAvailability>>();
  const settled: Partial<Record<'cuda' | 'webgpu', ProviderAvailability>> = {};
  const availability = (p: 'cuda' | 'webgpu'): Promise<ProviderAvailability> => {
    let r = results.get(p);
    if (!r) {
      r = probes[p]().then(
        (a) => a,
        (e: unknown) => ({ ok: false as const, why: e instanceof Error ? e.message.split('\n')[0]! : String(e) }),
      );
      r.then((a) => (settled[p] = a)).catch(() => undefined);
      results.set(p, r);
    }
    return r;
  };
  return {
    async select(choice) {
      if (choice === 'cpu') return { active: 'cpu', requested: 'cpu', reason: '' };
      const order: ('cuda' | 'webgpu')[] = choice === 'auto' ? ['cuda', 'webgpu'] : [choice];
      const failures: string[] = [];
      for (const p of order) {
        const a = await availability(p);
        if (a.ok && a.software && choice === 'auto') {
          failures.push(`${p} has only a software adapter (no GPU device), slower than cpu`);
          continue;
        }
        if (a.ok) {
          const reason = failures.length ? `${failures.join('; ')}; using ${p}` : '';
          return { active: p, requested: choice, reason };
        }
        failures.push(`${p} unavailable: ${a.why}`);
      }
      return { active: 'cpu', requested: choice, reason: `${failures.join('; ')}; using cpu` };
    },
    probed: () => ({ ...settled }),
  };
}
