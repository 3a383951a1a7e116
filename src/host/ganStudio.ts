// Builds the extension's features and the objects they share (the log, the training sessions, the
// run folders). No logic of its own. Runs in the extension host.
import * as vscode from 'vscode';
import { ExperimentAuthoring } from './authoring';
import { BackendsFeature } from './backendsFeature';
import { DataFeature } from './dataFeature';
import { DashboardPanel } from './dashboardPanel';
import { ExperimentDiagnostics } from './diagnostics';
import { Disposable } from './disposable';
import { isExperimentDocument } from './experimentDocuments';
import { newExperiment } from './newExperiment';
import { ComparePanel } from './runs/comparePanel';
import { RunsFeature } from './runs/runsFeature';
import { RunsData } from './runsData';
import { InterventionsFeature } from './interventionsFeature';
import { TrainingFeature } from './trainingFeature';
import { TrainingSessions } from './trainingSessions';

export class GanStudio extends Disposable {
  readonly log = this._register(vscode.window.createOutputChannel('GAN Studio'));
  readonly sessions = this._register(new TrainingSessions());
  readonly runs = this._register(new RunsData());
  readonly diagnostics = this._register(new ExperimentDiagnostics());
  readonly backends: BackendsFeature;
  readonly training: TrainingFeature;
  readonly runsFeature: RunsFeature;

  constructor(context: vscode.ExtensionContext) {
    super();
    const trainerScript = vscode.Uri.joinPath(context.extensionUri, 'dist', 'trainer.js').fsPath;
    this._register(new ExperimentAuthoring(this.diagnostics));
    this._register(
      // From the Explorer's menu the argument is the folder clicked; from a test or link, a template.
      vscode.commands.registerCommand('ganStudio.newExperiment', (arg?: string | vscode.Uri) =>
        newExperiment(
          context.extensionUri,
          typeof arg === 'string' ? arg : undefined,
          arg instanceof vscode.Uri ? arg : undefined,
        ),
      ),
    );
    this.backends = this._register(new BackendsFeature(context, this.log, trainerScript));
    this._register(new DataFeature(trainerScript, this.diagnostics, this.log));
    this.training = this._register(
      new TrainingFeature(
        context.extensionUri,
        this.sessions,
        this.runs,
        this.diagnostics,
        this.backends,
        this.log,
        trainerScript,
      ),
    );
    this._register(new InterventionsFeature(this.sessions));
    this.runsFeature = this._register(
      new RunsFeature(context.extensionUri, this.runs, this.sessions, this.training, this.backends, trainerScript),
    );
  }

  /** For tests: the live objects behind the UI. */
  testApi(activation: { loadingMs: number; activateMs: number; sinceLoadStartMs: number }) {
    return {
      sessions: this.sessions,
      dashboards: () => DashboardPanel.all(),
      isExperimentDocument,
      activation,
      runsTree: this.runsFeature.tree,
      compareRuns: (dirs: string[]) => this.runsFeature.compareRuns(dirs),
      comparePanel: () => ComparePanel.get(),
      useGenerator: (file: string, dir: string, what: 'generate' | 'export') =>
        this.runsFeature.useGenerator({ kind: 'run', file, dir }, what),
    };
  }
}
