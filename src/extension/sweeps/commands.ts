/** Sweep commands (Run as sweep…, Run on Slurm…, Cancel, Retry, Merge) and the Sweeps view. */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EngineService } from '../engine/service';
import { requireTrust } from '../trust';
import { readConfigSummary, type ConfigSummary } from '../config/workspace-configs';
import { openComparison } from '../compare/compare-panel';
import { SweepCodeLensProvider } from './code-lens';
import { SweepsTree, type SweepNode } from './sweeps-tree';
import { cliMessage, startDetached, sweepCli } from './sweep-cli';
import { sweepFolderName } from './sweep-nodes';

type Scheduler = 'local' | 'slurm';

async function pickConfig(arg: unknown): Promise<ConfigSummary | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri?.fsPath.endsWith('.ganlens.json')) {
    const found = await vscode.workspace.findFiles('**/*.ganlens.json', '**/node_modules/**', 50);
    const pick = await vscode.window.showQuickPick(found.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { title: 'GAN Lens: sweep — which config?' });
    uri = pick?.uri;
  }
  return uri ? readConfigSummary(uri) : undefined;
}

/** The kind and its plan flags, asked with quick picks. */
async function pickKind(c: ConfigSummary): Promise<{ kind: string; flags: string[] } | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'evaluate', description: 'per layer: stitch/direct copy/random, GD with reg, GD without reg' },
      { label: 'compat', description: 'one item per cell of the compatibility matrix' },
      { label: 'stitch', description: 'one item per layer pair of the config' },
      { label: 'invert-gd', description: 'gradient-descent inversion: per layer × regularisation × image shard' },
    ],
    { title: `GAN Lens: sweep of ${c.name}` },
  );
  if (!kind) return undefined;
  if (kind.label !== 'compat') return { kind: kind.label, flags: [] };
  const rows = [...new Set([...c.pairs.map((p) => p.from), ...Object.keys(c.extractorLayers)])];
  const from = await vscode.window.showQuickPick([...rows.map((r) => ({ label: r, description: 'distances −2..+2' })), { label: '--all', description: 'every extractor layer × every generator layer' }], { title: 'Compatibility of which extractor layer?' });
  if (!from) return undefined;
  return { kind: 'compat', flags: from.label === '--all' ? ['--all'] : ['--from', from.label] };
}

async function slurmFlags(): Promise<string[] | undefined> {
  const r = spawnSync('sinfo', ['-h', '-o', '%R'], { encoding: 'utf8' });
  const partitions = r.status === 0 ? [...new Set(r.stdout.split('\n').map((s) => s.trim()).filter(Boolean))] : [];
  if (!partitions.length) {
    void vscode.window.showErrorMessage('GAN Lens: no Slurm here (sinfo is missing or failed). Open the folder on a login node of your cluster (Remote-SSH), or start the one-node test cluster: scripts/slurm/local-cluster.sh start');
    return undefined;
  }
  const p = await vscode.window.showQuickPick([{ label: '(default partition)' }, ...partitions.map((label) => ({ label }))], { title: 'Slurm partition' });
  if (!p) return undefined;
  const time = await vscode.window.showInputBox({ title: 'Time limit per task (sbatch --time; empty: the partition default)', placeHolder: '02:00:00' });
  if (time === undefined) return undefined;
  return [...(p.label.startsWith('(') ? [] : ['--partition', p.label]), ...(time.trim() ? ['--time', time.trim()] : [])];
}

