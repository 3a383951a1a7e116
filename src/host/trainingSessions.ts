// The training sessions of this window, one (the latest) per experiment file, and the events that
// the CodeLens, status bar and dashboards follow. Runs in the extension host; no VS Code API.
import { Disposable } from './disposable';
import { Emitter } from './events';
import { TrainingSession, type SessionOptions } from './trainingSession';

export class TrainingSessions extends Disposable {
  private readonly sessions = new Map<string, TrainingSession>();
  /** Sessions replaced by a newer one of the same file while their trainer still ran: kept until
   * it ends, so Stop's kill timer still guards them. */
  private readonly retiring = new Set<TrainingSession>();
  private readonly _onDidChange = this._register(new Emitter<TrainingSession>());
  /** Fires when a session starts, changes status, logs steps, or ends. */
  readonly onDidChange = this._onDidChange.event;
  private readonly _onDidStart = this._register(new Emitter<TrainingSession>());
  readonly onDidStart = this._onDidStart.event;

  get(file: string): TrainingSession | undefined {
    return this.sessions.get(file);
  }

  running(): TrainingSession[] {
    return [...this.sessions.values()].filter((s) => s.isRunning);
  }

  start(options: SessionOptions): TrainingSession {
    const previous = this.sessions.get(options.file);
    if (previous) this.retire(previous);
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

  /** Disposes a session once its trainer has gone; one still running is asked to stop first. */
  private retire(session: TrainingSession): void {
    this.retiring.add(session);
    session.stop();
    void session.ended.then(() => {
      this.retiring.delete(session);
      session.dispose();
    });
  }

  override dispose(): void {
    for (const s of [...this.sessions.values(), ...this.retiring]) s.dispose();
    this.sessions.clear();
    this.retiring.clear();
    super.dispose();
  }
}
