// Messages between the extension host and a trainer process (child_process IPC), with guards.
// Pure types; imported by both sides; no VS Code API.
import type { Diagnostic } from '../core/experiment/diagnostic';
import type { BackendName, BackendRequest } from '../core/backend/backendNames';
import type {
  Alarm,
  DataInfo,
  Intervention,
  InterventionRequest,
  MetricsRecord,
  RunSummary,
  SampleRecord,
  TrainingAdjustment,
} from '../core/run/runRecords';
import { BACKEND_NAMES } from '../core/backend/backendNames';
import { isFiniteNumber, isObject, isOneOf, isOptional, isStep, isString } from './guards';

export interface StartTraining {
  type: 'start';
  /** The experiment file, for messages and the run's record. */
  file: string;
  /** The experiment text as the editor holds it (saved first). */
  text: string;
  runDir: string;
  backend: BackendRequest;
  /** WebAssembly threads (`ganStudio.wasmThreads`); 'auto' when absent. */
  threads?: number | 'auto';
  /** Folder where "Install native backend" put @tensorflow/tfjs-node, if it did. */
  tfjsNodePath?: string;
  /** Where decoded data samples are cached (the runs folder's .cache), when the data are files. */
  dataCacheDir?: string;
  /** Continue this run folder from its checkpoint (`resume`: then runDir is it), or start the new
   * run in runDir from its checkpoint (`fork`). */
  startFrom?: StartFrom;
}
export interface StartFrom {
  runDir: string;
  mode: 'resume' | 'fork';
}
export interface StopTraining {
  type: 'stop';
}
/** Pause, continue, step one network while paused, or change learning rates or dSteps. */
export interface InterveneInTraining {
  type: 'intervene';
  request: InterventionRequest;
}
/** Starts the backend that a run would use, reports it, and exits (Show Backend Info). */
export interface ProbeBackend {
  type: 'probe';
  backend: BackendRequest;
  tfjsNodePath?: string;
}
/** Draws real samples as the discriminator sees them into a PNG, says what they are, and exits. */
export interface PreviewData {
  type: 'previewData';
  file: string;
  text: string;
  /** Where to write the PNG. */
  out: string;
  count: number;
  dataCacheDir?: string;
}
/** Generate Samples and Export Generator: what a run's trained generator makes, or the generator
 * itself, written to `out`; answered by `used` and the end of the process. */
export interface UseGenerator {
  type: 'generate' | 'export';
  runDir: string;
  out: string;
  backend: BackendRequest;
  tfjsNodePath?: string;
  /** generate: samples and the seed of their latent vectors. */
  count?: number;
  seed?: number;
}
export type HostToTrainer =
  StartTraining | StopTraining | InterveneInTraining | ProbeBackend | PreviewData | UseGenerator;

export interface TrainerStarted {
  type: 'started';
  runDir: string;
  totalSteps: number;
  backend: BackendName;
  backendDescription: string;
  /** Better backends passed over, and why (for the native-backend offer). */
  skipped: Array<{ name: BackendName; reason: string }>;
  data?: DataInfo;
}
/** Logged steps since the last message, batched so a fast run does not flood the host. */
export interface TrainerMetrics {
  type: 'metrics';
  records: MetricsRecord[];
  stepsPerSecond: number;
  etaSeconds: number;
  /** Data files skipped so far (undecodable). */
  skipped?: number;
}
export interface TrainerSample {
  type: 'sample';
  sample: SampleRecord;
}
export interface TrainerCheckpoint {
  type: 'checkpoint';
  step: number;
}
/** A failure alarm the run just raised (core/training/alarms.ts). */
export interface TrainerAlarm {
  type: 'alarm';
  alarm: Alarm;
}
/** An intervention was applied and recorded; `paused`: the run now waits for the next. */
export interface TrainerIntervened {
  type: 'intervened';
  intervention: Intervention;
  paused: boolean;
}
/** What the trainer is doing before its first step, when that takes a while. */
export interface TrainerPreparing {
  type: 'preparing';
  message: string;
}
export interface TrainerInvalid {
  type: 'invalid';
  diagnostics: Diagnostic[];
  message: string;
}
export interface TrainerFinished {
  type: 'finished';
  summary: RunSummary;
}
export interface TrainerError {
  type: 'error';
  message: string;
}
export interface TrainerPreviewed {
  type: 'previewed';
  image: string;
  /** Samples the data hold, and the shape of one. */
  samples: number;
  sampleShape: number[];
  shown: number;
  skipped: number;
}
export interface TrainerUsedGenerator {
  type: 'used';
  /** The folder written, and the main file in it (the grid, or model.json). */
  out: string;
  main: string;
  step: number;
}
export interface TrainerProbed {
  type: 'probed';
  backend: BackendName;
  description: string;
}
export type TrainerToHost =
  | TrainerStarted
  | TrainerMetrics
  | TrainerSample
  | TrainerCheckpoint
  | TrainerAlarm
  | TrainerPreparing
  | TrainerIntervened
  | TrainerInvalid
  | TrainerFinished
  | TrainerError
  | TrainerProbed
  | TrainerPreviewed
  | TrainerUsedGenerator;

export function isHostToTrainer(m: unknown): m is HostToTrainer {
  if (!isObject(m)) return false;
  if (m.type === 'stop') return true;
  if (m.type === 'intervene') return isInterventionRequest(m.request);
  if (m.type === 'probe') return isString(m.backend) && (m.tfjsNodePath === undefined || isString(m.tfjsNodePath));
  if (m.type === 'generate' || m.type === 'export')
    return (
      isString(m.runDir) &&
      isString(m.out) &&
      isString(m.backend) &&
      isOptional(m.tfjsNodePath, isString) &&
      isOptional(m.count, isStep) &&
      isOptional(m.seed, isStep)
    );
  if (m.type === 'previewData')
    return (
      isString(m.file) && isString(m.text) && isString(m.out) && isStep(m.count) && isOptional(m.dataCacheDir, isString)
    );
  return (
    m.type === 'start' &&
    isString(m.file) &&
    isString(m.text) &&
    isString(m.runDir) &&
    isString(m.backend) &&
    isOptional(m.tfjsNodePath, isString) &&
    isOptional(m.dataCacheDir, isString) &&
    isOptional(m.startFrom, isStartFrom)
  );
}

