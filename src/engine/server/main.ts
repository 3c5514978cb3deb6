/**
 * The GAN Lens engine process: JSON-RPC (vscode-jsonrpc) over stdio, spawned by the extension host.
 * stdout is the protocol channel; everything human-readable goes to stderr (the host's Output channel).
 */
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import {
  AnalyzeModelRequest,
  CancelJobRequest,
  HelloRequest,
  JobProgressNotification,
  SelfTestRequest,
  SetProviderRequest,
  SetMemoryBudgetRequest,
  SetTrustRequest,
} from '../../protocol/engine';
import { ConfigCheckRequest, ConfigGeneratorsRequest, ConfigProposeRequest } from '../../protocol/config';
import { EvaluateLayerNotification, EvaluateReportRequest, EvaluateRunRequest, type EvaluateLayerNotice } from '../../protocol/evaluate';
import { GdInvertRequest } from '../../protocol/gd';
import { PaintBatchRequest, PaintCloseRequest, PaintExportRequest, PaintOpenRequest, PaintRepaintRequest } from '../../protocol/paint';
import { StitchEpochNotification, StitchLayerSwitchRequest, StitchReconstructRequest, StitchRunsRequest, StitchTrainRequest, type StitchEpochNotice } from '../../protocol/stitch';
import { VectorsListRequest, VectorsRankRequest, VectorsAddRequest, VectorsStarterRequest } from '../../protocol/vectors';
import type { JobProgress } from '../../protocol/progress';
import { handle } from './handle';
import { FrameGuard } from './framing';
import { isBodyParseError, parseErrorResponse } from './parse-error';
import { log, routeConsoleToStderr } from './log';
import { createEngineState } from './state';
import { hello } from './handlers/hello';
import { setProvider } from './handlers/set-provider';
import { setMemoryBudget } from './handlers/set-memory-budget';
import { setTrust } from './handlers/set-trust';
import { analyze } from './handlers/analyze';
import { cancelJob } from './handlers/cancel-job';
import { selfTest } from './handlers/self-test';
import { ENGINE_VERSION } from './version';
import { stitchTrain } from './features/stitch-train';
import { stitchRuns } from './features/stitch-runs';
import { stitchLayerSwitch, stitchReconstruct } from './features/stitch-reconstruct';
import { evaluateReport } from './features/evaluate-report';
import { evaluateRun } from './features/evaluate-run';
import { paintHandlers } from './features/paint';
import { vectorsList } from './features/vectors';
import { gdInvert } from './features/gd-invert';
import { configCheck } from './features/config-check';
import { vectorsAdd, vectorsRank } from './features/vectors-rank';
import { configGenerators, configPropose } from './features/config-propose';
import { vectorsStarter } from './features/vectors-starter';

function main(): void {
  routeConsoleToStderr();
  // Input framing errors end the process (exit 3) so the host restarts the engine instead of talking to a deaf one.
  const guard = new FrameGuard();
  guard.on('error', (e) => {
    log('error', `Protocol framing error: ${e.message}. The engine stops so that the editor restarts it.`);
    process.exit(3);
  });
  process.stdin.pipe(guard);
  const reader = new StreamMessageReader(guard);
  const writer = new StreamMessageWriter(process.stdout);
  reader.onError((e) => {
    if (isBodyParseError(e)) {
      // A well-framed body that is not JSON: JSON-RPC's parse error, and the engine keeps listening.
      log('warn', `Unparsable message body: ${e.message}`);
      void writer.write(parseErrorResponse(e));
      return;
    }
    log('error', `Protocol error: ${e.message}. The engine stops so that the editor restarts it.`);
    process.exit(3);
  });
  const conn = createMessageConnection(reader, writer);
  const state = createEngineState();
  const sendProgress = (p: JobProgress): void => {
    void conn.sendNotification(JobProgressNotification, p);
  };

  handle(conn, HelloRequest, hello(state));
  handle(conn, SetProviderRequest, setProvider(state));
  handle(conn, SetMemoryBudgetRequest, setMemoryBudget(state));
  handle(conn, SetTrustRequest, setTrust(state));
  handle(conn, AnalyzeModelRequest, analyze(state));
  handle(conn, CancelJobRequest, cancelJob(state));
  handle(conn, SelfTestRequest, selfTest(state, sendProgress));

  const sendEpoch = (e: StitchEpochNotice): void => {
    void conn.sendNotification(StitchEpochNotification, e);
  };
  handle(conn, StitchTrainRequest, stitchTrain(state, sendProgress, sendEpoch));
  handle(conn, StitchRunsRequest, stitchRuns(state));
  handle(conn, StitchReconstructRequest, stitchReconstruct(state, sendProgress));
  handle(conn, StitchLayerSwitchRequest, stitchLayerSwitch(state));
  handle(conn, EvaluateReportRequest, evaluateReport());
  const sendLayer = (n: EvaluateLayerNotice): void => {
    void conn.sendNotification(EvaluateLayerNotification, n);
  };
  handle(conn, EvaluateRunRequest, evaluateRun(state, sendProgress, sendLayer));
  const paint = paintHandlers(state, sendProgress);
  handle(conn, PaintOpenRequest, paint.open);
  handle(conn, PaintRepaintRequest, paint.repaint);
  handle(conn, PaintExportRequest, paint.export);
  handle(conn, PaintBatchRequest, paint.batch);
  handle(conn, PaintCloseRequest, paint.close);
  handle(conn, VectorsListRequest, vectorsList());
  handle(conn, GdInvertRequest, gdInvert(state, sendProgress));
  handle(conn, ConfigCheckRequest, configCheck());
  handle(conn, ConfigProposeRequest, configPropose(state));
  handle(conn, ConfigGeneratorsRequest, configGenerators(state));
  handle(conn, VectorsRankRequest, vectorsRank(state, sendProgress));
  handle(conn, VectorsAddRequest, vectorsAdd(state));
  handle(conn, VectorsStarterRequest, vectorsStarter(state, sendProgress));

  // A bug in one request must not take the engine (and every other open model) down with it.
  process.on('uncaughtException', (e) => log('error', `uncaught exception: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => log('error', `unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  conn.onClose(() => {
    state.jobs.cancelAll();
    process.exit(0);
  });
  conn.listen();
  log('info', `GAN Lens engine ${ENGINE_VERSION} started (pid ${process.pid}, node ${process.version})`);
}

main();
