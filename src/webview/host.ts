/** The webview side of the message boundary: typed postMessage to the host, host messages in, persisted state. */

interface VsCodeApi<S> {
  postMessage(message: unknown): void;
  getState(): S | undefined;
  setState(state: S): void;
}

declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export interface Host<ToHost, FromHost, State> {
  post(message: ToHost): void;
  onMessage(handler: (message: FromHost) => void): () => void;
  getState(): State | undefined;
  setState(state: State): void;
}

let api: VsCodeApi<unknown> | undefined;

/** acquireVsCodeApi may be called once per page; every view shares the one handle. */
export function connectHost<ToHost, FromHost, State>(): Host<ToHost, FromHost, State> {
  api ??= acquireVsCodeApi<unknown>();
  const vscode = api as VsCodeApi<State>;
  return {
    post: (m) => vscode.postMessage(m),
    onMessage(handler) {
      const listener = (e: MessageEvent): void => handler(e.data as FromHost);
      window.addEventListener('message', listener);
      return () => window.removeEventListener('message', listener);
    },
    getState: () => vscode.getState(),
    setState: (s) => vscode.setState(s),
  };
}
