// One training run in its own forked trainer process: starts it, relays its typed events, stops
// it, and notices when it dies. Runs in the extension host; never trains on the host's own loop.
import { fork, type ChildProcess } from 'child_process';
import * as vscode from 'vscode';
import type { BackendRequest } from '../core/backend/backendNames';
import type { Diagnostic } from '../core/experiment/diagnostic';
import type { MetricsRecord, RunSummary, SampleRecord } from '../core/run/runRecords';
import { markRunFailed } from '../core/run/runFolder';
import { isTrainerToHost, type HostToTrainer } from '../shared/trainerProtocol';
import type { DashboardStatus } from '../shared/webviewProtocol';
import { Disposable } from './disposable';

/** How long Stop waits for the checkpoint before the process is killed. */
const STOP_GRACE_MS = 30_000;

export interface SessionOptions {
  file: string;
  text: string;
  experimentName: string;
  totalSteps: number;
  runDir: string;
  backend: BackendRequest;
  tfjsNodePath?: string;
  trainerScript: string;
  log: vscode.OutputChannel;
}

export class TrainingSession extends Disposable {
  private readonly _onDidChangeStatus = this._register(new vscode.EventEmitter<DashboardStatus>());
  readonly onDidChangeStatus = this._onDidChangeStatus.event;
  private readonly _onDidReceiveMetrics = this._register(new vscode.EventEmitter<MetricsRecord[]>());
  /** New logged steps; `status` already holds the step and speed they bring (no status event). */
  readonly onDidReceiveMetrics = this._onDidReceiveMetrics.event;
  private readonly _onDidReceiveSample = this._register(new vscode.EventEmitter<SampleRecord>());
  readonly onDidReceiveSample = this._onDidReceiveSample.event;
  private readonly _onDidReject = this._register(new vscode.EventEmitter<Diagnostic[]>());
  /** The trainer found the experiment invalid (it changed on disk since it was checked). */
  readonly onDidReject = this._onDidReject.event;
  private readonly _onDidEnd = this._register(new vscode.EventEmitter<DashboardStatus>());
  readonly onDidEnd = this._onDidEnd.event;

  private readonly child: ChildProcess;
  private stopTimer: NodeJS.Timeout | undefined;
  private _status: DashboardStatus;
  /** The last metrics record, for the CodeLens and status bar. */
  lastMetrics: MetricsRecord | undefined;
  summary: RunSummary | undefined;

  constructor(readonly options: SessionOptions) {
    super();
    this._status = { status: 'running', step: 0, totalSteps: options.totalSteps, runDir: options.runDir };
    const log = options.log;
    log.appendLine(`[${options.experimentName}] starting trainer: ${options.runDir}`);
    this.child = fork(options.trainerScript, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      // In desktop VS Code the host's executable is Electron: run it as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    const prefix = (d: Buffer) => d.toString().split('\n').filter(Boolean).map((l) => `[${options.experimentName}] ${l}`).join('\n');
    this.child.stdout?.on('data', (d: Buffer) => log.appendLine(prefix(d)));
    this.child.stderr?.on('data', (d: Buffer) => log.appendLine(prefix(d)));
    this.child.on('message', (m) => this.onMessage(m));
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.child.on('error', (err) => log.appendLine(`[${options.experimentName}] trainer error: ${err.message}`));
    const start: HostToTrainer = {
      type: 'start', file: options.file, text: options.text, runDir: options.runDir,
      backend: options.backend, tfjsNodePath: options.tfjsNodePath,
    };
    this.child.send(start);
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

  private update(patch: Partial<DashboardStatus>): void {
    this._status = { ...this._status, ...patch };
    this._onDidChangeStatus.fire(this._status);
  }

  private onMessage(message: unknown): void {
    if (!isTrainerToHost(message)) {
      this.options.log.appendLine(`[${this.options.experimentName}] ignored a malformed trainer message`);
      return;
    }
    switch (message.type) {
      case 'started':
        this.options.log.appendLine(`[${this.options.experimentName}] backend: ${message.backendDescription}`);
        this.update({ backend: message.backend, backendDescription: message.backendDescription, totalSteps: message.totalSteps });
        break;
      case 'metrics': {
        const last = message.records[message.records.length - 1];
        if (last) this.lastMetrics = last;
        // One event per batch: everything that shows it (panel, lenses, status bar) redraws once.
        this._status = { ...this._status, step: last?.step ?? this._status.step, stepsPerSecond: message.stepsPerSecond, etaSeconds: message.etaSeconds };
        this._onDidReceiveMetrics.fire(message.records);
        break;
      }
      case 'sample':
        this._onDidReceiveSample.fire(message.sample);
        break;
      case 'checkpoint':
        break;
      case 'invalid':
        this.options.log.appendLine(message.message);
        this._onDidReject.fire(message.diagnostics);
        this.update({ status: 'failed', error: 'The experiment is not valid: see the Problems panel.' });
        break;
      case 'finished':
        this.summary = message.summary;
        this.options.log.appendLine(`[${this.options.experimentName}] ${message.summary.status}: ${message.summary.steps}/${message.summary.totalSteps} steps, ${message.summary.stepsPerSecond.toFixed(1)} steps/s` + (message.summary.error ? ` — ${message.summary.error}` : ''));
        this.update({ status: message.summary.status, step: message.summary.steps, error: message.summary.error, etaSeconds: 0 });
        break;
      case 'error':
        this.options.log.appendLine(`[${this.options.experimentName}] error: ${message.message}`);
        this.update({ status: 'failed', error: message.message });
        break;
    }
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    clearTimeout(this.stopTimer);
    if (this._status.status === 'running') {
      const reason = `The trainer process ended unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}).`;
      markRunFailed(this.options.runDir, reason);
      this.options.log.appendLine(`[${this.options.experimentName}] ${reason}`);
      this.update({ status: 'failed', error: reason });
    }
    this._onDidEnd.fire(this._status);
  }

  /** Asks the trainer to stop at its next step (it checkpoints); kills it if it does not end. */
  stop(): void {
    if (!this.isRunning || this.stopTimer) return;
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies HostToTrainer);
    this.stopTimer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
  }

  /** Ends the process at once, as a crash would (used by tests and on forced shutdown). */
  kill(): void {
    this.child.kill('SIGKILL');
  }

  override dispose(): void {
    this.stop();
    clearTimeout(this.stopTimer);
    super.dispose();
  }
}
