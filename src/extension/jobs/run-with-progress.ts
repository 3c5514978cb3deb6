/**
 * Runs a long engine job in a notification with progress, ETA and Cancel. Features call this with their request
 * type; cancellation goes to the engine through the request's CancellationToken.
 */
import * as vscode from 'vscode';
import type { RequestType } from 'vscode-jsonrpc';
import type { WireError } from '../../protocol/errors';
import type { JobParams, JobProgress } from '../../protocol/progress';
import type { EngineClient } from '../engine/client';
import { formatEta } from './format-eta';

export interface ProgressJobOptions {
  title: string;
  /** Also called for every progress report (e.g. to forward it to a webview). */
  onProgress?: (p: JobProgress) => void;
}

export function progressMessage(p: JobProgress): string {
  const parts = [p.message];
  if (p.loss !== undefined) parts.push(`loss ${p.loss.toPrecision(4)}`);
  if (p.samplesPerSecond !== undefined && p.samplesPerSecond > 0) parts.push(`${p.samplesPerSecond.toFixed(1)} samples/s`);
  return parts.join(', ') + formatEta(p.etaSeconds);
}

export function runWithProgress<P extends JobParams, R>(
  client: EngineClient,
  type: RequestType<P, R, WireError>,
  params: P,
  options: ProgressJobOptions,
): Promise<R> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: options.title, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        const sub = token.onCancellationRequested(() => controller.abort());
        let done = 0;
        try {
          return await client.runJob(type, params, {
            signal: controller.signal,
            onProgress: (p) => {
              const pct = p.total > 0 ? (100 * p.step) / p.total : 0;
              progress.report({ increment: Math.max(0, pct - done), message: progressMessage(p) });
              done = Math.max(done, pct);
              options.onProgress?.(p);
            },
          });
        } finally {
          sub.dispose();
        }
      },
    ),
  );
}
