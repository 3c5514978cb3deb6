/** Shared styles: VS Code's theme variables only, so light, dark and high-contrast themes all work. */
import { css } from 'lit';

export const themeStyles = css`
  :host {
    display: block;
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
    line-height: 1.4;
  }
  h1, h2 {
    font-weight: 600;
    margin: 0.8em 0 0.4em;
  }
  h1 { font-size: 1.3em; }
  h2 { font-size: 1.05em; }
  .muted { color: var(--vscode-descriptionForeground); }
  code, .mono {
    font-family: var(--vscode-editor-font-family);
    font-size: var(--vscode-editor-font-size);
  }
  table { border-collapse: collapse; width: 100%; }
  th, td {
    text-align: left;
    padding: 3px 8px;
    border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent));
    vertical-align: top;
  }
  th {
    font-weight: 600;
    color: var(--vscode-descriptionForeground);
    position: sticky;
    top: 0;
    background: var(--vscode-editor-background);
  }
  tbody tr:hover { background: var(--vscode-list-hoverBackground); }
  tbody tr:focus-within { background: var(--vscode-list-inactiveSelectionBackground); }
  :focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
  .error {
    border: 1px solid var(--vscode-inputValidation-errorBorder);
    background: var(--vscode-inputValidation-errorBackground);
    padding: 8px 12px;
    white-space: pre-wrap;
  }
  .notice {
    border-left: 3px solid var(--vscode-editorWarning-foreground);
    padding: 4px 10px;
    margin: 8px 0;
  }
`;
