// Messages between the extension host and a trainer process (child_process IPC), with guards.
// Pure types; imported by both sides; no VS Code API.
import type { Diagnostic } from '../core/experiment/diagnostic';
import type { BackendName, BackendRequest } from '../core/backend/backendNames';
import type { MetricsRecord, RunSummary, SampleRecord } from '../core/run/runRecords';
import { isObject, isStep, isString } from './guards';

export interface StartTraining {
  type: 'start';
  /** The experiment file, for messages and the run's record. */
  file: string;
  /** The experiment text as the editor holds it (saved first). */
  text: string;
  runDir: string;
  backend: BackendRequest;
  /** Folder where "Install native backend" put @tensorflow/tfjs-node, if it did. */
  tfjsNodePath?: string;
}
export interface StopTraining { type: 'stop' }
/** Starts the backend that a run would use, reports it, and exits (Show Backend Info). */
export interface ProbeBackend { type: 'probe'; backend: BackendRequest; tfjsNodePath?: string }
export type HostToTrainer = StartTraining | StopTraining | ProbeBackend;

export interface TrainerStarted { type: 'started'; runDir: string; totalSteps: number; backend: BackendName; backendDescription: string }
/** Logged steps since the last message, batched so a fast run does not flood the host. */
export interface TrainerMetrics { type: 'metrics'; records: MetricsRecord[]; stepsPerSecond: number; etaSeconds: number }
export interface TrainerSample { type: 'sample'; sample: SampleRecord }
export interface TrainerCheckpoint { type: 'checkpoint'; step: number }
export interface TrainerInvalid { type: 'invalid'; diagnostics: Diagnostic[]; message: string }
export interface TrainerFinished { type: 'finished'; summary: RunSummary }
export interface TrainerError { type: 'error'; message: string }
export interface TrainerProbed { type: 'probed'; backend: BackendName; description: string }
export type TrainerToHost =
  | TrainerStarted | TrainerMetrics | TrainerSample | TrainerCheckpoint | TrainerInvalid | TrainerFinished | TrainerError | TrainerProbed;

export function isHostToTrainer(m: unknown): m is HostToTrainer {
  if (!isObject(m)) return false;
  if (m.type === 'stop') return true;
  if (m.type === 'probe') return isString(m.backend) && (m.tfjsNodePath === undefined || isString(m.tfjsNodePath));
  return m.type === 'start' && isString(m.file) && isString(m.text) && isString(m.runDir) && isString(m.backend)
    && (m.tfjsNodePath === undefined || isString(m.tfjsNodePath));
}

export function isTrainerToHost(m: unknown): m is TrainerToHost {
  if (!isObject(m)) return false;
  switch (m.type) {
    case 'started': return isString(m.runDir) && isStep(m.totalSteps) && isString(m.backend) && isString(m.backendDescription);
    case 'metrics': return Array.isArray(m.records) && m.records.every((r) => isObject(r) && isStep(r.step)) && typeof m.stepsPerSecond === 'number';
    case 'sample': return isObject(m.sample) && isStep(m.sample.step) && isString(m.sample.image);
    case 'checkpoint': return isStep(m.step);
    case 'invalid': return Array.isArray(m.diagnostics) && isString(m.message);
    case 'finished': return isObject(m.summary) && isString(m.summary.status);
    case 'error': return isString(m.message);
    case 'probed': return isString(m.backend) && isString(m.description);
    default: return false;
  }
}
