// ESLint rule: who may import whom (docs/architecture.md). Relative imports are resolved against the importing
// file, so a folder that happens to share a name (src/extension/engine) is never mistaken for another room.
import path from 'node:path';

/** Rooms, most specific first: [name, folder relative to the repository root]. */
const ROOMS = [
  ['engine/onnx', 'src/engine/onnx'],
  ['engine/runtime', 'src/engine/runtime'],
  ['engine', 'src/engine'],
  ['protocol', 'src/protocol'],
  ['extension', 'src/extension'],
  ['webview', 'src/webview'],
];

/** For each room, the rooms it must not import and why. */
const FORBIDDEN = {
  'engine/onnx': { 'engine/runtime': 'onnx/ reads, writes and analyses graphs; running them belongs to runtime/ (pass a prober in)' },
  engine: { extension: 'The engine is pure Node and knows nothing of the editor.', webview: 'The engine knows nothing of the webviews.' },
  protocol: {
    engine: 'The protocol owns its types; the engine implements them, not the other way round.',
    'engine/onnx': 'The protocol owns its types.',
    'engine/runtime': 'The protocol owns its types.',
    extension: 'The protocol knows no side.',
    webview: 'The protocol knows no side.',
  },
  extension: {
    engine: 'The extension talks to the engine through src/protocol only.',
    'engine/onnx': 'The extension talks to the engine through src/protocol only.',
    'engine/runtime': 'The extension talks to the engine through src/protocol only.',
    webview: 'The host and webviews share only src/protocol.',
  },
  webview: {
    engine: 'Webviews talk to the host through src/protocol messages only.',
    'engine/onnx': 'Webviews talk to the host through src/protocol messages only.',
    'engine/runtime': 'Webviews talk to the host through src/protocol messages only.',
    extension: 'Webviews talk to the host through src/protocol messages only.',
  },
};

function roomOf(root, file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  for (const [name, dir] of ROOMS) if (rel === dir || rel.startsWith(dir + '/')) return name;
  return null;
}

function forbiddenReason(from, to) {
  return FORBIDDEN[from]?.[to] ?? null;
}

/** Builds the rule for a repository root (the folder holding src/). */
export function boundariesRule(root) {
  return {
    meta: { type: 'problem', schema: [], messages: { crossing: "{{from}} may not import {{to}} ('{{spec}}'): {{why}}" } },
    create(context) {
      const file = context.filename ?? context.getFilename();
      // Tests may reach into any room they test.
      if (/\.test\.ts$/.test(file)) return {};
      const from = roomOf(root, file);
      if (!from) return {};
      const check = (node, spec) => {
        if (typeof spec !== 'string' || !spec.startsWith('.')) return;
        const to = roomOf(root, path.resolve(path.dirname(file), spec));
        if (!to || to === from) return;
        const why = forbiddenReason(from, to);
        if (why) context.report({ node, messageId: 'crossing', data: { from: `src/${from}`, to: `src/${to}`, spec, why } });
      };
      return {
        ImportDeclaration: (n) => check(n.source, n.source.value),
        ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
        ExportAllDeclaration: (n) => check(n.source, n.source.value),
        ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
      };
    },
  };
}
