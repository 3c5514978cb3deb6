/** vectors/rank (job) and vectors/add: rank sampled LayerX vectors by tileability; add one to the vector library. */
import type { VectorsAddParams, VectorsAddResult, VectorsRankParams, VectorsRankResult, AtlasVector } from '../../../protocol/vectors';
import type { JobProgress } from '../../../protocol/progress';
import type { GanLensConfig, NetworkConfig } from '../../config/types';
import { workspaceConfig } from './workspace-config';
import { loadVectorSetup, type VectorSetup } from '../../vectors/setup';
import { openGeneratorParts } from '../../vectors/parts';
import { openFeatureProbe } from '../../vectors/probe';
import { rankVectors, type RankedVector } from '../../vectors/rank';
import { visualizeVectors } from '../../vectors/visualize';
import { libraryIdentity } from '../../vectors/sample';
import { libraryDir, updateLibrary } from '../../vectors/library';
import { badInput } from '../../util/errors';
import { jobSession, type EngineState } from '../state';
import { optionalInt, requiredString, requireTrusted } from './guards';
import { fastPngBase64 } from './fast-png';
import { stackImages } from '../../runtime/image';

interface KeptRanking {
  config: GanLensConfig;
  setup: VectorSetup;
  ranked: RankedVector[];
}

const kept = new Map<string, KeptRanking>();
let nextRanking = 1;
const MAX_KEPT = 4;

function probeNetwork(cfg: GanLensConfig, name: string | undefined): NetworkConfig {
  if (!name || name === 'extractor') return cfg.extractor;
  const n = cfg.testNetworks[name];
  if (!n) throw badInput(`vectors/rank: network '${name}' is neither "extractor" nor a key of /testNetworks (${Object.keys(cfg.testNetworks).join(', ') || 'none'}).`, { file: cfg.file });
  return n;
}

export function vectorsRank(state: EngineState, sendProgress: (p: JobProgress) => void) {
  return async (params: VectorsRankParams, signal: AbortSignal): Promise<VectorsRankResult> => {
    const M = 'vectors/rank';
    requireTrusted(state, M);
    const config = workspaceConfig(state, M, params.config);
    const layer = requiredString(M, 'layer', params.layer);
    const n = optionalInt(M, 'n', params.n, 2, 100_000) ?? 256;
    const seed = optionalInt(M, 'seed', params.seed, 0, 2 ** 31 - 1) ?? 0;
    const show = Math.min(optionalInt(M, 'show', params.show, 1, 64) ?? 8, Math.floor(n / 2));
    const net = probeNetwork(config, params.network);
    const featureLayer = params.featureLayer ?? ('layer2' in net.layers ? 'layer2' : Object.keys(net.layers)[0]);
    if (!featureLayer) throw badInput(`${M}: name the probe's layer ('featureLayer'): the network has no layers in the config.`, { file: config.file });
    const session = jobSession(state);
    const setup = await loadVectorSetup(config, layer);
    const parts = await openGeneratorParts(setup, session);
    const probe = await openFeatureProbe(net, featureLayer, session);
    const { jobId, result } = await state.jobs.run(
      { kind: 'vectors-rank', jobId: params.jobId, what: `Ranking vectors of ${layer}`, signal, onProgress: sendProgress },
      async (ctx) => {
        const r = await rankVectors(parts, probe, {
          n,
          seed,
          signal: ctx.signal,
          onProgress: (stage, d, t) => ctx.report({ step: stage === 'sample' ? d : t + d, total: 2 * t, message: `${stage === 'sample' ? 'sampling' : 'scoring'} ${d} of ${t}` }),
        });
        const chosen = [...r.ranked.slice(0, show), ...r.ranked.slice(-show)];
        const imgs = await visualizeVectors(parts, chosen.map((x) => ({ vector: x.vector, baseSeed: x.provenance.latentSeed ?? 0 })), { grids: [0], signal: ctx.signal });
        const batch = stackImages(imgs.map((g) => g[0]!));
        const atlas = await Promise.all(
          chosen.map(async (x, i): Promise<AtlasVector> => ({
            rank: x.rank,
            score: x.score,
            image: await fastPngBase64(batch, i),
            ...(x.provenance.latentSeed !== undefined ? { latentSeed: x.provenance.latentSeed } : {}),
            ...(x.provenance.position ? { position: x.provenance.position } : {}),
          })),
        );
        return { r, atlas };
      },
    );
    const rankingId = `ranking-${nextRanking++}`;
    kept.set(rankingId, { config, setup, ranked: result.r.ranked });
    while (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
    return {
      jobId,
      rankingId,
      layer: setup.layerName,
      tensor: setup.layer.tensor,
      n,
      tileable: result.atlas.slice(0, show),
      nonTileable: result.atlas.slice(show),
      secondsPerVector: result.r.secondsPerVector,
    };
  };
}

export function vectorsAdd(state: EngineState) {
  return async (params: VectorsAddParams): Promise<VectorsAddResult> => {
    const M = 'vectors/add';
    requireTrusted(state, M);
    const k = kept.get(requiredString(M, 'rankingId', params.rankingId));
    if (!k) throw badInput(`${M}: ranking ${params.rankingId} is gone (the engine restarted or ranked again since).`, { hint: 'Rank the layer again in the atlas.' });
    const x = k.ranked.find((v) => v.rank === params.rank);
    if (!x) throw badInput(`${M}: no vector of rank ${String(params.rank)} (0..${k.ranked.length - 1}).`);
    const library = params.library ?? 'default';
    const tag = x.rank < k.ranked.length / 2 ? 'tileable' : 'non-tileable';
    return updateLibrary(libraryDir(k.config.dir, library), libraryIdentity(k.setup), (lib) => {
      const e = lib.add(x.vector, { provenance: x.provenance, tags: [tag], scores: { tileability: x.score }, ...(params.name ? { name: params.name } : {}) });
      return { library, id: e.id, name: e.name, size: lib.size };
    });
  };
}
