/**
 * Host ↔ webview messages declared once: a table of message types and their fields, from which both the TypeScript
 * union and the runtime guard of what a webview posts are derived, so the two cannot drift.
 */
export type FieldSpec = 'string' | 'int' | 'nonNegativeInt' | 'positiveInt' | 'optionalInt' | readonly string[];

type FieldType<F> = F extends 'string' ? string : F extends readonly (infer E)[] ? E : number;

export type MessageSpec = Readonly<Record<string, Readonly<Record<string, FieldSpec>>>>;

type OptionalKeys<M> = { [F in keyof M]: M[F] extends 'optionalInt' ? F : never }[keyof M];

/** The union of messages a spec declares: `{ type: K } & its fields` for every key K ('optionalInt' fields optional). */
export type MessageOf<S extends MessageSpec> = {
  [K in keyof S & string]: { type: K } & { -readonly [F in Exclude<keyof S[K], OptionalKeys<S[K]>>]: FieldType<S[K][F]> } & {
    -readonly [F in OptionalKeys<S[K]>]?: number;
  };
}[keyof S & string];

function fieldOk(spec: FieldSpec, v: unknown): boolean {
  if (typeof spec !== 'string') return typeof v === 'string' && spec.includes(v);
  if (spec === 'string') return typeof v === 'string';
  if (spec === 'optionalInt') return v === undefined || (typeof v === 'number' && Number.isInteger(v));
  if (typeof v !== 'number' || !Number.isInteger(v)) return false;
  return spec === 'int' || (spec === 'nonNegativeInt' ? v >= 0 : v > 0);
}

/** The guard of a spec: an object whose `type` is declared and whose declared fields all have their declared kind. */
export function messageGuard<S extends MessageSpec>(spec: S): (v: unknown) => v is MessageOf<S> {
  return (v: unknown): v is MessageOf<S> => {
    if (typeof v !== 'object' || v === null) return false;
    const m = v as Record<string, unknown>;
    if (typeof m.type !== 'string' || !Object.prototype.hasOwnProperty.call(spec, m.type)) return false;
    const fields = spec[m.type]!;
    return Object.entries(fields).every(([k, f]) => fieldOk(f, m[k]));
  };
}
