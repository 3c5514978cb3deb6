/**
 * Extension-host tests, run by the workbench (extensionTestsPath) inside the real extension host on code-server.
 * Bundled by the e2e test into .e2e-work/suite/index.js; `run()` resolves when all pass.
 */
import { extensionHostTests } from './extension-host';

// mocha 12 is an ES module package; its CommonJS build is what a CJS bundle can require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require('mocha/lib/mocha.cjs') as typeof import('mocha');

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  mocha.suite.emit('pre-require', globalThis, 'extension-host', mocha);
  extensionHostTests();
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed.`)) : resolve()));
  });
}
