// Bundles scripts/gpu/bench.ts into one CommonJS file for the GPU machine (no node_modules there except the carried
// onnxruntime-node): node scripts/gpu/bundle.mjs OUT.js
import { build } from 'esbuild';

await build({
  entryPoints: ['scripts/gpu/bench.ts'],
  outfile: process.argv[2] ?? '.gpu-carry/stage/bench.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['onnxruntime-node'],
  alias: { sharp: './scripts/gpu/no-sharp.cjs' },
  logLevel: 'warning',
});
