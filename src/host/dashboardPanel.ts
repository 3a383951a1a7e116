// The dashboard of one experiment: a webview panel that shows the latest run, live while it trains,
// and rebuilds itself from the run folder after a reload. Runs in the extension host.
import { parseTree } from 'jsonc-parser';
import * as path from 'path';
import * as vscode from 'vscode';
import { SourceText } from '../core/experiment/sourceText';
import type { SampleRecord } from '../core/run/runRecords';
import {
  isWebviewToHost,
  type BackendNotice,
  type DashboardSnapshot,
  type DashboardStatus,
  type HostToWebview,
  type SampleView,
  type RealSamplesView,
  describeData,
} from '../shared/webviewProtocol';
import * as fs from 'fs';
import { toColumns } from '../shared/metricsColumns';
import { qualityReferenceOf } from '../core/run/qualityReference';
import { REAL_SAMPLES, type DataInfo, type RunSummary } from '../core/run/runRecords';
import { Disposable } from './disposable';
import { panelHtml } from './panelHtml';
import type { RunsData } from './runsData';
import { readSettings } from './settings';
import type { TrainingSession } from './trainingSession';
import type { TrainingSessions } from './trainingSessions';

export const DASHBOARD_VIEW_TYPE = 'ganStudio.dashboard';

/** What a restored panel needs to find its run again (saved by the webview as its state). */
export interface DashboardState {
  file: string;
}

/** The backend offer and its install, which every dashboard shows in its header. */
export interface BackendNotices {
  readonly currentNotice: BackendNotice | undefined;
  readonly onDidChangeNotice: vscode.Event<BackendNotice | undefined>;
  installFromDashboard(): Promise<void>;
  dismissNotice(): void;
  showLog(): void;
}

export interface DashboardContext {
  extensionUri: vscode.Uri;
  sessions: TrainingSessions;
  runs: RunsData;
  backends: BackendNotices;
  train(file: vscode.Uri): Thenable<unknown>;
  stop(file: vscode.Uri): void;
}

export class DashboardPanel extends Disposable {
  private static readonly panels = new Map<string, DashboardPanel>();
  private ready = false;
  private queue: HostToWebview[] = [];
  private sessionListeners: vscode.Disposable[] = [];
  private runDir: string | undefined;
  /** A run the user chose to look at; a run that starts training afterwards takes its place. */
  private pinned: string | undefined;
  /** The runs folder the webview may load files from (it follows the experiment's name). */
  private rootsRunsDir: string | undefined;
  /** Milliseconds of the host's event loop each snapshot took (read, encode, post), for tests. */
  readonly snapshotMs: number[] = [];

  /** Shows the dashboard of `file`, creating it if needed; on `runDir` when given (an older run
   * picked in the runs view), else on the training or latest run. */
  static createOrShow(ctx: DashboardContext, file: string, runDir?: string): DashboardPanel {
    const existing = DashboardPanel.panels.get(file);
    if (existing) {
      existing.panel.reveal(undefined, true);
      if (runDir && runDir !== existing.runDir) existing.showRun(runDir);
      else if (!runDir) existing.showLatest();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      DashboardPanel.title(file),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      DashboardPanel.webviewOptions(ctx, file),
    );
    const created = new DashboardPanel(ctx, panel, file);
    if (runDir) created.pinned = runDir;
    return created;
  }

  /** Re-attaches a panel VS Code restored after a reload. */
  static revive(ctx: DashboardContext, panel: vscode.WebviewPanel, state: DashboardState): DashboardPanel {
    panel.webview.options = DashboardPanel.webviewOptions(ctx, state.file);
    return new DashboardPanel(ctx, panel, state.file);
  }

  static get(file: string): DashboardPanel | undefined {
    return DashboardPanel.panels.get(file);
  }

  static all(): DashboardPanel[] {
    return [...DashboardPanel.panels.values()];
  }

  private static title(file: string): string {
    return `GAN: ${path.basename(file).replace(/\.gan\.json$/, '')}`;
  }

