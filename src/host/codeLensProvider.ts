// The run buttons above every `.gan.json`: Train, or Stop and Open Dashboard with the live step,
// and the last run's result. Runs in the extension host.
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { dataSourceIn } from '../core/experiment/structureCheck';
import { describeResult } from './lastResult';
import type { RunsData } from './runsData';
import { Throttle, UI_REFRESH_MS } from './throttle';
import type { TrainingSessions } from './trainingSessions';

/** Sources that read the user's files, whose samples are worth a look before training. */
const FILE_SOURCES = new Set(['images', 'npy', 'csv', 'idx']);

export class GanCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly _onDidChangeCodeLenses = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this._onDidChangeCodeLenses.event;

  constructor(
    private readonly sessions: TrainingSessions,
    private readonly runs: RunsData,
  ) {
    super();
    // The lenses follow the trainer's metrics batches (about once a second), so the editor does not
    // redraw more often than a person reads them; and runs finished elsewhere (the CLI), which the
    // run folders' watchers report. The last result comes from their cache: no disk read per draw.
    const redraw = this._register(new Throttle(() => this._onDidChangeCodeLenses.fire(), UI_REFRESH_MS));
    this._register(sessions.onDidChange(() => redraw.call()));
    this._register(runs.onDidChange(() => redraw.call()));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const file = document.uri.fsPath;
    const arg = [document.uri];
    const session = this.sessions.get(file);
    if (session?.isRunning) {
      const s = session.status;
      const speed = s.paused ? ' · paused' : s.stepsPerSecond ? ` · ${s.stepsPerSecond.toFixed(1)} steps/s` : '';
      return [
        new vscode.CodeLens(top, {
          title: '$(debug-stop) Stop',
          command: 'ganStudio.stopTraining',
          arguments: arg,
          tooltip: 'Stop at the next step, with a checkpoint',
        }),
        new vscode.CodeLens(top, {
          title: s.paused ? '$(debug-continue) Continue' : '$(debug-pause) Pause',
          command: s.paused ? 'ganStudio.continueTraining' : 'ganStudio.pauseTraining',
          arguments: arg,
          tooltip: s.paused ? 'Go on training' : 'Pause between two steps (recorded in the run)',
        }),
        new vscode.CodeLens(top, {
          title: '$(graph-line) Open Dashboard',
          command: 'ganStudio.openDashboard',
          arguments: arg,
        }),
        new vscode.CodeLens(top, {
          title: `training: step ${s.step}/${s.totalSteps}${speed}`,
          command: 'ganStudio.openDashboard',
          arguments: arg,
        }),
      ];
    }
    const lenses = [
      new vscode.CodeLens(top, {
        title: '$(play) Train',
        command: 'ganStudio.trainExperiment',
        arguments: arg,
        tooltip: 'Train this experiment (GAN Studio)',
      }),
    ];
    if (FILE_SOURCES.has(String(dataSourceIn(document.getText())))) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: '$(eye) Preview Data',
          command: 'ganStudio.previewData',
          arguments: arg,
          tooltip: 'Real samples, as the discriminator will see them',
        }),
      );
    }
    const summary = session?.summary ?? this.runs.latestSummary(file);
    // A stopped or failed run with a checkpoint can go on exactly where it was.
    if (
      summary &&
      (summary.status === 'stopped' || summary.status === 'failed') &&
      summary.checkpointStep !== undefined &&
      summary.checkpointStep < summary.totalSteps
    ) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(debug-continue) Resume from step ${summary.checkpointStep}`,
          command: 'ganStudio.resumeRun',
          arguments: arg,
          tooltip: 'Continue the latest run from its checkpoint, exactly as if it had not stopped',
        }),
      );
    }
    if (summary || session) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: '$(graph-line) Open Dashboard',
          command: 'ganStudio.openDashboard',
          arguments: arg,
        }),
      );
    }
    if (summary) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `last run: ${describeResult(summary)}`,
          command: 'ganStudio.openDashboard',
          arguments: arg,
        }),
      );
    } else if (session && session.status.status === 'failed') {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `last run: failed — ${session.status.error ?? ''}`,
          command: 'ganStudio.openDashboard',
          arguments: arg,
        }),
      );
    }
    return lenses;
  }
}
