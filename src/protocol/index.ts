/**
 * The one protocol: engine ↔ host (JSON-RPC requests, one module per feature), host ↔ webview (views/, one module per
 * view, free of vscode-jsonrpc so webview bundles stay small), and the wire types both share.
 */
export * from './model';
export * from './errors';
export * from './progress';
export * from './providers';
export * from './metrics';
export * from './engine';
export * from './stitch';
export * from './evaluate';
export * from './paint';
export * from './vectors';
export * from './gd';
export * from './config';
export * from './sweeps';
export * from './job-ids';
export * from './views/model';
export * from './views/gallery';
export * from './views/stitch-panel';
export * from './views/compare';
export * from './views/paint';
export * from './views/atlas';
