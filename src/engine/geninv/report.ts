/**
 * The paper's Fig. 5 for any generator: reconstruction-error distributions of generated and real images at the
 * latent (G(z*)) and at the inverted layer (G2(h*)), from two inversion folders, as one SVG and a JSON of numbers.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic';
import { histogramSvg } from './histogram';
import { readInversion } from './run';
import { distribution, type Distribution } from './stats';

export interface ErrorReport {
  layer: string;
  generated: { errorZ: Distribution; errorH: Distribution; mseZ: Distribution; mseH: Distribution; latentRmse?: Distribution } | null;
  real: { errorZ: Distribution; errorH: Distribution; mseZ: Distribution; mseH: Distribution };
  /** Median over real images of error at z* divided by error at h*. */
  realGapMedianRatio: number;
}

function dists(dir: string): { errorZ: Distribution; errorH: Distribution; mseZ: Distribution; mseH: Distribution; latentRmse?: Distribution; raw: { z: number[]; h: number[] }; layer: string } {
  const f = readInversion(dir).file;
  const z = f.images.map((r) => r.errorZ);
  const h = f.images.map((r) => r.errorH);
  const rmse = f.images.map((r) => r.latentRmse).filter((v): v is number => v !== undefined);
  return {
    errorZ: distribution(z),
    errorH: distribution(h),
    mseZ: distribution(f.images.map((r) => r.mseZ)),
    mseH: distribution(f.images.map((r) => r.mseH)),
    ...(rmse.length ? { latentRmse: distribution(rmse) } : {}),
    raw: { z, h },
    layer: f.layer.name,
  };
}

/** Writes OUT/fig5-errors.svg and OUT/fig5-errors.json from a real-image inversion and (optionally) a generated one. */
export function writeErrorReport(out: string, realDir: string, generatedDir?: string): ErrorReport {
  const real = dists(realDir);
  const gen = generatedDir ? dists(generatedDir) : undefined;
  const ratios = real.raw.z.map((z, i) => z / real.raw.h[i]!).sort((a, b) => a - b);
  const series = [
    ...(gen
      ? [
          { label: 'generated, latent G(z*)', values: gen.raw.z, colour: '#ff9896' },
          { label: `generated, ${real.layer} G2(h*)`, values: gen.raw.h, colour: '#aec7e8' },
        ]
      : []),
    { label: 'real, latent G(z*)', values: real.raw.z, colour: '#d62728' },
    { label: `real, ${real.layer} G2(h*)`, values: real.raw.h, colour: '#1f77b4' },
  ];
  writeFileAtomic(join(out, 'fig5-errors.svg'), histogramSvg(series, { title: `Reconstruction error at the latent and at ${real.layer}`, xLabel: 'reconstruction error L = λmse·MSE + λfeat·feature distance (log scale)' }));
  const strip = ({ raw: _r, layer: _l, ...d }: ReturnType<typeof dists>): Omit<ReturnType<typeof dists>, 'raw' | 'layer'> => d;
  const report: ErrorReport = {
    layer: real.layer,
    generated: gen ? strip(gen) : null,
    real: strip(real),
    realGapMedianRatio: ratios[Math.floor(ratios.length / 2)]!,
  };
  writeFileAtomic(join(out, 'fig5-errors.json'), JSON.stringify(report, null, 2));
  return report;
}
