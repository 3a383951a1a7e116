// Finds the run a command acts on, as Stop picks it (the file it names, else the active editor's,
// else the only one training, else one the user picks), or says why there is none. Runs in the
// extension host.
import * as path from 'path';
import * as vscode from 'vscode';
import { stopTarget } from './stopTarget';
import type { TrainingSession } from './trainingSession';
import type { TrainingSessions } from './trainingSessions';

export function withTrainingRun(
  sessions: TrainingSessions,
  uri: vscode.Uri | undefined,
  placeHolder: string,
  act: (session: TrainingSession) => void,
): void {
  const explicit = uri instanceof vscode.Uri ? uri.fsPath : undefined;
  const target = stopTarget(sessions, explicit, vscode.window.activeTextEditor?.document.uri.fsPath);
  switch (target.kind) {
    case 'stop':
      act(target.session);
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
          { placeHolder },
        )
        .then((pick) => pick && act(pick.session));
  }
}
