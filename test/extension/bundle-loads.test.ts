/**
 * The extension bundle loads and activates its module graph under Node with `vscode` stubbed: catches bundling
 * breakage (e.g. a dependency's UMD build that esbuild cannot follow) in seconds instead of in the workbench e2e.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

test('dist/extension.js as scripts/build.mjs bundles it loads and exports activate/deactivate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ganlens-bundle-'));
  try {
    const outfile = join(dir, 'extension.js');
    await build({ entryPoints: ['src/extension/extension.ts'], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'onnxruntime-node', 'sharp'], logLevel: 'silent' });
    const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
    const original = loader._load;
    loader._load = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? {} : original.call(this, request, ...rest);
    };
    try {
      const mod = Module.createRequire(outfile)(outfile) as { activate?: unknown; deactivate?: unknown };
      assert.equal(typeof mod.activate, 'function');
      assert.equal(typeof mod.deactivate, 'function');
    } finally {
      loader._load = original;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