export function registerSweepCommands(extensionUri: vscode.Uri, engine: EngineService): vscode.Disposable {
  const cli = vscode.Uri.joinPath(extensionUri, 'dist', 'cli.js').fsPath;
  const tree = new SweepsTree(cli, (report) => openComparison(extensionUri, engine, vscode.Uri.file(report)));
  const guarded = <A extends unknown[]>(f: (...a: A) => Promise<void>) => async (...a: A): Promise<void> => {
    try {
      await f(...a);
    } catch (e) {
      void vscode.window.showErrorMessage(`GAN Lens: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  /** A detached local pool: the view follows it until it exits, and says why when it failed. */
  const runDetached = (args: string[], run: string): void => {
    let exited!: () => void;
    tree.followWhile(new Promise<void>((r) => (exited = r)));
    startDetached(cli, args, path.join(run, 'logs', 'pool.log'), (failure) => {
      if (failure) void vscode.window.showErrorMessage(`GAN Lens: ${failure}`);
      exited();
    });
  };
  const start = async (arg: unknown, scheduler: Scheduler): Promise<void> => {
    if (!(await requireTrust('sweeps'))) return;
    const c = await pickConfig(arg);
    if (!c) return;
    const k = await pickKind(c);
    if (!k) return;
    const extra = scheduler === 'slurm' ? await slurmFlags() : [];
    if (!extra) return;
    const run = path.join(c.output, 'sweeps', sweepFolderName(k.kind, new Date()));
    const planned = await sweepCli(cli, ['plan', '--config', c.uri.fsPath, '--kind', k.kind, ...k.flags, '--out', run]);
    if (planned.code !== 0) throw new Error(cliMessage(planned));
    if (scheduler === 'local') {
      runDetached(['run', run, '--scheduler', 'local', '--workers', String(Math.max(1, cpus().length))], run);
    } else {
      const r = await sweepCli(cli, ['run', run, '--scheduler', 'slurm', ...extra]);
      if (r.code !== 0) throw new Error(cliMessage(r));
      void vscode.window.showInformationMessage(`GAN Lens: ${r.stdout.trim().split('\n').pop() ?? 'submitted'}`);
    }
    if (k.kind === 'evaluate') tree.openReportWhenMerged(run);
    tree.refresh();
  };
  const onSweep = (verb: 'cancel' | 'retry' | 'merge') =>
    guarded(async (n?: SweepNode) => {
      if (n?.kind !== 'sweep') return;
      const run = n.status.run;
      if (verb === 'retry' && n.status.scheduler !== 'slurm') {
        // A sweep planned elsewhere and never run has no scheduler on record: its first run is on this machine.
        const local = n.status.scheduler === null ? ['--scheduler', 'local', '--workers', String(Math.max(1, cpus().length))] : [];
        runDetached(['retry', run, ...local], run);
      } else {
        const r = await sweepCli(cli, [verb, run]);
        if (r.code !== 0) throw new Error(cliMessage(r));
        void vscode.window.showInformationMessage(`GAN Lens: ${r.stdout.trim().split('\n')[0] ?? verb}`);
      }
      if (n.status.kind === 'evaluate' && verb !== 'cancel') tree.openReportWhenMerged(run);
      tree.refresh();
    });
  return vscode.Disposable.from(
    tree,
    vscode.window.registerTreeDataProvider('ganLens.sweeps', tree),
    vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/*.ganlens.json' }, new SweepCodeLensProvider()),
    vscode.commands.registerCommand('ganLens.sweep.runLocal', guarded((arg?: unknown) => start(arg, 'local'))),
    vscode.commands.registerCommand('ganLens.sweep.runSlurm', guarded((arg?: unknown) => start(arg, 'slurm'))),
    vscode.commands.registerCommand('ganLens.sweep.refresh', () => tree.refresh()),
    vscode.commands.registerCommand('ganLens.sweep.cancel', onSweep('cancel')),
    vscode.commands.registerCommand('ganLens.sweep.retry', onSweep('retry')),
    vscode.commands.registerCommand('ganLens.sweep.merge', onSweep('merge')),
    vscode.commands.registerCommand('ganLens.sweep.openReport', (n?: SweepNode) => {
      if (n?.kind !== 'sweep' || !n.status.merged) return;
      if (n.status.kind === 'evaluate') openComparison(extensionUri, engine, vscode.Uri.file(n.status.merged));
      else void vscode.commands.executeCommand('vscode.open', vscode.Uri.file(n.status.merged));
    }),
  );
}
