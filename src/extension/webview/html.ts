/** Webview HTML: one module script from dist/, a strict CSP with a per-load nonce, no inline script or style. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { isInsideAny } from '../config/paths';

export interface WebviewPage {
  /** Which root component main.ts mounts (data-view on <body>). */
  view: string;
  title: string;
}

/** Extra roots (run and report folders) are granted only inside the workspace folders. */
export function webviewOptions(extensionUri: vscode.Uri, extraRoots: vscode.Uri[] = []): vscode.WebviewOptions {
  const workspace = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media'), ...extraRoots.filter((r) => isInsideAny(r.fsPath, workspace))],
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderWebviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const codicons = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'codicons', 'codicon.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data: blob:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${codicons.toString()}" id="vscode-codicon-stylesheet">
<title>${escapeHtml(page.title)}</title>
</head>
<body data-view="${escapeHtml(page.view)}">
<script type="module" nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
