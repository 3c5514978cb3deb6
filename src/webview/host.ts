/** The webview side of the message boundary: typed postMessage to the host, host messages in, persisted state. */
import { isRestoreStateMessage } from '../protocol/views/restore';

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

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
}

/** acquireVsCodeApi may be called once per page; every view shares the one handle. */
export function connectHost<ToHost, FromHost, State>(): Host<ToHost, FromHost, State> {
  api ??= acquireVsCodeApi<unknown>();
  const vscode = api as VsCodeApi<State>;
  return {
    post: (m) => vscode.postMessage(m),
    onMessage(handler) {
      const listener = (e: MessageEvent): void => {
        // The host's restoreState is kept for the panel serializer, beside the view's own state; views never see it.
        if (isRestoreStateMessage(e.data)) {
          api!.setState({ ...(asRecord(api!.getState()) ?? {}), restore: e.data.restore });
          return;
        }
        handler(e.data as FromHost);
      };
      window.addEventListener('message', listener);
      return () => window.removeEventListener('message', listener);
    },
    getState: () => vscode.getState(),
    setState: (s) => {
      const restore = asRecord(api!.getState())?.restore;
      api!.setState(restore === undefined ? s : { ...(asRecord(s) ?? {}), restore });
    },
  };
}
