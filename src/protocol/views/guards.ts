/** Building blocks of the runtime checks on what a webview posts. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
export const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
