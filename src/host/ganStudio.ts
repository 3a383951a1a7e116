// Wires the extension together: commands, CodeLens, diagnostics, sessions, dashboards, status bar.
// Thin by design: each part translates between VS Code and the core. Runs in the extension host.
import * as fs from 'fs';
import * as path from 'path';
import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import { newRunId } from '../core/run/runFolder';
import { probeBackend } from './backendProbe';
import { GanCodeLensProvider } from './codeLensProvider';
import { DASHBOARD_VIEW_TYPE, DashboardPanel, DashboardSerializer, type DashboardContext } from './dashboardPanel';
import { ExperimentAuthoring } from './authoring';
import { ExperimentDiagnostics, isExperimentDocument } from './diagnostics';
import { Disposable } from './disposable';
import { installedNativeBackend, installNativeBackend, offerNativeBackendOnce } from './nativeBackend';
import { newExperiment } from './newExperiment';
import { readSettings } from './settings';
import { TrainingStatusBar } from './statusBar';
import { TrainingSessions } from './trainingSessions';

export class GanStudio extends Disposable {
  readonly log = this._register(vscode.window.createOutputChannel('GAN Studio'));
  readonly sessions = this._register(new TrainingSessions());
  readonly diagnostics = this._register(new ExperimentDiagnostics());
  private readonly codeLens: GanCodeLensProvider;
  private readonly trainerScript: string;
  private readonly dashboardContext: DashboardContext;

