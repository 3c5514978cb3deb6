// Bundles the extension host, the engine process, the CLI and the webview with esbuild.
import * as esbuild from 'esbuild';
import { mkdirSync, cpSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: true, minify: production, logLevel: 'info' };
const nodeExternal = ['vscode', 'onnxruntime-node', 'sharp'];

const targets = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal },
  { entryPoints: ['src/engine/server/main.ts'], outfile: 'dist/engine.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal },
  { entryPoints: ['src/engine/cli/main.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', external: nodeExternal, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js', platform: 'browser', format: 'esm', target: 'es2022' },
].filter((t) => existsSync(t.entryPoints[0]));

mkdirSync('dist', { recursive: true });
if (existsSync('node_modules/@vscode/codicons/dist')) {
  cpSync('node_modules/@vscode/codicons/dist', 'dist/codicons', { recursive: true });
}
if (watch) {
  const contexts = await Promise.all(targets.map((t) => esbuild.context({ ...common, ...t })));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t })));
}
