/** The one protocol module set: engine ↔ host (JSON-RPC), host ↔ webview (postMessage), shared wire types. */
export * from './model';
export * from './errors';
export * from './progress';
export * from './engine';
export * from './features';
export * from './views';
export * from './webview';