const STEP_ACTIONS = ['pause', 'continue', 'stepDiscriminator', 'stepGenerator', 'stepBoth'] as const;
const isRate = (v: unknown): v is number => isFiniteNumber(v) && v > 0 && v < 10;

/** Changed settings: each optional, learning rates in (0, 10), dSteps a whole number 1 to 100. */
export function isTrainingAdjustment(v: unknown): v is TrainingAdjustment {
  return (
    isObject(v) &&
    Object.keys(v).every((k) => ['generatorLearningRate', 'discriminatorLearningRate', 'dSteps'].includes(k)) &&
    isOptional(v.generatorLearningRate, isRate) &&
    isOptional(v.discriminatorLearningRate, isRate) &&
    (v.dSteps === undefined || (Number.isInteger(v.dSteps) && (v.dSteps as number) >= 1 && (v.dSteps as number) <= 100))
  );
}

export function isInterventionRequest(v: unknown): v is InterventionRequest {
  if (!isObject(v)) return false;
  if (v.action === 'set') return isTrainingAdjustment(v.set);
  return isOneOf(v.action, STEP_ACTIONS);
}

/** A recorded intervention: a request with the step it came after. */
export const isIntervention = (v: unknown): v is Intervention =>
  isInterventionRequest(v) &&
  isStep((v as Record<string, unknown>).step) &&
  isString((v as Record<string, unknown>).at);

function isStartFrom(x: unknown): x is StartFrom {
  return isObject(x) && isString(x.runDir) && isOneOf(x.mode, ['resume', 'fork'] as const);
}

const RUN_STATUSES = ['running', 'completed', 'stopped', 'failed'] as const;
const SAMPLE_KINDS = ['images', 'points'] as const;
const METRIC_FIELDS = ['dLoss', 'gLoss', 'dReal', 'dFake'] as const;

/** A logged step as the host and dashboard read it: a step and its four numbers. */
export const isMetricsRecord = (r: unknown): r is MetricsRecord =>
  isObject(r) && isStep(r.step) && METRIC_FIELDS.every((k) => typeof r[k] === 'number');

const isSampleRecord = (s: unknown): s is SampleRecord =>
  isObject(s) && isStep(s.step) && isString(s.image) && isOneOf(s.kind, SAMPLE_KINDS) && isOptional(s.points, isObject);

const isDiagnostic = (d: unknown): d is Diagnostic =>
  isObject(d) &&
  isString(d.message) &&
  isOneOf(d.severity, ['error', 'warning', 'info'] as const) &&
  isStep(d.offset) &&
  isStep(d.length) &&
  isString(d.code);

/** Everything the host reads of a summary: status, steps, speed, error. */
const isSummary = (s: unknown): s is RunSummary =>
  isObject(s) &&
  isOneOf(s.status, RUN_STATUSES) &&
  isStep(s.steps) &&
  isStep(s.totalSteps) &&
  isFiniteNumber(s.stepsPerSecond) &&
  isOptional(s.error, isString) &&
  isObject(s.metrics);

const isSkipped = (v: unknown): boolean =>
  Array.isArray(v) && v.every((x) => isObject(x) && isOneOf(x.name, BACKEND_NAMES) && isString(x.reason));

export function isTrainerToHost(m: unknown): m is TrainerToHost {
  if (!isObject(m)) return false;
  switch (m.type) {
    case 'started':
      return (
        isString(m.runDir) &&
        isStep(m.totalSteps) &&
        isOneOf(m.backend, BACKEND_NAMES) &&
        isString(m.backendDescription) &&
        isSkipped(m.skipped) &&
        isOptional(m.data, isObject)
      );
    case 'metrics':
      return (
        Array.isArray(m.records) &&
        m.records.every(isMetricsRecord) &&
        isFiniteNumber(m.stepsPerSecond) &&
        typeof m.etaSeconds === 'number'
      );
    case 'sample':
      return isSampleRecord(m.sample);
    case 'checkpoint':
      return isStep(m.step);
    case 'alarm':
      return isAlarm(m.alarm);
    case 'preparing':
      return isString(m.message);
    case 'intervened':
      return isIntervention(m.intervention) && typeof m.paused === 'boolean';
    case 'invalid':
      return Array.isArray(m.diagnostics) && m.diagnostics.every(isDiagnostic) && isString(m.message);
    case 'finished':
      return isSummary(m.summary);
    case 'error':
      return isString(m.message);
    case 'previewed':
      return (
        isString(m.image) &&
        isStep(m.samples) &&
        Array.isArray(m.sampleShape) &&
        m.sampleShape.every(isStep) &&
        isStep(m.shown) &&
        isStep(m.skipped)
      );
    case 'probed':
      return isOneOf(m.backend, BACKEND_NAMES) && isString(m.description);
    case 'used':
      return isString(m.out) && isString(m.main) && isStep(m.step);
    default:
      return false;
  }
}

export function isAlarm(a: unknown): a is Alarm {
  return (
    isObject(a) &&
    isString(a.id) &&
    isStep(a.step) &&
    isString(a.message) &&
    isString(a.remedy) &&
    Array.isArray(a.field) &&
    a.field.every((k) => isString(k) || isStep(k))
  );
}
