// The runs view: every experiment of the workspace with its runs (newest first), each with its
// status, steps, backend and key quality figure, a checkbox for Compare, and the filter.
// Redrawn when the data layer's watchers or a live session say something changed; no polling. A
// change to one run redraws that run's row only, so the rows around it (and a checkbox the user is
// about to click) stay put while a run trains.
// Runs in the extension host.
import * as path from 'path';
import * as vscode from 'vscode';
import { flattenParameters } from '../../core/experiment/parameterDiff';
import type { RunFacts, RunFilter } from '../../core/run/runFilter';
import type { RunSummary } from '../../core/run/runRecords';
import { runDisplayName } from '../../shared/runNames';
import { Disposable } from '../disposable';
import { describeResult } from '../lastResult';
import type { RunsData } from '../runsData';
import { Throttle } from '../throttle';
import type { TrainingSessions } from '../trainingSessions';

export type RunsNode = { kind: 'experiment'; file: string } | RunNode;
type RunNode = { kind: 'run'; file: string; dir: string };

/** Runs compared at once: more lines than this on one chart stop being readable. */
export const MAX_COMPARED = 8;

const STATUS_ICONS: Record<string, [string, string | undefined]> = {
  running: ['sync~spin', 'charts.blue'],
  completed: ['pass', 'testing.iconPassed'],
  stopped: ['debug-pause', 'charts.yellow'],
  failed: ['error', 'testing.iconFailed'],
};

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(0)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

/** "8/8 modes", "FID 12.3" or "MMD 0.012": the one figure that says how good a run is. */
function keyFigure(summary: RunSummary): string | undefined {
  const m = summary.metrics ?? {};
  if (m.modesCovered !== undefined) return `${m.modesCovered}/${m.modeCount} modes`;
  if (m.fid !== undefined) return `FID ${m.fid.toFixed(1)}`;
  if (m.mmd !== undefined) return `MMD ${m.mmd.toFixed(4)}`;
  return undefined;
}

export class RunsTreeProvider extends Disposable implements vscode.TreeDataProvider<RunsNode> {
  private readonly _onDidChangeTreeData = this._register(new vscode.EventEmitter<RunsNode | undefined>());
  readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
  private experiments: string[] | undefined;
  private filter: RunFilter | undefined;
  /** Runs ticked for Compare, in the order they were ticked. */
  readonly checked: string[] = [];
  /** The nodes handed to VS Code, one object per run: a redraw of one row names its node. */
  private readonly runNodes = new Map<string, RunNode>();
  private readonly changedRuns = new Set<string>();
  private everythingChanged = false;
  private readonly redraw = this._register(new Throttle(() => this.flush(), 500));

