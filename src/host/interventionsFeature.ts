// The Interventions feature: pause, continue, step one network and change learning rates or dSteps
// of a live run, as commands and from the dashboard. Runs in the extension host; the trainer
// applies and records them between steps (core/training/interventions.ts).
import * as path from 'path';
import * as vscode from 'vscode';
import type { InterventionRequest, TrainingAdjustment } from '../core/run/runRecords';
import { adjustmentError } from '../shared/adjustment';
import { Disposable } from './disposable';
import { withTrainingRun } from './withTrainingRun';
import type { TrainingSession } from './trainingSession';
import type { TrainingSessions } from './trainingSessions';

/** What each adjustable setting is called and what it accepts. */
const SETTINGS: Array<{ key: keyof TrainingAdjustment; label: string; integer: boolean }> = [
  { key: 'generatorLearningRate', label: "Generator's learning rate", integer: false },
  { key: 'discriminatorLearningRate', label: "Discriminator's learning rate", integer: false },
  { key: 'dSteps', label: 'Discriminator steps per step (dSteps)', integer: true },
];

export class InterventionsFeature extends Disposable {
  constructor(private readonly sessions: TrainingSessions) {
    super();
    const command = (id: string, fn: (uri?: vscode.Uri) => unknown) =>
      this._register(vscode.commands.registerCommand(id, fn));
    const simple = (action: Exclude<InterventionRequest['action'], 'set'>) => (uri?: vscode.Uri) =>
      this.withSession(uri, (s) => s.intervene({ action }));
    command('ganStudio.pauseTraining', simple('pause'));
    command('ganStudio.continueTraining', simple('continue'));
    command('ganStudio.stepDiscriminator', simple('stepDiscriminator'));
    command('ganStudio.stepGenerator', simple('stepGenerator'));
    command('ganStudio.stepBoth', simple('stepBoth'));
    command('ganStudio.adjustTraining', (uri) => this.withSession(uri, (s) => void this.adjust(s)));
  }

  private withSession(uri: vscode.Uri | undefined, act: (s: TrainingSession) => void): void {
    withTrainingRun(this.sessions, uri, 'Which training run?', act);
  }

  /** Asks which setting and its new value, then sends the change. */
  private async adjust(session: TrainingSession): Promise<void> {
    const pick = await vscode.window.showQuickPick(
      SETTINGS.map((s) => ({ label: s.label, setting: s })),
      { placeHolder: `Change which setting of ${path.basename(session.options.file)} from the next step?` },
    );
    if (!pick) return;
    const { key, integer } = pick.setting;
    const value = await vscode.window.showInputBox({
      prompt: `${pick.setting.label}, from the next step on (recorded in the run, and replayed by resume)`,
      validateInput: (text) => adjustmentError(text, integer),
    });
    if (value === undefined) return;
    session.intervene({ action: 'set', set: { [key]: Number(value) } });
  }
}
