/**
 * Runs stitch/train for one layer of a config: progress in a notification with Cancel and in the Stitch panel
 * (curves, samples, Pause/Resume). Pause cancels the job; the engine keeps the last checkpoint and Resume continues
 * from it (stitch/train with resume).
 */
import * as vscode from 'vscode';
import { StitchTrainRequest, type StitchTrainResult } from '../../protocol/stitch';
import { toWireError } from '../../protocol/errors';
import { isGanLensError } from '../../protocol/errors';
import type { EngineService } from '../engine/service';
import { progressMessage } from '../jobs/run-with-progress';
import { newJobId } from '../../protocol/job-ids';
import { StitchPanel } from './stitch-panel';

export interface TrainRequest {
  config: vscode.Uri;
  configName: string;
  layer: string;
  to?: string;
  epochs?: number;
  samplesPerEpoch?: number;
  validationSize?: number;
  resume?: boolean;
  /** Replace a run already in the folder (the user chose "Retrain From Scratch"). */
  overwrite?: boolean;
  /** Where the gallery opens from the panel's "Open gallery". */
  openGallery: (runDir: string) => void;
}

/** Resolves with the result, or undefined when paused/cancelled; rejects on errors. */
export async function trainStitch(extensionUri: vscode.Uri, engine: EngineService, req: TrainRequest, outDir: string): Promise<StitchTrainResult | undefined> {
  const panel = StitchPanel.forRun(extensionUri, { config: req.config.fsPath, layer: req.layer, outDir, epochs: req.epochs ?? 0 });
  let controller: AbortController | undefined;
  panel.actions = {
    pause: () => controller?.abort(),
    resume: () => void trainStitch(extensionUri, engine, { ...req, resume: true, overwrite: false }, outDir).catch(() => undefined),
    openGallery: () => req.openGallery(outDir),
  };
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Stitching ${req.layer} (${req.configName})`, cancellable: true },
    async (progress, token) => {
      controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller?.abort());
      const jobId = newJobId('stitch-train');
      panel.start(jobId, [], req.resume === true);
      let done = 0;
      try {
        const result = await engine.client.runJob(
          StitchTrainRequest,
          {
            jobId,
            config: req.config.fsPath,
            pair: { from: req.layer, to: req.to ?? 'auto' },
            outDir,
            ...(req.epochs !== undefined ? { epochs: req.epochs } : {}),
            ...(req.samplesPerEpoch !== undefined ? { samplesPerEpoch: req.samplesPerEpoch } : {}),
            ...(req.validationSize !== undefined ? { validationSize: req.validationSize } : {}),
            ...(req.resume ? { resume: true } : {}),
            ...(req.overwrite ? { overwrite: true } : {}),
          },
          {
            signal: controller.signal,
            onProgress: (p) => {
              const pct = p.total > 0 ? (100 * p.step) / p.total : 0;
              progress.report({ increment: Math.max(0, pct - done), message: progressMessage(p) });
              done = Math.max(done, pct);
              panel.progress(p);
            },
            onEpoch: (e) => panel.epoch(e.epoch, e.samples),
          },
        );
        panel.stop('done');
        return result;
      } catch (e) {
        if (isGanLensError(e) && e.kind === 'cancelled') {
          panel.stop('paused');
          return undefined;
        }
        panel.stop('failed', toWireError(e));
        throw e;
      } finally {
        sub.dispose();
      }
    },
  );
}
