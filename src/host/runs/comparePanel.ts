// The Compare panel: two to eight runs side by side (their parameters, overlaid curves and sample
// grids under one step slider), rebuilt from their folders whenever one changes or the window
// reloads. Runs in the extension host; the webview only draws what it is sent.
import * as path from 'path';
import * as vscode from 'vscode';
import { COMPARE_COLOURS } from '../../core/run/runLabels';
import {
  isCompareToHost,
  type CompareRun,
  type CompareSnapshot,
  type HostToCompare,
} from '../../shared/compareProtocol';
import { parameterRows } from '../../shared/compareRows';
import { decimateColumns } from '../../shared/metricsColumns';
import { runDisplayName } from '../../shared/runNames';
import { Disposable } from '../disposable';
import { panelHtml } from '../panelHtml';
import type { RunsData } from '../runsData';
import { Throttle } from '../throttle';

/** Rows per run sent to Compare: eight runs of 100,000 steps would be 64 MB per snapshot, and a
 * chart has a few thousand pixels; quality measurements and the last record are always kept. */
const COMPARE_ROWS = 5000;

export class ComparePanel extends Disposable {
  static readonly viewType = 'ganStudio.compare';
  private static current: ComparePanel | undefined;
  private ready = false;
  /** Milliseconds of the host's event loop each snapshot took (read, encode, post), for tests. */
  readonly snapshotMs: number[] = [];
  private readonly refresh = this._register(new Throttle(() => this.postSnapshot(), 1000));

  /** Shows the comparison of `runDirs` (one panel: a new selection replaces the last). */
  static show(extensionUri: vscode.Uri, runs: RunsData, runDirs: string[]): ComparePanel {
    if (ComparePanel.current) {
      ComparePanel.current.setRuns(runDirs);
      ComparePanel.current.panel.reveal(undefined, false);
      return ComparePanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      ComparePanel.viewType,
      'GAN: compare runs',
      { viewColumn: vscode.ViewColumn.Active },
      ComparePanel.options(extensionUri, runDirs),
    );
    return new ComparePanel(extensionUri, runs, panel, runDirs);
  }

  static revive(extensionUri: vscode.Uri, runs: RunsData, panel: vscode.WebviewPanel, runDirs: string[]): ComparePanel {
    panel.webview.options = ComparePanel.options(extensionUri, runDirs);
    return new ComparePanel(extensionUri, runs, panel, runDirs);
  }

  static get(): ComparePanel | undefined {
    return ComparePanel.current;
  }

  /** Scripts on; local files only from the bundle, the styles and the compared runs' folders. */
  private static options(
    extensionUri: vscode.Uri,
    runDirs: string[],
  ): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [
        vscode.Uri.joinPath(extensionUri, 'dist'),
        vscode.Uri.joinPath(extensionUri, 'media'),
        ...runDirs.map((d) => vscode.Uri.file(d)),
      ],
    };
  }

  private constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly runs: RunsData,
    readonly panel: vscode.WebviewPanel,
    private runDirs: string[],
  ) {
    super();
    ComparePanel.current = this;
    const webview = panel.webview;
    const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      scriptUri: uri('dist', 'compare.js'),
      styleUris: [uri('dist', 'uPlot.min.css'), uri('media', 'dashboard.css'), uri('media', 'compare.css')],
      title: 'Compare runs',
    });
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.svg');
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register(webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)));
    this._register(
      runs.onDidChange((dir) => {
        if (this.runDirs.some((d) => d === dir || path.dirname(d) === dir)) this.refresh.call();
      }),
    );
  }

  get comparedRuns(): readonly string[] {
    return this.runDirs;
  }

  private setRuns(runDirs: string[]): void {
    this.runDirs = runDirs;
    this.panel.webview.options = ComparePanel.options(this.extensionUri, runDirs);
    this.postSnapshot();
  }

  private onMessage(message: unknown): void {
    if (!isCompareToHost(message)) return; // untrusted input: anything else is dropped
    if (message.type === 'ready') {
      this.ready = true;
      this.postSnapshot();
    } else if (this.runDirs.includes(message.dir)) {
      const file = this.runs.experimentFileOf(message.dir);
      if (file) void vscode.commands.executeCommand('ganStudio.openDashboard', vscode.Uri.file(file), message.dir);
    }
  }

  private postSnapshot(): void {
    if (!this.ready) return;
    const started = performance.now();
    const message: HostToCompare = { type: 'snapshot', snapshot: this.snapshot() };
    void this.panel.webview.postMessage(message);
    this.snapshotMs.push(performance.now() - started);
  }

  snapshot(): CompareSnapshot {
    const started = performance.now();
    const records = this.runDirs.map((dir) => this.runs.run(dir).record());
    const runs = records.map((r, i): CompareRun => {
      const labels = this.runs.labels(r.dir);
      return {
        dir: r.dir,
        id: path.basename(r.dir),
        label: runDisplayName(path.basename(r.dir), r.summary?.startedAt, labels.label),
        experiment: String(r.experiment?.name ?? path.basename(path.dirname(r.dir))),
        colour: labels.colour ?? COMPARE_COLOURS[i % COMPARE_COLOURS.length],
        status: r.summary?.status ?? 'unknown',
        steps: r.summary?.steps ?? r.metrics.at(-1)?.step ?? 0,
        totalSteps: r.summary?.totalSteps ?? 0,
        backend: r.summary?.backend,
        metrics: decimateColumns(this.runs.run(r.dir).metricsColumns(), COMPARE_ROWS),
        samples: r.samples.map((s) => ({
          step: s.step,
          kind: s.kind,
          imageUri: this.panel.webview.asWebviewUri(vscode.Uri.file(path.join(r.dir, s.image))).toString(),
        })),
      };
    });
    return {
      runs,
      parameters: parameterRows(records.map((r) => r.experiment)),
      builtInMs: Math.round(performance.now() - started),
    };
  }

  override dispose(): void {
    if (ComparePanel.current === this) ComparePanel.current = undefined;
    super.dispose();
  }
}