  constructor(private readonly context: vscode.ExtensionContext) {
    super();
    this.trainerScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'trainer.js').fsPath;
    this.dashboardContext = {
      extensionUri: context.extensionUri,
      sessions: this.sessions,
      runsDirFor: (file) => this.runsDirFor(file),
      train: (uri) => this.train(uri),
      stop: (uri) => this.stop(uri),
    };
    this.codeLens = this._register(new GanCodeLensProvider(this.sessions, (file) => this.runsDirFor(file)));
    this._register(vscode.languages.registerCodeLensProvider({ pattern: '**/*.gan.json' }, this.codeLens));
    this._register(new TrainingStatusBar(this.sessions));
    this._register(new ExperimentAuthoring(this.diagnostics));
    this._register(vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, new DashboardSerializer(this.dashboardContext)));
    this._register({ dispose: () => DashboardPanel.all().forEach((p) => p.dispose()) });
    const command = (id: string, fn: (...args: never[]) => unknown) => this._register(vscode.commands.registerCommand(id, fn));
    command('ganStudio.trainExperiment', (uri?: vscode.Uri) => this.train(uri));
    command('ganStudio.stopTraining', (uri?: vscode.Uri) => this.stop(uri));
    command('ganStudio.openDashboard', (uri?: vscode.Uri) => this.openDashboard(uri));
    command('ganStudio.showBackendInfo', () => this.showBackendInfo());
    command('ganStudio.installNativeBackend', () => installNativeBackend(this.context, this.log));
    command('ganStudio.showLog', () => this.log.show());
    command('ganStudio.newExperiment', (template?: string) => newExperiment(context.extensionUri, typeof template === 'string' ? template : undefined));
  }

  /** The experiment file a command acts on: its argument, or the active editor's file. */
  private targetOf(uri: vscode.Uri | undefined): vscode.Uri | undefined {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (target && target.path.endsWith('.gan.json')) return target;
    void vscode.window.showErrorMessage('GAN Studio: open a .gan.json experiment first (or pick one in the Explorer).');
    return undefined;
  }

  /** `.gan-runs/<name>/` beside the experiment file, by the name the file gives. */
  runsDirFor(file: string): string | undefined {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
    let text: string | undefined = open?.getText();
    if (text === undefined) {
      try { text = fs.readFileSync(file, 'utf8'); } catch { return undefined; }
    }
    const value = parseJsonc(text) as { name?: unknown } | undefined;
    const name = typeof value?.name === 'string' && value.name ? value.name : path.basename(file).replace(/\.gan\.json$/, '');
    return path.join(path.dirname(file), readSettings().runsFolder, name);
  }

  async train(uri?: vscode.Uri): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage('GAN Studio: training is disabled in an untrusted workspace, because an experiment runs code and reads data. Trust this workspace to train.', 'Manage Workspace Trust')
        .then((choice) => { if (choice) void vscode.commands.executeCommand('workbench.trust.manage'); });
      return false;
    }
    const target = this.targetOf(uri);
    if (!target) return false;
    const doc = await vscode.workspace.openTextDocument(target);
    if (doc.isDirty && !(await doc.save())) {
      void vscode.window.showErrorMessage(`GAN Studio: ${path.basename(target.fsPath)} could not be saved, so it was not trained.`);
      return false;
    }
    const result = this.diagnostics.update(doc) ?? this.diagnostics.validate(doc);
    if (!result.experiment) {
      this.diagnostics.show(doc, result.diagnostics);
      const count = result.diagnostics.filter((d) => d.severity === 'error').length;
      void vscode.window.showErrorMessage(`GAN Studio: ${path.basename(target.fsPath)} has ${count} error${count === 1 ? '' : 's'}; fix ${count === 1 ? 'it' : 'them'} to train (see the Problems panel).`, 'Show Problems')
        .then((choice) => { if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems'); });
      return false;
    }
    const file = target.fsPath;
    if (this.sessions.get(file)?.isRunning) {
      const again = await vscode.window.showWarningMessage(`${result.experiment.name} is already training. Stop it and start a new run?`, { modal: true }, 'Restart');
      if (again !== 'Restart') return false;
      this.sessions.get(file)?.stop();
    }
    const exp = result.experiment;
    const runsDir = this.runsDirFor(file)!;
    fs.mkdirSync(runsDir, { recursive: true });
    const settings = readSettings();
    const session = this.sessions.start({
      file, text: doc.getText(), experimentName: exp.name, totalSteps: exp.training.steps,
      runDir: path.join(runsDir, newRunId(runsDir)), backend: settings.backend,
      tfjsNodePath: installedNativeBackend(this.context), trainerScript: this.trainerScript, log: this.log,
    });
    session.onDidReject((ds) => this.diagnostics.show(doc, ds));
    let backendSeen = false;
    session.onDidChangeStatus((s) => {
      if (backendSeen || !s.backend) return;
      backendSeen = true;
      if (s.backend !== 'tensorflow' && settings.backend === 'auto') void offerNativeBackendOnce(this.context, this.log);
    });
    session.onDidEnd((s) => {
      if (s.status === 'failed') void vscode.window.showErrorMessage(`GAN Studio: ${exp.name} failed: ${s.error ?? 'see the log'}`, 'Show Log').then((a) => { if (a) this.log.show(); });
    });
    if (settings.openDashboardOnTrain) DashboardPanel.createOrShow(this.dashboardContext, file);
    return true;
  }

  stop(uri?: vscode.Uri): void {
    const running = this.sessions.running();
    const file = uri instanceof vscode.Uri ? uri.fsPath : vscode.window.activeTextEditor?.document.uri.fsPath;
    const session = (file && this.sessions.get(file)?.isRunning ? this.sessions.get(file) : undefined) ?? (running.length === 1 ? running[0] : undefined);
    if (session) {
      session.stop();
      return;
    }
    if (!running.length) {
      void vscode.window.showInformationMessage('GAN Studio: nothing is training.');
      return;
    }
    void vscode.window.showQuickPick(running.map((s) => ({ label: path.basename(s.options.file), session: s })), { placeHolder: 'Stop which training run?' })
      .then((pick) => pick?.session.stop());
  }

  openDashboard(uri?: vscode.Uri): DashboardPanel | undefined {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    const file = target && target.path.endsWith('.gan.json') ? target.fsPath : this.sessions.running()[0]?.options.file;
    if (!file) {
      void vscode.window.showErrorMessage('GAN Studio: open a .gan.json experiment to see its dashboard.');
      return undefined;
    }
    return DashboardPanel.createOrShow(this.dashboardContext, file);
  }

  async showBackendInfo(): Promise<string> {
    const settings = readSettings();
    const native = installedNativeBackend(this.context);
    let text: string;
    try {
      const description = await probeBackend(this.trainerScript, settings.backend, native);
      text = `GAN Studio trains on ${description}. Setting ganStudio.backend: ${settings.backend}.`;
    } catch (err) {
      text = `GAN Studio: backend ${settings.backend} cannot start: ${(err as Error).message}`;
    }
    this.log.appendLine(text);
    const actions = native || settings.backend !== 'auto' ? [] : ['Install native backend'];
    void vscode.window.showInformationMessage(text, ...actions).then((a) => { if (a) void installNativeBackend(this.context, this.log); });
    return text;
  }

  /** For tests: the live objects behind the UI. */
  testApi(activation: { loadingMs: number; activateMs: number; sinceLoadStartMs: number }) {
    return { sessions: this.sessions, dashboards: () => DashboardPanel.all(), isExperimentDocument, activation };
  }
}
