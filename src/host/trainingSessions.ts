// The training sessions of this window, one (the latest) per experiment file, and the events that
// the CodeLens, status bar and dashboards follow. Runs in the extension host.
import * as vscode from 'vscode';
import { Disposable } from './disposable';
import { TrainingSession, type SessionOptions } from './trainingSession';

export class TrainingSessions extends Disposable {
  private readonly sessions = new Map<string, TrainingSession>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<TrainingSession>());
  /** Fires when a session starts, changes status, logs steps, or ends. */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidStart = this._register(new vscode.EventEmitter<TrainingSession>());
  readonly onDidStart = this._onDidStart.event;

  get(file: string): TrainingSession | undefined {
    return this.sessions.get(file);
  }

  running(): TrainingSession[] {
    return [...this.sessions.values()].filter((s) => s.isRunning);
  }

  start(options: SessionOptions): TrainingSession {
    this.sessions.get(options.file)?.dispose();
    const session = new TrainingSession(options);
    this.sessions.set(options.file, session);
    // The session's emitters go with it, so these listeners need no disposal of their own.
    session.onDidChangeStatus(() => this._onDidChange.fire(session));
    session.onDidReceiveMetrics(() => this._onDidChange.fire(session));
    session.onDidEnd(() => this._onDidChange.fire(session));
    this._onDidStart.fire(session);
    this._onDidChange.fire(session);
    return session;
  }

  override dispose(): void {
    for (const s of this.sessions.values()) s.dispose();
    this.sessions.clear();
    super.dispose();
  }
}
