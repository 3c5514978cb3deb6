import { attrString } from '../../onnx/builder';
import { badInput } from '../../util/errors';
import type { GradRule } from '../rule';
import { gradOf } from '../rule';
import { reduceToShape } from '../broadcast';

/** Splits an einsum term into labels, keeping '...' as one label. */
function labels(term: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < term.length; i++) {
    if (term.startsWith('...', i)) {
      out.push('...');
      i += 2;
    } else if (term[i] !== ' ') out.push(term[i]!);
  }
  return out;
}

/** Einsum: the gradient of operand i is the einsum of the output gradient with the other operands. */
export const einsum: GradRule = {
  differentiable: (n) => n.input.map((_, i) => i),
  backward(c) {
    const e = c.e;
    const eq = attrString(c.node, 'equation', '').replace(/\s/g, '');
    const [lhs, rhsGiven] = eq.split('->') as [string, string | undefined];
    const terms = lhs.split(',').map(labels);
    let out: string[];
    if (rhsGiven !== undefined) out = labels(rhsGiven);
    else {
      const counts = new Map<string, number>();
      for (const t of terms) for (const l of t) if (l !== '...') counts.set(l, (counts.get(l) ?? 0) + 1);
      out = [...(terms.some((t) => t.includes('...')) ? ['...'] : []), ...[...counts].filter(([, k]) => k === 1).map(([l]) => l).sort()];
    }
    const g = gradOf(c);
    return c.inputs.map((x, i) => {
      if (!c.needs[i]) return undefined;
      const t = terms[i]!;
      if (new Set(t).size !== t.length) {
        throw badInput(`Einsum '${eq}' (node '${c.node.name}') repeats a label in operand ${i}; its gradient is not supported.`, {
          node: c.node.name,
        });
      }
      const others = terms.filter((_, j) => j !== i);
      const avail = new Set([...out, ...others.flat()]);
      const kept = t.filter((l) => avail.has(l));
      const eqi = `${[out, ...others].map((x2) => x2.join('')).join(',')}->${kept.join('')}`;
      let gi = e.op('Einsum', [g, ...c.inputs.filter((_, j) => j !== i)], { equation: eqi });
      if (kept.length !== t.length) {
        // Labels summed only inside this operand: the gradient is broadcast along them.
        const pos = t.map((l, k) => (avail.has(l) ? -1 : k)).filter((k) => k >= 0);
        if (t.includes('...')) throw badInput(`Einsum '${eq}' (node '${c.node.name}'): ellipsis with operand-only labels is not supported.`, { node: c.node.name });
        gi = e.op('Expand', [e.op('Unsqueeze', [gi, e.int64(pos)]), e.shape(x)]);
      }
      return t.includes('...') ? reduceToShape(e, gi, x) : gi;
    });
  },
};
