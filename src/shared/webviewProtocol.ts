// Messages between the extension host and the dashboard webview, with guards. Webview input is
// untrusted: the host checks every message with isWebviewToHost before acting on it.
// Pure types; no VS Code API, no DOM.
import type {
  Alarm,
  Intervention,
  InterventionRequest,
  MetricsRecord,
  PointsPreview,
  QualityReference,
  RunStatus,
} from '../core/run/runRecords';
import { isObject } from './guards';
import { isInterventionRequest } from './trainerProtocol';
import { isMetricsColumns, type MetricsColumns } from './metricsColumns';

/** A sample preview as the webview shows it: the PNG by a webview URI, 2-D points inline. */
export interface SampleView {
  step: number;
  imageUri: string;
  kind: 'images' | 'points';
  points?: PointsPreview;
}

export interface DashboardStatus {
  status: RunStatus | 'idle';
  step: number;
  totalSteps: number;
  backend?: string;
  backendDescription?: string;
  stepsPerSecond?: number;
  etaSeconds?: number;
  error?: string;
  runDir?: string;
  /** Data files skipped so far because they could not be decoded. */
  skipped?: number;
  /** Failure alarms the run raised, oldest first. */
  alarms?: Alarm[];
  /** What the trainer is doing before its first step (training the data's classifier). */
  preparing?: string;
  /** The run waits between steps for the user (an intervention). */
  paused?: boolean;
  /** What the user did to the run (interventions.jsonl), oldest first: markers on the charts. */
  interventions?: Intervention[];
}

/** Everything the panel shows, sent whole when it (re)opens. */
export interface DashboardSnapshot {
  experimentName: string;
  file: string;
  status: DashboardStatus;
  /** The run's logged steps, one typed array per field (see metricsColumns). */
  metrics: MetricsColumns;
  samples: SampleView[];
  /** The ganStudio.chartSmoothing setting, the chart smoothing a panel opens with. */
  smoothing?: number;
  realSamples?: RealSamplesView;
  reference?: QualityReference;
  backendNotice?: BackendNotice;
}

/**
 * The offer of a faster backend and how its install goes, shown in the dashboard's header rather
 * than as a notification, which would cover the charts while the run trains.
 */
export interface BackendNotice {
  state: 'offered' | 'installing' | 'installed' | 'failed';
  text: string;
}

const NOTICE_STATES = new Set(['offered', 'installing', 'installed', 'failed']);
const isBackendNotice = (v: unknown): v is BackendNotice =>
  isObject(v) && typeof v.state === 'string' && NOTICE_STATES.has(v.state) && typeof v.text === 'string';

/** Real samples as the discriminator sees them, shown beside the generated ones. */
export interface RealSamplesView {
  imageUri: string;
  /** "1,024 samples of [32, 32, 3]" */
  caption: string;
}

/** The caption of the real-samples grid. */
export function describeData(sampleShape: number[], samples?: number): string {
  const count = samples !== undefined ? `${samples.toLocaleString('en-US')} samples` : 'samples';
  return `${count} of [${sampleShape.join(', ')}]`;
}

export type HostToWebview =
  | { type: 'snapshot'; snapshot: DashboardSnapshot }
  /** New logged steps and the status they bring, in one message so the panel redraws once. */
  | { type: 'metrics'; records: MetricsRecord[]; status: DashboardStatus }
  | { type: 'sample'; sample: SampleView }
  | { type: 'realSamples'; realSamples: RealSamplesView }
  /** Real vs real values of the image metrics, drawn as reference lines. */
  | { type: 'qualityReference'; reference: QualityReference }
  | { type: 'status'; status: DashboardStatus }
  /** null takes the notice away. */
  | { type: 'backendNotice'; notice: BackendNotice | null };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'train' }
  | { type: 'stop' }
  | { type: 'openRunFolder' }
  | { type: 'compare' }
  | { type: 'installNativeBackend' }
  | { type: 'dismissBackendNotice' }
  | { type: 'showLog' }
  /** Open the experiment at the field the run's alarm number `index` says to change. */
  | { type: 'showAlarm'; index: number }
  /** Pause, continue, step one network, or change learning rates or dSteps of the live run. */
  | { type: 'intervene'; request: InterventionRequest };

const WEBVIEW_MESSAGES = new Set([
  'ready',
  'train',
  'stop',
  'openRunFolder',
  'compare',
  'installNativeBackend',
  'dismissBackendNotice',
  'showLog',
]);

/** Accepts only the exact shapes above: a type and no other keys. */
export function isWebviewToHost(m: unknown): m is WebviewToHost {
  if (!isObject(m) || typeof m.type !== 'string') return false;
  if (m.type === 'intervene') return isInterventionRequest(m.request) && Object.keys(m).length === 2;
  if (m.type === 'showAlarm')
    return Number.isInteger(m.index) && (m.index as number) >= 0 && Object.keys(m).length === 2;
  return WEBVIEW_MESSAGES.has(m.type) && Object.keys(m).length === 1;
}

const isRealSamples = (v: unknown): v is RealSamplesView =>
  isObject(v) && typeof v.imageUri === 'string' && typeof v.caption === 'string';

export function isHostToWebview(m: unknown): m is HostToWebview {
  if (!isObject(m)) return false;
  switch (m.type) {
    case 'snapshot':
      return (
        isObject(m.snapshot) &&
        isMetricsColumns(m.snapshot.metrics) &&
        Array.isArray(m.snapshot.samples) &&
        isObject(m.snapshot.status) &&
        (m.snapshot.realSamples === undefined || isRealSamples(m.snapshot.realSamples)) &&
        (m.snapshot.backendNotice === undefined || isBackendNotice(m.snapshot.backendNotice))
      );
    case 'backendNotice':
      return m.notice === null || isBackendNotice(m.notice);
    case 'realSamples':
      return isRealSamples(m.realSamples);
    case 'qualityReference':
      return isObject(m.reference) && Object.values(m.reference).every((v) => typeof v === 'number');
    case 'metrics':
      return Array.isArray(m.records) && isObject(m.status) && typeof m.status.status === 'string';
    case 'sample':
      return isObject(m.sample) && typeof m.sample.imageUri === 'string';
    case 'status':
      return isObject(m.status) && typeof m.status.status === 'string';
    default:
      return false;
  }
}
