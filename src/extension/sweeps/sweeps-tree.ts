/** The Sweeps view: every sweep folder (sweep.json) in the workspace, its items' states, refreshed while active. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ItemState, SweepStatusReport } from '../../protocol/sweeps';
import { isActive, itemLook, sweepLook, type NodeLook } from './sweep-nodes';
import { sweepStatus } from './sweep-cli';

export type SweepNode = { kind: 'sweep'; status: SweepStatusReport } | { kind: 'item'; run: string; item: ItemState } | { kind: 'error'; run: string; message: string };

export class SweepsTree implements vscode.TreeDataProvider<SweepNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<SweepNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  /** Runs whose merged evaluation report should open when it appears (sweeps started from this editor). */
  private readonly watchReports = new Set<string>();
  private lastStatuses: SweepStatusReport[] = [];
  /** Local pools started from this window that are still running: the view polls until they exit. */
  private following = 0;

  constructor(
    private readonly cli: string,
    private readonly onMergedReport: (report: string) => void,
  ) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Polls while `running` is pending, and refreshes once more when it settles. */
  followWhile(running: Promise<void>): void {
    this.following++;
    this.schedule();
    void running.finally(() => {
      this.following--;
      this.refresh();
    });
  }

  openReportWhenMerged(run: string): void {
    this.watchReports.add(run);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.refresh();
    }, 5000);
  }

  getTreeItem(n: SweepNode): vscode.TreeItem {
    if (n.kind === 'error') {
      const t = new vscode.TreeItem(path.basename(n.run));
      t.description = 'cannot read';
      t.tooltip = n.message;
      t.iconPath = new vscode.ThemeIcon('error');
      return t;
    }
    const look: NodeLook = n.kind === 'sweep' ? sweepLook(n.status) : itemLook(n.item);
    const t = new vscode.TreeItem(look.label, n.kind === 'sweep' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    t.description = look.description;
    t.tooltip = look.tooltip;
    t.iconPath = new vscode.ThemeIcon(look.icon);
    if (n.kind === 'sweep') {
      t.id = n.status.run;
      t.contextValue = n.status.merged ? 'ganLens.sweep.merged' : 'ganLens.sweep';
    } else {
      t.id = `${n.run}#${n.item.index}`;
      t.contextValue = 'ganLens.sweepItem';
      if (n.item.log) t.command = { title: 'Open Log', command: 'vscode.open', arguments: [vscode.Uri.file(n.item.log)] };
    }
    return t;
  }

  async getChildren(n?: SweepNode): Promise<SweepNode[]> {
    if (n?.kind === 'sweep') return n.status.items.map((item) => ({ kind: 'item', run: n.status.run, item }));
    if (n) return [];
    const files = await vscode.workspace.findFiles('**/sweep.json', '**/node_modules/**', 200);
    const nodes = await Promise.all(
      files.map(async (f): Promise<SweepNode> => {
        const run = path.dirname(f.fsPath);
        try {
          return { kind: 'sweep', status: await sweepStatus(this.cli, run) };
        } catch (e) {
          return { kind: 'error', run, message: e instanceof Error ? e.message : String(e) };
        }
      }),
    );
    const statuses = nodes.flatMap((x) => (x.kind === 'sweep' ? [x.status] : []));
    this.lastStatuses = statuses;
    for (const s of statuses) {
      if (s.merged && s.kind === 'evaluate' && this.watchReports.delete(s.run)) this.onMergedReport(s.merged);
    }
    if (statuses.some(isActive) || this.watchReports.size || this.following > 0) this.schedule();
    return nodes.sort((a, b) => (a.kind === 'sweep' ? a.status.run : a.run).localeCompare(b.kind === 'sweep' ? b.status.run : b.run));
  }

  /** The sweep status last shown for a folder. */
  statusOf(run: string): SweepStatusReport | undefined {
    return this.lastStatuses.find((s) => s.run === run);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
  }
}
