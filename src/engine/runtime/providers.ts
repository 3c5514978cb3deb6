export { PROVIDER_CHOICES, isProviderChoice, type ProviderChoice, type ProviderName, type ProviderStatus } from '../../protocol/providers';

/** Whether a provider can be used in this process, and if not, why (one line). */
export type ProviderAvailability =
  | {
      ok: true;
      /** The only adapter is a software one (e.g. Mesa lavapipe): it works, but slower than the CPU provider. */
      software?: boolean;
    }
  | { ok: false; why: string };


