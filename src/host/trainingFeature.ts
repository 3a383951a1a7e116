// The Training feature: Train, Stop and Open Dashboard (commands, CodeLens, status bar, panels),
// and the `ganStudio.training` context key that keeps the palette to what can act.
// Runs in the extension host; training itself runs in trainer processes.
import * as path from 'path';
import * as vscode from 'vscode';
import { createRunDir, dataCacheDirFor, describeFsError } from '../core/run/runFolder';
import type { BackendsFeature } from './backendsFeature';
import { GanCodeLensProvider } from './codeLensProvider';
import { DASHBOARD_VIEW_TYPE, DashboardPanel, DashboardSerializer, type DashboardContext } from './dashboardPanel';
import type { ExperimentDiagnostics } from './diagnostics';
import { Disposable } from './disposable';
import { EXPERIMENT_SELECTOR } from './experimentDocuments';
import type { RunsData } from './runsData';
import { readSettings } from './settings';
import { TrainingStatusBar } from './statusBar';
import { stopTarget } from './stopTarget';
import type { TrainingSessions } from './trainingSessions';

export class TrainingFeature extends Disposable {
  private readonly dashboardContext: DashboardContext;
  private trainingContextKey: boolean | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly sessions: TrainingSessions,
    private readonly runs: RunsData,
    private readonly diagnostics: ExperimentDiagnostics,
    private readonly backends: BackendsFeature,
    private readonly log: vscode.OutputChannel,
    private readonly trainerScript: string,
  ) {
    super();
    this.dashboardContext = {
      extensionUri,
      sessions,
      runs,
      train: (uri) => this.train(uri),
      stop: (uri) => this.stop(uri),
    };
    this._register(
      vscode.languages.registerCodeLensProvider(
        EXPERIMENT_SELECTOR,
        this._register(new GanCodeLensProvider(sessions, runs)),
      ),
    );
    this._register(new TrainingStatusBar(sessions));
    this._register(
      vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, new DashboardSerializer(this.dashboardContext)),
    );
    this._register({ dispose: () => DashboardPanel.all().forEach((p) => p.dispose()) });
    this._register(sessions.onDidChange(() => this.updateContextKey()));
    this._register(sessions.onDidStart((s) => s.onDidEnd(() => runs.changed(s.options.runDir))));
    const command = (id: string, fn: (...args: never[]) => unknown) =>
      this._register(vscode.commands.registerCommand(id, fn));
    command('ganStudio.trainExperiment', (uri?: vscode.Uri) => this.train(uri));
    command('ganStudio.stopTraining', (uri?: vscode.Uri) => this.stop(uri));
    command('ganStudio.openDashboard', (uri?: vscode.Uri) => this.openDashboard(uri));
    command('ganStudio.showLog', () => this.log.show());
  }

  /** `ganStudio.training`: true while any run trains (Stop is offered only then). */
  private updateContextKey(): void {
    const training = this.sessions.running().length > 0;
    if (training === this.trainingContextKey) return;
    this.trainingContextKey = training;
    void vscode.commands.executeCommand('setContext', 'ganStudio.training', training);
  }

  /** The experiment file a command acts on: its argument, or the active editor's file. */
  private targetOf(uri: vscode.Uri | undefined): vscode.Uri | undefined {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (target && target.path.endsWith('.gan.json')) return target;
    void vscode.window.showErrorMessage('GAN Studio: open a .gan.json experiment first (or pick one in the Explorer).');
    return undefined;
  }

  async train(uri?: vscode.Uri): Promise<boolean> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window
        .showErrorMessage(
          'GAN Studio: training is disabled in an untrusted workspace, because an experiment runs code and reads data. Trust this workspace to train.',
          'Manage Workspace Trust',
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
        });
      return false;
    }
    const target = this.targetOf(uri);
    if (!target) return false;
    const doc = await vscode.workspace.openTextDocument(target);
    if (doc.isDirty && !(await doc.save())) {
      void vscode.window.showErrorMessage(
        `GAN Studio: ${path.basename(target.fsPath)} could not be saved, so it was not trained.`,
      );
      return false;
    }
    const result = this.diagnostics.update(doc) ?? this.diagnostics.validate(doc);
    if (!result.experiment) {
      this.diagnostics.show(doc, result.diagnostics);
      const count = result.diagnostics.filter((d) => d.severity === 'error').length;
      void vscode.window
        .showErrorMessage(
          `GAN Studio: ${path.basename(target.fsPath)} has ${count} error${count === 1 ? '' : 's'}; fix ${count === 1 ? 'it' : 'them'} to train (see the Problems panel).`,
          'Show Problems',
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
        });
      return false;
    }
    const file = target.fsPath;
    const exp = result.experiment;
    const current = this.sessions.get(file);
    if (current?.isRunning) {
      const again = await vscode.window.showWarningMessage(
        `${exp.name} is already training. Stop it and start a new run?`,
        { modal: true },
        'Restart',
      );
      if (again !== 'Restart') return false;
      // The old trainer checkpoints and ends first (or is killed after the grace period), so its
      // end is shown and two runs of one file never compete for the processor.
      current.stop();
      await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `GAN Studio: stopping the current run of ${exp.name}…`,
        },
        () => current.ended,
      );
    }
    const runsDir = this.runs.runsDirFor(file);
    let runDir: string;
    try {
      if (!runsDir) throw new Error(`${file} cannot be read`);
      runDir = createRunDir(runsDir);
    } catch (err) {
      void vscode.window.showErrorMessage(
        `GAN Studio: cannot create a run folder in ${runsDir}: ${describeFsError(err)}. Change the setting ganStudio.runsFolder or the folder's permissions.`,
      );
      return false;
    }
    const settings = readSettings();
    const session = this.sessions.start({
      file,
      text: doc.getText(),
      experimentName: exp.name,
      totalSteps: exp.training.steps,
      runDir,
      backend: settings.backend,
      tfjsNodePath: this.backends.tfjsNodePath(),
      dataCacheDir: dataCacheDirFor(file, settings.runsFolder),
      trainerScript: this.trainerScript,
      log: this.log,
    });
    this.runs.changed(runsDir!);
    session.onDidReject((ds) => this.diagnostics.show(doc, ds));
    session.onDidStartBackend((started) => this.backends.onRunStarted(started, settings.backend));
    session.onDidEnd((s) => {
      if (s.status === 'failed')
        void vscode.window
          .showErrorMessage(`GAN Studio: ${exp.name} failed: ${s.error ?? 'see the log'}`, 'Show Log')
          .then((a) => {
            if (a) this.log.show();
          });
    });
    if (settings.openDashboardOnTrain) DashboardPanel.createOrShow(this.dashboardContext, file);
    return true;
  }

  stop(uri?: vscode.Uri): void {
    const explicit = uri instanceof vscode.Uri ? uri.fsPath : undefined;
    const target = stopTarget(this.sessions, explicit, vscode.window.activeTextEditor?.document.uri.fsPath);
    switch (target.kind) {
      case 'stop':
        target.session.stop();
        return;
      case 'notTraining':
        void vscode.window.showInformationMessage(`GAN Studio: ${path.basename(target.file)} is not training.`);
        return;
      case 'nothing':
        void vscode.window.showInformationMessage('GAN Studio: nothing is training.');
        return;
      case 'pick':
        void vscode.window
          .showQuickPick(
            target.sessions.map((s) => ({ label: path.basename(s.options.file), session: s })),
            { placeHolder: 'Stop which training run?' },
          )
          .then((pick) => pick?.session.stop());
    }
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
}
