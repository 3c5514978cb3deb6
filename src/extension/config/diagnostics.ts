/**
 * Diagnostics for *.ganlens.json from the engine's own validation (config/check): the same messages the CLI and
 * every engine method give, on the value they are about. VS Code's JSON schema validation runs alongside.
 */
import * as vscode from 'vscode';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser/lib/esm/main.js';
import { ConfigCheckRequest, type ConfigProblem } from '../../protocol/config';
import type { EngineService } from '../engine/service';

const DEBOUNCE_MS = 400;

function isGanLensConfig(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && doc.fileName.endsWith('.ganlens.json');
}

function pointerPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** The range of the value at a pointer; its nearest existing parent when the value is missing. */
function problemRange(doc: vscode.TextDocument, root: Node | undefined, p: ConfigProblem): vscode.Range {
  if (p.offset !== undefined) {
    const at = doc.positionAt(p.offset);
    return new vscode.Range(at, at.translate(0, 1));
  }
  let path = pointerPath(p.pointer);
  while (root && path.length > 0) {
    const node = findNodeAtLocation(root, path);
    if (node) {
      // a property's key reads better than a whole object value
      const target = node.type === 'object' || node.type === 'array' ? (node.parent?.children?.[0] ?? node) : node;
      return new vscode.Range(doc.positionAt(target.offset), doc.positionAt(target.offset + target.length));
    }
    path = path.slice(0, -1);
  }
  return new vscode.Range(0, 0, 0, Math.max(1, doc.lineAt(0).text.length));
}

export function registerConfigDiagnostics(engine: EngineService): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('ganLens');
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const check = async (doc: vscode.TextDocument): Promise<void> => {
    if (!isGanLensConfig(doc)) return;
    const version = doc.version;
    try {
      const problems = await engine.client.request(ConfigCheckRequest, { file: doc.uri.fsPath, text: doc.getText() });
      if (doc.version !== version || doc.isClosed) return;
      const root = parseTree(doc.getText());
      collection.set(
        doc.uri,
        problems.map((p) => {
          const d = new vscode.Diagnostic(problemRange(doc, root, p), p.message, p.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
          d.source = 'GAN Lens';
          return d;
        }),
      );
    } catch {
      // the engine is down or restarting: it says so in the Output channel; keep the last diagnostics
    }
  };
  const schedule = (doc: vscode.TextDocument): void => {
    if (!isGanLensConfig(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => void check(doc), DEBOUNCE_MS));
  };
  vscode.workspace.textDocuments.forEach(schedule);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