  constructor(
    private readonly runs: RunsData,
    private readonly sessions: TrainingSessions,
  ) {
    super();
    this._register(runs.onDidChange((dir) => this.redrawRun(dir)));
    this._register(sessions.onDidChange((s) => this.redrawRun(s.options.runDir)));
    const experiments = this._register(vscode.workspace.createFileSystemWatcher('**/*.gan.json', false, true, false));
    const relist = () => {
      this.experiments = undefined;
      this.redrawAll();
    };
    this._register(experiments.onDidCreate(relist));
    this._register(experiments.onDidDelete(relist));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(relist));
  }

  /** `dir` changed: its row, when the view shows it and no filter could hide it now; else the tree
   * (a new run, a deleted one, a runs folder). */
  private redrawRun(dir: string): void {
    if (this.runNodes.has(dir) && !this.filter) this.changedRuns.add(dir);
    else this.everythingChanged = true;
    this.redraw.call();
  }

  private redrawAll(): void {
    this.everythingChanged = true;
    this.redraw.call();
  }

  private flush(): void {
    if (this.everythingChanged) this._onDidChangeTreeData.fire(undefined);
    else for (const dir of this.changedRuns) this._onDidChangeTreeData.fire(this.runNodes.get(dir));
    this.everythingChanged = false;
    this.changedRuns.clear();
  }

  setFilter(filter: RunFilter | undefined): void {
    this.filter = filter?.ok && filter.text ? filter : undefined;
    this._onDidChangeTreeData.fire(undefined);
  }

  get filterText(): string | undefined {
    return this.filter?.ok ? this.filter.text : undefined;
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (!node) {
      this.experiments ??= (await vscode.workspace.findFiles('**/*.gan.json', '**/node_modules/**'))
        .map((u) => u.fsPath)
        .sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
      // Experiments with runs first (most recent run first), then the others by name.
      const latest = (file: string) => path.basename(this.runs.runDirsOf(file).at(-1) ?? '');
      const all = [...this.experiments]
        .sort((a, b) => latest(b).localeCompare(latest(a)))
        .map((file): RunsNode => ({ kind: 'experiment', file }));
      // Only experiments with runs (that pass the filter): the view is the history.
      return all.filter((e) => this.visibleRuns(e.file).length);
    }
    if (node.kind === 'run') return [];
    return this.visibleRuns(node.file).map((dir) => this.runNode(node.file, dir));
  }

  private runNode(file: string, dir: string): RunNode {
    let node = this.runNodes.get(dir);
    if (!node || node.file !== file) this.runNodes.set(dir, (node = { kind: 'run', file, dir }));
    return node;
  }

  /** The experiment's runs that pass the filter, newest first. */
  visibleRuns(file: string): string[] {
    const dirs = [...this.runs.runDirsOf(file)].reverse();
    const filter = this.filter;
    return filter?.ok ? dirs.filter((d) => filter.matches(this.factsOf(d))) : dirs;
  }

  private factsOf(dir: string): RunFacts {
    const cache = this.runs.run(dir);
    const summary = cache.summary();
    const experiment = cache.experiment() ?? {};
    const labels = this.runs.labels(dir);
    const status = this.liveStatus(dir) ?? summary?.status ?? 'unknown';
    return {
      words: [path.basename(dir), labels.label ?? '', String(experiment.name ?? ''), status, summary?.backend ?? ''],
      parameters: flattenParameters(experiment),
      values: { ...(summary?.metrics ?? {}), status, steps: summary?.steps, backend: summary?.backend },
    };
  }

  /** A run's status as its live session knows it (summary.json says running until the end). */
  private liveStatus(dir: string): string | undefined {
    const s = this.sessions.running().find((x) => x.options.runDir === dir);
    return s ? 'running' : undefined;
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const count = this.runs.runDirsOf(node.file).length;
      const item = new vscode.TreeItem(
        path.basename(node.file).replace(/\.gan\.json$/, ''),
        vscode.TreeItemCollapsibleState.Expanded,
      );
      item.id = `experiment:${node.file}`;
      item.resourceUri = vscode.Uri.file(node.file);
      const folder = path.dirname(vscode.workspace.asRelativePath(node.file, false));
      item.description = [`${count} run${count === 1 ? '' : 's'}`, folder === '.' ? '' : folder]
        .filter(Boolean)
        .join(' · ');
      item.accessibilityInformation = { label: `${path.basename(node.file)}, ${item.description}` };
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'experiment';
      item.tooltip = node.file;
      item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.file(node.file)] };
      return item;
    }
    return this.runItem(node);
  }

  private runItem(node: { file: string; dir: string }): vscode.TreeItem {
    const summary = this.runs.run(node.dir).summary();
    const labels = this.runs.labels(node.dir);
    const session = this.sessions.running().find((s) => s.options.runDir === node.dir);
    const status = session ? 'running' : (summary?.status ?? 'running');
    const id = path.basename(node.dir);
    const item = new vscode.TreeItem(
      runDisplayName(id, summary?.startedAt, labels.label),
      vscode.TreeItemCollapsibleState.None,
    );
    item.id = `run:${node.dir}`;
    const steps = session?.status.step ?? summary?.steps ?? 0;
    const total = session?.status.totalSteps ?? summary?.totalSteps ?? 0;
    const figure = summary && !session ? keyFigure(summary) : undefined;
    const alarms = session?.status.alarms ?? summary?.alarms ?? [];
    const alarmText = alarms.length ? `${alarms.length} alarm${alarms.length === 1 ? '' : 's'}` : undefined;
    item.description = [`${steps}/${total}`, summary?.backend, figure, alarmText].filter(Boolean).join(' · ');
    // A finished run that raised alarms shows the warning instead of its status (the tooltip and
    // the description keep both); a running one keeps its spinner, a failed one its error.
    const [icon, colour] =
      alarms.length && (status === 'completed' || status === 'stopped')
        ? ['warning', 'list.warningForeground']
        : (STATUS_ICONS[status] ?? ['circle-outline', undefined]);
    item.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
    const resumable =
      !session &&
      (status === 'stopped' || status === 'failed') &&
      summary?.checkpointStep !== undefined &&
      summary.checkpointStep < summary.totalSteps;
    const hasCheckpoint = summary?.checkpointStep !== undefined;
    item.contextValue = ['run', status, resumable ? 'resumable' : '', hasCheckpoint ? 'checkpoint' : '']
      .filter(Boolean)
      .join('.');
    item.checkboxState = this.checked.includes(node.dir)
      ? vscode.TreeItemCheckboxState.Checked
      : vscode.TreeItemCheckboxState.Unchecked;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${labels.label ? `${labels.label} (${id})` : id}** — ${status}\n\n`);
    if (summary) {
      tip.appendMarkdown(`${describeResult(summary)} of ${summary.totalSteps}, ${summary.backend}\n\n`);
      tip.appendMarkdown(`Started ${new Date(summary.startedAt).toLocaleString()}`);
      if (summary.wallSeconds) tip.appendMarkdown(`, trained for ${duration(summary.wallSeconds)}`);
      if (summary.stepsPerSecond) tip.appendMarkdown(` (${summary.stepsPerSecond.toFixed(1)} steps/s)`);
      tip.appendMarkdown('\n\n');
      if (summary.checkpointStep !== undefined) tip.appendMarkdown(`Checkpoint at step ${summary.checkpointStep}\n\n`);
      if (summary.resumes?.length)
        tip.appendMarkdown(`Resumed at step ${summary.resumes.map((r) => r.step).join(', ')}\n\n`);
      if (summary.forkedFrom)
        tip.appendMarkdown(
          `Forked from ${path.basename(summary.forkedFrom.runDir)} at step ${summary.forkedFrom.step}\n\n`,
        );
      if (summary.error) tip.appendText(summary.error);
    }
    for (const a of alarms)
      tip.appendMarkdown('\n\n$(warning) ').appendText(`Step ${a.step}: ${a.message} ${a.remedy}`);
    item.tooltip = tip;
    item.command = {
      command: 'ganStudio.runs.openDashboard',
      title: 'Open Dashboard',
      arguments: [{ kind: 'run', file: node.file, dir: node.dir }],
    };
    return item;
  }

  getParent(node: RunsNode): RunsNode | undefined {
    return node.kind === 'run' ? { kind: 'experiment', file: node.file } : undefined;
  }
}
