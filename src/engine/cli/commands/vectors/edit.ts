/** gan-lens vectors rename|tag|remove. */
import type { CliIO } from '../../command';
import { updateLibrary } from '../../../vectors/library';
import { need, context, type Values } from './shared';

export async function edit(sub: 'rename' | 'tag' | 'remove', v: Values, io: CliIO): Promise<void> {
  const ctx = context(v, sub);
  const ref = need(v.vector, 'vector', sub);
  const e = await updateLibrary(ctx.libDir, undefined, (lib) => {
    if (sub === 'rename') return lib.rename(ref, need(v.to, 'to', sub));
    if (sub === 'tag') return lib.tag(ref, v.add ? v.add.split(',') : [], v.remove ? v.remove.split(',') : []);
    return lib.remove(ref);
  });
  io.out(`${sub === 'remove' ? 'Removed' : 'Updated'} ${e.id} (${e.name}${e.tags.length ? `; tags ${e.tags.join(', ')}` : ''}) in '${ctx.libName}'.`);
}
