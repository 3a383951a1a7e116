// The dashboard's state and the pure reducer that folds host messages and user actions into it.
// Runs in the webview; no DOM here, so it is unit-tested in Node.
import type { Intervention, MetricsRecord, QualityReference } from '../src/core/run/runRecords';
import { fromColumns } from '../src/shared/metricsColumns';
import type {
  BackendNotice,
  DashboardStatus,
  HostToWebview,
  RealSamplesView,
  SampleView,
} from '../src/shared/webviewProtocol';

export interface DashboardState {
  experimentName: string;
  file: string;
  status: DashboardStatus;
  /** Logged steps in step order, each step once. */
  metrics: MetricsRecord[];
  /** Sample previews in step order, each step once. */
  samples: SampleView[];
  /** Index into samples shown by the preview; null follows the newest. */
  selectedSample: number | null;
  logScale: boolean;
  /** TensorBoard's smoothing weight, 0 (raw) to 0.999. */
  smoothing: number;
  /** Real samples as the discriminator sees them (image data). */
  realSamples?: RealSamplesView;
  /** Real vs real values of the image metrics, drawn as reference lines on their charts. */
  reference?: QualityReference;
  /** The offer of a faster backend, or how its install went. */
  backendNotice?: BackendNotice;
  /** The user moved the smoothing slider: from then on a snapshot's setting does not override it. */
  smoothingChosen: boolean;
  /** Which of GAN Lab's views the 2-D preview draws over the points. */
  planeViews: PlaneViews;
}

/** The 2-D preview's layers: D's output as a heat map, G's manifold, G's pull on its points. */
export interface PlaneViews {
  boundary: boolean;
  manifold: boolean;
  pull: boolean;
}
export const DEFAULT_PLANE_VIEWS: PlaneViews = { boundary: true, manifold: false, pull: false };

export type UserAction =
  | { type: 'selectSample'; index: number }
  | { type: 'followLatestSample' }
  | { type: 'toggleLogScale' }
  | { type: 'setSmoothing'; value: number }
  | { type: 'togglePlaneView'; view: keyof PlaneViews };

export type DashboardAction = HostToWebview | UserAction;

/** @param smoothing the user's earlier choice, restored from the webview's saved state, if any. */
export function initialState(smoothing?: number, planeViews: PlaneViews = DEFAULT_PLANE_VIEWS): DashboardState {
  return {
    experimentName: '',
    file: '',
    status: { status: 'idle', step: 0, totalSteps: 0 },
    metrics: [],
    samples: [],
    selectedSample: null,
    logScale: false,
    smoothing: smoothing ?? 0.6,
    smoothingChosen: smoothing !== undefined,
    planeViews,
  };
}

/** Appends records past the last known step; a replayed or older record is dropped. */
function appendMetrics(existing: MetricsRecord[], records: MetricsRecord[]): MetricsRecord[] {
  let last = existing.length ? existing[existing.length - 1].step : -1;
  const fresh: MetricsRecord[] = [];
  for (const r of records) {
    if (r.step > last) {
      fresh.push(r);
      last = r.step;
    }
  }
  return fresh.length ? existing.concat(fresh) : existing;
}

function addSample(samples: SampleView[], sample: SampleView): SampleView[] {
  if (samples.some((s) => s.step === sample.step)) return samples;
  return [...samples, sample].sort((a, b) => a.step - b.step);
}

/** The run's interventions as the snapshot read them from disk, with the live session's (a resumed
 * run's session knows only its own) added, each once. */
function mergeInterventions(known?: Intervention[], incoming?: Intervention[]): Intervention[] | undefined {
  if (!incoming?.length) return known;
  if (!known?.length) return incoming;
  const key = (i: Intervention) => `${i.step}|${i.at}|${i.action}`;
  const seen = new Set(known.map(key));
  const fresh = incoming.filter((i) => !seen.has(key(i)));
  return fresh.length ? [...known, ...fresh] : known;
}

/** Takes a run's status; one from another run folder means a new run, whose charts start empty. */
function withRunStatus(state: DashboardState, status: DashboardStatus): DashboardState {
  const newRun =
    status.runDir !== undefined && state.status.runDir !== undefined && status.runDir !== state.status.runDir;
  if (newRun) return { ...state, status, metrics: [], samples: [], selectedSample: null };
  const interventions = mergeInterventions(state.status.interventions, status.interventions);
  return { ...state, status: { ...status, step: Math.max(status.step, state.status.step), interventions } };
}

export function reduce(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'snapshot': {
      const s = action.snapshot;
      const metrics = appendMetrics([], fromColumns(s.metrics));
      const lastStep = metrics.length ? metrics[metrics.length - 1].step : 0;
      return {
        ...state,
        experimentName: s.experimentName,
        file: s.file,
        status: { ...s.status, step: Math.max(s.status.step, lastStep) },
        metrics,
        samples: s.samples.reduce(addSample, [] as SampleView[]),
        selectedSample: null,
        smoothing: state.smoothingChosen ? state.smoothing : (s.smoothing ?? state.smoothing),
        realSamples: s.realSamples,
        reference: s.reference,
        backendNotice: s.backendNotice,
      };
    }
    case 'metrics': {
      const withStatus = withRunStatus(state, action.status);
      const metrics = appendMetrics(withStatus.metrics, action.records);
      const step = metrics.length ? metrics[metrics.length - 1].step : 0;
      return { ...withStatus, metrics, status: { ...withStatus.status, step: Math.max(withStatus.status.step, step) } };
    }
    case 'sample':
      return { ...state, samples: addSample(state.samples, action.sample) };
    case 'realSamples':
      return { ...state, realSamples: action.realSamples };
    case 'qualityReference':
      return { ...state, reference: action.reference };
    case 'backendNotice':
      return { ...state, backendNotice: action.notice ?? undefined };
    case 'status':
      return withRunStatus(state, action.status);
    case 'selectSample': {
      if (!state.samples.length) return state;
      const index = Math.max(0, Math.min(state.samples.length - 1, Math.round(action.index)));
      return { ...state, selectedSample: index === state.samples.length - 1 ? null : index };
    }
    case 'followLatestSample':
      return { ...state, selectedSample: null };
    case 'toggleLogScale':
      return { ...state, logScale: !state.logScale };
    case 'togglePlaneView':
      return { ...state, planeViews: { ...state.planeViews, [action.view]: !state.planeViews[action.view] } };
    case 'setSmoothing':
      return { ...state, smoothing: Math.max(0, Math.min(0.999, action.value)), smoothingChosen: true };
  }
}

/** The sample the preview shows: the selected one, or the newest. */
export function shownSample(state: DashboardState): SampleView | undefined {
  if (!state.samples.length) return undefined;
  return state.samples[state.selectedSample ?? state.samples.length - 1];
}

/**
 * What the page shows: nothing yet before the host's first snapshot (so a run does not flash
 * "no run yet" while it loads), a call to train for an experiment that has never run, else the run.
 */
export function pageOf(state: DashboardState): 'loading' | 'empty' | 'run' {
  if (!state.file) return 'loading';
  const s = state.status;
  return s.status === 'idle' && !s.runDir && state.metrics.length === 0 ? 'empty' : 'run';
}