  /** Scripts on; local files only from the bundle, the styles and the experiment's run folders. */
  private static webviewOptions(
    ctx: DashboardContext,
    file: string,
  ): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    const roots = [vscode.Uri.joinPath(ctx.extensionUri, 'dist'), vscode.Uri.joinPath(ctx.extensionUri, 'media')];
    const runs = ctx.runs.runsDirFor(file);
    if (runs) roots.push(vscode.Uri.file(runs));
    return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: roots };
  }

  private constructor(
    private readonly ctx: DashboardContext,
    readonly panel: vscode.WebviewPanel,
    readonly file: string,
  ) {
    super();
    DashboardPanel.panels.set(file, this);
    this.rootsRunsDir = ctx.runs.runsDirFor(file);
    const webview = panel.webview;
    const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(ctx.extensionUri, ...p)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: uri('dist', 'webview.js'),
      styleUris: [uri('dist', 'uPlot.min.css'), uri('media', 'dashboard.css')],
      title: DashboardPanel.title(file),
    });
    panel.iconPath = vscode.Uri.joinPath(ctx.extensionUri, 'media', 'icon.svg');
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    this._register(
      ctx.sessions.onDidStart((s) => {
        if (s.options.file === file) this.follow(s);
      }),
    );
    this._register(
      ctx.backends.onDidChangeNotice((notice) => this.send({ type: 'backendNotice', notice: notice ?? null })),
    );
    const session = ctx.sessions.get(file);
    if (session) this.follow(session);
  }

  private onMessage(message: unknown): void {
    if (!isWebviewToHost(message)) return; // untrusted input: anything else is dropped
    switch (message.type) {
      case 'ready': {
        // A webview starts (or, shown again, restarts) empty: it gets the whole run from the cache.
        const started = performance.now();
        this.ready = true;
        this.post({ type: 'snapshot', snapshot: this.snapshot() });
        this.snapshotMs.push(performance.now() - started);
        for (const m of this.queue.splice(0)) this.post(m);
        break;
      }
      case 'train':
        void this.ctx.train(vscode.Uri.file(this.file));
        break;
      case 'stop':
        this.ctx.stop(vscode.Uri.file(this.file));
        break;
      case 'compare':
        if (this.runDir) void vscode.commands.executeCommand('ganStudio.runs.compareWith', this.file, this.runDir);
        break;
      case 'openRunFolder':
        if (this.runDir) void this.revealRunFolder(this.runDir);
        break;
      case 'installNativeBackend':
        void this.ctx.backends.installFromDashboard();
        break;
      case 'dismissBackendNotice':
        this.ctx.backends.dismissNotice();
        break;
      case 'showLog':
        this.ctx.backends.showLog();
        break;
      case 'showAlarm':
        void this.showAlarmField(message.index);
        break;
      case 'intervene':
        this.ctx.sessions.get(this.file)?.intervene(message.request);
        break;
    }
  }

  /** The OS's file manager where there is one on this side; else the Explorer (code-server and
   * remote windows, whose files are on another machine). */
  private async revealRunFolder(dir: string): Promise<void> {
    const uri = vscode.Uri.file(dir);
    const local = vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName;
    await vscode.commands.executeCommand(local ? 'revealFileInOS' : 'revealInExplorer', uri);
  }

  /** Opens the experiment with the field an alarm's remedy changes selected (or, when the file
   * does not write it, the nearest field that it does). */
  private async showAlarmField(index: number): Promise<void> {
    const session = this.ctx.sessions.get(this.file);
    const alarms =
      session?.options.runDir === this.runDir
        ? session?.status.alarms
        : this.runDir
          ? this.ctx.runs.run(this.runDir).summary()?.alarms
          : undefined;
    const alarm = alarms?.[index];
    if (!alarm) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(this.file));
    const text = doc.getText();
    const range = new SourceText(text, parseTree(text)).rangeOf(alarm.field);
    const selection = new vscode.Selection(doc.positionAt(range.offset), doc.positionAt(range.offset + range.length));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, selection });
  }

  /** Shows another run of the experiment: the whole panel, from its folder. */
  private showRun(runDir: string): void {
    this.pinned = runDir;
    // The live run's events are not this run's.
    if (this.ctx.sessions.get(this.file)?.options.runDir !== runDir)
      for (const d of this.sessionListeners.splice(0)) d.dispose();
    if (this.ready) this.post({ type: 'snapshot', snapshot: this.snapshot() });
  }

  /** Back from a picked run to the training (or latest) one. */
  private showLatest(): void {
    if (!this.pinned) return;
    this.pinned = undefined;
    const session = this.ctx.sessions.get(this.file);
    if (session) this.follow(session);
    else if (this.ready) this.post({ type: 'snapshot', snapshot: this.snapshot() });
  }

  /** Follows a (new) session: its snapshot replaces the panel's content, then events stream in. */
  private follow(session: TrainingSession): void {
    this.pinned = undefined;
    for (const d of this.sessionListeners.splice(0)) d.dispose();
    this.runDir = session.options.runDir;
    this.sessionListeners.push(
      session.onDidReceiveMetrics((records) => this.send({ type: 'metrics', records, status: session.status })),
      session.onDidReceiveSample((sample) => this.send({ type: 'sample', sample: this.sampleView(sample) })),
      session.onDidChangeStatus((status) => this.send({ type: 'status', status })),
      session.onDidStartBackend((started) => {
        const real = started.data && this.realSamplesView(session.options.runDir, started.data);
        if (real) this.send({ type: 'realSamples', realSamples: real });
        if (started.data?.reference) this.send({ type: 'qualityReference', reference: started.data.reference });
      }),
    );
    if (this.ready) this.post({ type: 'snapshot', snapshot: this.snapshot() });
  }

  private send(message: HostToWebview): void {
    if (this.ready) this.post(message);
    else this.queue.push(message);
  }

  private post(message: HostToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private sampleView(sample: SampleRecord): SampleView {
    const dir = this.runDir!;
    return {
      step: sample.step,
      kind: sample.kind,
      points: sample.points,
      imageUri: this.panel.webview.asWebviewUri(vscode.Uri.file(path.join(dir, sample.image))).toString(),
    };
  }

  /** The panel's whole content, from the run folder on disk (the record) and the live session. */
  private snapshot(): DashboardSnapshot {
    return {
      ...this.snapshotOfRun(),
      smoothing: readSettings().smoothing,
      backendNotice: this.ctx.backends.currentNotice,
    };
  }

  private snapshotOfRun(): DashboardSnapshot {
    let session = this.ctx.sessions.get(this.file);
    const runs = this.ctx.runs.runsDirFor(this.file);
    if (runs !== this.rootsRunsDir) {
      // The experiment was renamed: its runs live elsewhere now, and the webview may load them.
      this.rootsRunsDir = runs;
      this.panel.webview.options = DashboardPanel.webviewOptions(this.ctx, this.file);
    }
    this.runDir = this.pinned ?? session?.options.runDir ?? this.ctx.runs.latestRunDir(this.file);
    if (this.pinned && this.pinned !== session?.options.runDir) session = undefined; // another run: its record only
    const name = path.basename(this.file).replace(/\.gan\.json$/, '');
    const run = this.runDir ? this.ctx.runs.run(this.runDir).record() : undefined;
    if (!run?.experiment && !session) {
      return {
        experimentName: name,
        file: this.file,
        status: { status: 'idle', step: 0, totalSteps: 0 },
        metrics: toColumns([]),
        samples: [],
      };
    }
    const s = run?.summary;
    const lastStep = run?.metrics.at(-1)?.step ?? 0;
    const fromDisk: DashboardStatus = s
      ? {
          status: s.status,
          step: s.steps || lastStep,
          totalSteps: s.totalSteps,
          backend: s.backend,
          stepsPerSecond: s.stepsPerSecond,
          error: s.error,
          skipped: s.data?.skipped,
          alarms: s.alarms,
          runDir: this.runDir,
          interventions: run?.interventions,
        }
      : { status: 'idle', step: 0, totalSteps: 0, runDir: this.runDir };
    return {
      experimentName: (run?.experiment?.name as string | undefined) ?? name,
      file: this.file,
      status: session?.isRunning
        ? { ...session.status, step: Math.max(session.status.step, lastStep), interventions: run?.interventions }
        : session && !s
          ? session.status
          : fromDisk,
      metrics: this.runDir ? this.ctx.runs.run(this.runDir).metricsColumns() : toColumns([]),
      samples: (run?.samples ?? []).map((r) => this.sampleView(r)),
      realSamples: this.runDir ? this.realSamplesView(this.runDir, dataInfoOf(run?.summary)) : undefined,
      reference: s?.classifier ? qualityReferenceOf(s.classifier) : undefined,
    };
  }

  /** The run's picture of real samples, when it has one (image data). */
  private realSamplesView(runDir: string, data: DataInfo | undefined): RealSamplesView | undefined {
    const file = path.join(runDir, REAL_SAMPLES);
    if (!data || !fs.existsSync(file)) return undefined;
    return {
      imageUri: this.panel.webview.asWebviewUri(vscode.Uri.file(file)).toString(),
      caption: `Real, as the discriminator sees them: ${describeData(data.sampleShape, data.samples)}`,
    };
  }

  override dispose(): void {
    if (DashboardPanel.panels.get(this.file) === this) DashboardPanel.panels.delete(this.file);
    for (const d of this.sessionListeners.splice(0)) d.dispose();
    this.panel.dispose();
    super.dispose();
  }
}

/** Restores dashboards after a window reload, from the state their webviews saved. */
export class DashboardSerializer implements vscode.WebviewPanelSerializer<DashboardState> {
  constructor(private readonly ctx: DashboardContext) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: DashboardState | undefined): Promise<void> {
    if (!state || typeof state.file !== 'string') {
      panel.dispose();
      return;
    }
    DashboardPanel.revive(this.ctx, panel, state);
  }
}

/** What the run's summary says of its data. */
function dataInfoOf(summary: RunSummary | undefined): DataInfo | undefined {
  return summary?.data ? { sampleShape: summary.data.sampleShape, samples: summary.data.samples } : undefined;
}
