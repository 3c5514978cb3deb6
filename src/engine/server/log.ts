/** The engine logs to stderr only: stdout carries JSON-RPC. The host shows stderr in the "GAN Lens" Output channel. */
export function log(level: 'info' | 'warn' | 'error', message: string): void {
  process.stderr.write(`${new Date().toISOString()} [${level}] ${message}\n`);
}

/** Libraries that print with console.log would corrupt the JSON-RPC stream; send them to stderr instead. */
export function routeConsoleToStderr(): void {
  const toErr = (...args: unknown[]): void => {
    process.stderr.write(`${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}\n`);
  };
  console.log = toErr;
  console.info = toErr;
  console.debug = toErr;
}
