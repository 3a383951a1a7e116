// The Training feature: Train, Stop and Open Dashboard (commands, CodeLens, status bar, panels),
// and the `ganStudio.training` context key that keeps the palette to what can act.
// Runs in the extension host; training itself runs in trainer processes.
import * as path from 'path';
import * as vscode from 'vscode';
import type { Experiment } from '../core/experiment/types';
import { checkResume, readResumePoint } from '../core/run/resumePoint';
import { createRunDir, dataCacheDirFor, describeFsError } from '../core/run/runFolder';
import type { StartFrom } from '../shared/trainerProtocol';
import type { BackendsFeature } from './backendsFeature';
import { GanCodeLensProvider } from './codeLensProvider';
import { DASHBOARD_VIEW_TYPE, DashboardPanel, DashboardSerializer, type DashboardContext } from './dashboardPanel';
import type { ExperimentDiagnostics } from './diagnostics';
import { Disposable } from './disposable';
import { EXPERIMENT_SELECTOR } from './experimentDocuments';
import type { RunsData } from './runsData';
import { readSettings } from './settings';
import { TrainingStatusBar } from './statusBar';
import { withTrainingRun } from './withTrainingRun';
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
      backends,
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
    command('ganStudio.openDashboard', (uri?: vscode.Uri, runDir?: string) =>
      this.openDashboard(uri, typeof runDir === 'string' ? runDir : undefined),
    );
    command('ganStudio.showLog', () => this.log.show());
    command('ganStudio.resumeRun', (uri?: vscode.Uri, runDir?: string) =>
      this.resume(uri, typeof runDir === 'string' ? runDir : undefined),
    );
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
    const checked = await this.checkedExperiment(uri);
    if (!checked) return false;
    const runsDir = this.runs.runsDirFor(checked.file);
    let runDir: string;
    try {
      if (!runsDir) throw new Error(`${checked.file} cannot be read`);
      runDir = createRunDir(runsDir);
    } catch (err) {
      void vscode.window.showErrorMessage(
        `GAN Studio: cannot create a run folder in ${runsDir}: ${describeFsError(err)}. Change the setting ganStudio.runsFolder or the folder's permissions.`,
      );
      return false;
    }
    return this.launch(checked, runDir);
  }

  /**
   * Resume: continues `runDir` (default: the experiment's latest run) from its newest checkpoint,
   * exactly, with the experiment as it is now (which may only train for more steps). When the
   * experiment was edited since, offers to fork a new run from the checkpoint instead.
   */
  async resume(uri?: vscode.Uri, runDir?: string): Promise<boolean> {
    const checked = await this.checkedExperiment(uri);
    if (!checked) return false;
    const dir = runDir ?? this.runs.latestRunDir(checked.file);
    if (!dir) {
      void vscode.window.showErrorMessage(`GAN Studio: ${checked.exp.name} has no run to resume; train it first.`);
      return false;
    }
    const session = this.sessions.get(checked.file);
    if (session?.isRunning && session.options.runDir === dir) {
      void vscode.window.showInformationMessage(`GAN Studio: that run of ${checked.exp.name} is training now.`);
      return false;
    }
    const check = checkResume(dir, checked.exp);
    if (!check.ok) {
      const canFork = readResumePoint(dir).ok;
      // Not awaited: the command has ended (refused) whether or not the user forks.
      void vscode.window
        .showErrorMessage(
          `GAN Studio: cannot resume ${path.basename(dir)}: ${check.message}.`,
          ...(canFork ? ['Fork a New Run'] : []),
        )
        .then((choice) => (choice ? this.fork(uri, dir) : undefined));
      return false;
    }
    this.runs.changed(dir);
    return this.launch(checked, dir, { runDir: dir, mode: 'resume' }, check.point.state.step);
  }

  /** Fork: a new run of the experiment as it is now, from `fromRunDir`'s checkpoint. */
  async fork(uri: vscode.Uri | undefined, fromRunDir: string): Promise<boolean> {
    const checked = await this.checkedExperiment(uri);
    if (!checked) return false;
    const point = readResumePoint(fromRunDir);
    if (!point.ok) {
      void vscode.window.showErrorMessage(`GAN Studio: cannot fork ${path.basename(fromRunDir)}: ${point.message}.`);
      return false;
    }
    const runsDir = this.runs.runsDirFor(checked.file);
    let runDir: string;
    try {
      runDir = createRunDir(runsDir!);
    } catch (err) {
      void vscode.window.showErrorMessage(
        `GAN Studio: cannot create a run folder in ${runsDir}: ${describeFsError(err)}.`,
      );
      return false;
    }
    return this.launch(checked, runDir, { runDir: fromRunDir, mode: 'fork' }, point.point.state.step);
  }

  /** The experiment a command acts on, trusted, saved and valid; else says why not. */
  private async checkedExperiment(
    uri: vscode.Uri | undefined,
  ): Promise<{ doc: vscode.TextDocument; file: string; exp: Experiment } | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window
        .showErrorMessage(
          'GAN Studio: training is disabled in an untrusted workspace, because an experiment runs code and reads data. Trust this workspace to train.',
          'Manage Workspace Trust',
        )
        .then((choice) => {
          if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
        });
      return undefined;
    }
    const target = this.targetOf(uri);
    if (!target) return undefined;
    const doc = await vscode.workspace.openTextDocument(target);
    if (doc.isDirty && !(await doc.save())) {
      void vscode.window.showErrorMessage(
        `GAN Studio: ${path.basename(target.fsPath)} could not be saved, so it was not trained.`,
      );
      return undefined;
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
      return undefined;
    }
    return { doc, file: target.fsPath, exp: result.experiment };
  }

  /** Starts a trainer for `runDir` (stopping the file's current one first, if the user agrees). */
  private async launch(
    checked: { doc: vscode.TextDocument; file: string; exp: Experiment },
    runDir: string,
    startFrom?: StartFrom,
    startStep?: number,
  ): Promise<boolean> {
    const { doc, file, exp } = checked;
    const current = this.sessions.get(file);
    if (current?.isRunning) {
      const again = await vscode.window.showWarningMessage(
        `${exp.name} is already training. Stop it and start ${startFrom?.mode === 'resume' ? 'this one' : 'a new run'}?`,
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
    const settings = readSettings();
    const session = this.sessions.start({
      file,
      text: doc.getText(),
      experimentName: exp.name,
      totalSteps: exp.training.steps,
      runDir,
      backend: settings.backend,
      threads: settings.wasmThreads,
      tfjsNodePath: this.backends.tfjsNodePath(),
      dataCacheDir: dataCacheDirFor(file, settings.runsFolder),
      startFrom,
      startStep,
      trainerScript: this.trainerScript,
      log: this.log,
    });
    this.runs.changed(path.dirname(runDir));
    session.onDidReject((ds) => {
      if (ds.length) this.diagnostics.show(doc, ds);
    });
    session.onDidStartBackend((started) => {
      this.backends.onRunStarted(started, settings.backend, DashboardPanel.get(file) !== undefined);
      // The run's files are there now: the runs view lists it without waiting for a watcher.
      this.runs.changed(runDir);
    });
    session.onDidEnd((s) => {
      if (s.status === 'failed')
        void vscode.window
          .showErrorMessage(`GAN Studio: ${exp.name} failed: ${s.error ?? 'see the log'}`, 'Show Log')
          .then((a) => {
            if (a) this.log.show();
          });
    });
    if (settings.openDashboardOnTrain) DashboardPanel.createOrShow(this.dashboardContext, file, runDir);
    return true;
  }

  stop(uri?: vscode.Uri): void {
    withTrainingRun(this.sessions, uri, 'Stop which training run?', (s) => s.stop());
  }

  /** The experiment's dashboard, showing `runDir` when given (the runs view), else its latest run. */
  openDashboard(uri?: vscode.Uri, runDir?: string): DashboardPanel | undefined {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    const file = target && target.path.endsWith('.gan.json') ? target.fsPath : this.sessions.running()[0]?.options.file;
    if (!file) {
      void vscode.window.showErrorMessage('GAN Studio: open a .gan.json experiment to see its dashboard.');
      return undefined;
    }
    return DashboardPanel.createOrShow(this.dashboardContext, file, runDir);
  }
}
