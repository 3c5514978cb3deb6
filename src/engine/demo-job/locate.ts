import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The bundled demo workspace: beside the package root (dist/cli.js → ../demo; src/engine/demo → ../../../demo). */
export function bundledDemoConfig(): string | undefined {
  let dir = resolve(__dirname);
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'demo', 'demo.ganlens.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}
