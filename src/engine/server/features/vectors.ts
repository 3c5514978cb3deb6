/** vectors/list: the workspace's vector libraries and, for one of them, its entries (the palette source). */
import type { VectorsListParams, VectorsListResult } from '../../../protocol/vectors';
import { libraryDir, listLibraries, openLibrary } from '../../vectors/library';
import { absolutePath } from './guards';

export function vectorsList() {
  return async (params: VectorsListParams): Promise<VectorsListResult> => {
    const workspace = absolutePath('vectors/list', 'workspace', params.workspace);
    const libraries = listLibraries(workspace);
    const name = params.library ?? libraries[0];
    if (!name || !libraries.includes(name)) return { libraries };
    const lib = openLibrary(libraryDir(workspace, name));
    return {
      libraries,
      library: {
        name,
        layer: lib.meta.layer,
        tensor: lib.meta.tensor,
        channels: lib.meta.channels,
        entries: lib.entries.map((e) => ({ id: e.id, name: e.name, tags: [...e.tags], scores: { ...e.scores } })),
      },
    };
  };
}
