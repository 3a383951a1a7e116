// One training run in its own forked trainer process: starts it, relays its typed events, stops
// it, and notices when it dies. Runs in the extension host; never trains on the host's own loop.
// No VS Code API: the process is started through an injectable `fork`, so the whole lifecycle
// (running, stopping, ended, crashed early or late, hung in a step) is unit-tested with a fake.
import { fork as forkProcess } from 'child_process';
import * as os from 'os';
import type { BackendRequest } from '../core/backend/backendNames';
import type { Diagnostic } from '../core/experiment/diagnostic';
import type { InterventionRequest, MetricsRecord, RunSummary, SampleRecord } from '../core/run/runRecords';
import { markRunFailed } from '../core/run/runFolder';
import { describeIntervention } from '../shared/describeIntervention';
import { isTrainerToHost, type HostToTrainer, type StartFrom, type TrainerStarted } from '../shared/trainerProtocol';
import type { DashboardStatus } from '../shared/webviewProtocol';
import { Disposable } from './disposable';
import { Emitter } from './events';
import { LineBuffer } from './lineBuffer';

/** How long Stop waits for the checkpoint before the process is killed. */
export const STOP_GRACE_MS = 30_000;

/** What the session needs of a child process: the part of Node's ChildProcess it uses. */
export interface TrainerProcess {
  readonly pid?: number;
  readonly connected: boolean;
  readonly stdout?: NodeJS.ReadableStream | null;
  readonly stderr?: NodeJS.ReadableStream | null;
  send(message: HostToTrainer): boolean;
  kill(signal?: NodeJS.Signals): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export type ForkTrainer = (script: string) => TrainerProcess;

/**
 * The trainer's scheduling priority (nice): below the editor's, so typing and drawing get the
 * cores first and training takes what is left (all of it while the user only watches).
 */
export const TRAINER_NICENESS = 10;

/** Node's fork, as the extension host runs it, at the trainer's lower priority. */
export const forkTrainer: ForkTrainer = (script) => {
  const child = forkProcess(script, [], {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [],
    // In desktop VS Code the host's executable is Electron: run it as plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  try {
    if (child.pid) os.setPriority(child.pid, TRAINER_NICENESS);
  } catch {
    /* not allowed here (some sandboxes): it trains at the editor's priority */
  }
  return child;
};

export interface SessionLog {
  appendLine(line: string): void;
}

export interface SessionOptions {
  file: string;
  text: string;
  experimentName: string;
  totalSteps: number;
  runDir: string;
  backend: BackendRequest;
  threads?: number | 'auto';
  tfjsNodePath?: string;
  /** Where decoded data samples are cached. */
  dataCacheDir?: string;
  /** Resume runDir from its checkpoint, or fork another run's (see StartTraining). */
  startFrom?: StartFrom;
  /** The checkpoint's step a resumed or forked run starts at (the status shows it until the first
   * new step arrives). */
  startStep?: number;
  trainerScript: string;
  log: SessionLog;
  /** Default: Node's fork. Tests pass a fake process. */
  fork?: ForkTrainer;
  /** Default STOP_GRACE_MS. */
  stopGraceMs?: number;
}

export class TrainingSession extends Disposable {
  private readonly _onDidChangeStatus = this._register(new Emitter<DashboardStatus>());
  readonly onDidChangeStatus = this._onDidChangeStatus.event;
  private readonly _onDidReceiveMetrics = this._register(new Emitter<MetricsRecord[]>());
  /** New logged steps; `status` already holds the step and speed they bring (no status event). */
  readonly onDidReceiveMetrics = this._onDidReceiveMetrics.event;
  private readonly _onDidReceiveSample = this._register(new Emitter<SampleRecord>());
  readonly onDidReceiveSample = this._onDidReceiveSample.event;
  private readonly _onDidReject = this._register(new Emitter<Diagnostic[]>());
  /** The trainer found the experiment invalid (it changed on disk since it was checked). */
  readonly onDidReject = this._onDidReject.event;
  private readonly _onDidStartBackend = this._register(new Emitter<TrainerStarted>());
  /** The trainer has its backend and its networks: training begins. */
  readonly onDidStartBackend = this._onDidStartBackend.event;
  private readonly _onDidEnd = this._register(new Emitter<DashboardStatus>());
  /** Fires once, when the trainer process has gone, with the run's final status. */
  readonly onDidEnd = this._onDidEnd.event;

  private readonly child: TrainerProcess;
  private stopTimer: ReturnType<typeof setTimeout> | undefined;
  private killedAfterGrace = false;
  private _status: DashboardStatus;
  private _ended = false;
  private resolveEnded!: (status: DashboardStatus) => void;
  /** Settles when the trainer process has gone, with the final status. */
  readonly ended: Promise<DashboardStatus> = new Promise((resolve) => {
    this.resolveEnded = resolve;
  });
  /** The last metrics record, for the CodeLens and status bar. */
  lastMetrics: MetricsRecord | undefined;
  summary: RunSummary | undefined;

  constructor(readonly options: SessionOptions) {
    super();
    this._status = {
      status: 'running',
      step: options.startStep ?? 0,
      totalSteps: options.totalSteps,
      runDir: options.runDir,
    };
    this.log(
      `${options.startFrom ? `${options.startFrom.mode === 'resume' ? 'resuming' : 'forking'} at step ${options.startStep}` : 'starting'} trainer: ${options.runDir}`,
    );
    this.child = (options.fork ?? forkTrainer)(options.trainerScript);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (!stream) continue;
      // Chunks are not lines: a line may arrive in two, or two in one.
      const lines = new LineBuffer();
      stream.on('data', (d: Buffer) => {
        for (const l of lines.push(d.toString())) if (l) this.log(l);
      });
      stream.on('end', () => {
        for (const l of lines.end()) this.log(l);
      });
    }
    this.child.on('message', (m) => this.onMessage(m));
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.child.on('error', (err) => {
      this.log(`trainer error: ${err.message}`);
      // A process that never started sends no exit event: end here, or the session runs for ever.
      if (this.child.pid === undefined) this.onExit(null, null, `the trainer process could not start: ${err.message}`);
    });
    if (this.child.pid !== undefined || this.child.connected) {
      this.child.send({
        type: 'start',
        file: options.file,
        text: options.text,
        runDir: options.runDir,
        backend: options.backend,
        threads: options.threads,
        tfjsNodePath: options.tfjsNodePath,
        dataCacheDir: options.dataCacheDir,
        startFrom: options.startFrom,
      });
    }
  }

  private log(line: string): void {
    this.options.log.appendLine(`[${this.options.experimentName}] ${line}`);
  }

  get status(): DashboardStatus {
    return this._status;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isRunning(): boolean {
    return this._status.status === 'running';
  }

  /** Stop was asked for and the trainer has not ended yet. */
  get isStopping(): boolean {
    return this.stopTimer !== undefined && !this._ended;
  }

  private update(patch: Partial<DashboardStatus>): void {
    this._status = { ...this._status, ...patch };
    this._onDidChangeStatus.fire(this._status);
  }

  private onMessage(message: unknown): void {
    if (!isTrainerToHost(message)) {
      this.log('ignored a malformed trainer message');
      return;
    }
    switch (message.type) {
      case 'started':
        this.log(`backend: ${message.backendDescription}`);
        this.update({
          backend: message.backend,
          backendDescription: message.backendDescription,
          totalSteps: message.totalSteps,
          preparing: undefined,
        });
        this._onDidStartBackend.fire(message);
        break;
      case 'metrics': {
        const last = message.records[message.records.length - 1];
        if (last) this.lastMetrics = last;
        // One event per batch: everything that shows it (panel, lenses, status bar) redraws once.
        this._status = {
          ...this._status,
          step: last?.step ?? this._status.step,
          stepsPerSecond: message.stepsPerSecond,
          etaSeconds: message.etaSeconds,
          ...(message.skipped ? { skipped: message.skipped } : {}),
        };
        this._onDidReceiveMetrics.fire(message.records);
        break;
      }
      case 'sample':
        this._onDidReceiveSample.fire(message.sample);
        break;
      case 'checkpoint':
        break;
      case 'intervened':
        this.log(`intervention after step ${message.intervention.step}: ${describeIntervention(message.intervention)}`);
        // The step the run waits at (the last logged one can be earlier).
        this.update({
          step: Math.max(this._status.step, message.intervention.step),
          paused: message.paused,
          interventions: [...(this._status.interventions ?? []), message.intervention],
        });
        break;
      case 'preparing':
        this.log(message.message);
        this.update({ preparing: message.message });
        break;
      case 'alarm':
        this.log(`warning at step ${message.alarm.step}: ${message.alarm.message} ${message.alarm.remedy}`);
        this.update({ alarms: [...(this._status.alarms ?? []), message.alarm] });
        break;
      case 'invalid':
        this.options.log.appendLine(message.message);
        this._onDidReject.fire(message.diagnostics);
        // No diagnostics: the run folder was refused (a resume whose checkpoint went), not the file.
        this.update({
          status: 'failed',
          error: message.diagnostics.length ? 'The experiment is not valid: see the Problems panel.' : message.message,
        });
        break;
      case 'finished': {
        const s = message.summary;
        this.summary = s;
        this.log(
          `${s.status}: ${s.steps}/${s.totalSteps} steps, ${s.stepsPerSecond.toFixed(1)} steps/s` +
            (s.error ? ` — ${s.error}` : ''),
        );
        this.update({ status: s.status, step: s.steps, error: s.error, etaSeconds: 0, paused: false });
        break;
      }
      case 'error':
        this.log(`error: ${message.message}`);
        this.update({ status: 'failed', error: message.message });
        break;
      case 'probed':
        break;
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, cause?: string): void {
    if (this._ended) return;
    this._ended = true;
    clearTimeout(this.stopTimer);
    if (this._status.status === 'running') {
      const how =
        cause ?? `The trainer process ended unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`})`;
      const reason = this.killedAfterGrace
        ? `The trainer did not stop within ${Math.round((this.options.stopGraceMs ?? STOP_GRACE_MS) / 1000)} s of Stop (hung in a step), so it was killed; the last checkpoint is kept.`
        : `${how}.`;
      try {
        markRunFailed(this.options.runDir, reason);
      } catch (err) {
        // The record could not be written (the folder went away, a full disk): say so, end anyway.
        this.log(`could not mark the run failed: ${(err as Error).message}`);
      }
      this.log(reason);
      this.update({ status: 'failed', error: reason });
    }
    this._onDidEnd.fire(this._status);
    this.resolveEnded(this._status);
  }

  /** Passes an intervention to the trainer (applied between steps; `intervened` confirms it). */
  intervene(request: InterventionRequest): void {
    if (this.isRunning && this.child.connected) this.child.send({ type: 'intervene', request });
  }

  /** Asks the trainer to stop at its next step (it checkpoints); kills it if it does not end. */
  stop(): void {
    if (!this.isRunning || this.stopTimer || this._ended) return;
    if (this.child.connected) this.child.send({ type: 'stop' });
    this.stopTimer = setTimeout(() => {
      this.killedAfterGrace = true;
      this.child.kill('SIGKILL');
    }, this.options.stopGraceMs ?? STOP_GRACE_MS);
  }

  /** Ends the process at once, as a crash would (used by tests and on forced shutdown). */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  /** Stops a running trainer (it checkpoints; the kill timer still guards a hung one) and drops the
   * listeners. Does not wait: `ended` settles when the process has gone. */
  override dispose(): void {
    this.stop();
    super.dispose();
  }
}
