// The dashboard app: renders the state the host sends (it never reads files itself), and sends
// back only the user's clicks (Train, Stop, Open Run Folder, Compare, the backend offer's buttons).
// Runs in the webview.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { Intervention, MetricsRecord, QualityReference, TrainingAdjustment } from '../src/core/run/runRecords';
import { adjustmentError } from '../src/shared/adjustment';
import { describeIntervention } from '../src/shared/describeIntervention';
import { isHostToWebview, type WebviewToHost } from '../src/shared/webviewProtocol';
import { MetricsChart, type SeriesSpec } from './charts';
import {
  initialState,
  pageOf,
  reduce,
  shownSample,
  type DashboardAction,
  type DashboardState,
  type PlaneViews,
} from './dashboardState';
import { drawPoints } from './samplePreview';
import { onThemeChange, themeColor } from './theme';

declare function acquireVsCodeApi(): {
  postMessage(m: WebviewToHost): void;
  setState(s: unknown): void;
  getState(): unknown;
};
const vscode = acquireVsCodeApi();

const app = document.getElementById('app')!;
app.innerHTML = `
  <header class="header">
    <div class="title-row">
      <h1 id="name">GAN experiment</h1>
      <vscode-badge id="status" variant="counter">idle</vscode-badge>
    </div>
    <div class="facts" id="facts">
      <span>step <strong id="step" data-testid="step">0</strong>/<span id="total">0</span></span>
      <span id="speed"></span><span id="eta"></span><span id="backend"></span><span id="skipped" class="warning"></span><span id="preparing"></span>
    </div>
    <div class="actions" id="actions">
      <vscode-button id="train" title="Train this experiment">Train</vscode-button>
      <vscode-button id="stop" secondary title="Stop at the next step, with a checkpoint">Stop</vscode-button>
      <vscode-button id="folder" secondary>Open Run Folder</vscode-button>
      <vscode-button id="compare" secondary title="Compare this run with other runs">Compare…</vscode-button>
    </div>
    <div class="steer" id="steer" role="group" aria-label="Intervene in the live run" hidden>
      <vscode-button id="pause" secondary title="Pause between two steps; the run waits, and its time stops">Pause</vscode-button>
      <vscode-button id="stepD" secondary title="While paused: one discriminator update (dSteps of them), not counted as a step">Step D</vscode-button>
      <vscode-button id="stepG" secondary title="While paused: one generator update, not counted as a step">Step G</vscode-button>
      <vscode-button id="stepBoth" secondary title="While paused: one ordinary training step">Step</vscode-button>
      <label>G lr <input id="gLr" type="number" step="any" min="0" placeholder="as set" aria-label="Generator learning rate"></label>
      <label>D lr <input id="dLr" type="number" step="any" min="0" placeholder="as set" aria-label="Discriminator learning rate"></label>
      <label>dSteps <input id="dSteps" type="number" step="1" min="1" max="100" placeholder="as set" aria-label="Discriminator steps per step"></label>
      <vscode-button id="apply" secondary title="From the next step; recorded in the run and replayed by resume">Apply</vscode-button>
      <span id="steerNote" role="status"></span>
    </div>
    <p id="error" class="error" role="alert" hidden></p>
    <div id="alarms" class="alarms" role="alert" data-testid="alarms" hidden></div>
    <div id="notice" class="notice" role="status" data-testid="backend-notice" hidden>
      <span id="noticeText"></span>
      <span class="notice-actions">
        <vscode-button id="noticeInstall">Install native backend</vscode-button>
        <vscode-button id="noticeLog" secondary>Show Log</vscode-button>
        <vscode-button id="noticeDismiss" secondary>Not now</vscode-button>
      </span>
    </div>
  </header>
  <section id="empty" class="empty" hidden>
    <p>This experiment has not been trained yet. Train it to watch its losses and generated samples here as it learns.</p>
    <vscode-button id="emptyTrain">Train</vscode-button>
  </section>
  <div id="board" class="board" hidden>
    <section class="preview" aria-label="Generated samples">
      <h2>Samples <span id="sampleStep"></span></h2>
      <div class="preview-body">
        <figure id="realFigure" class="real-samples" hidden>
          <img id="realImage" alt="Real samples, as the discriminator sees them">
          <figcaption id="realCaption"></figcaption>
        </figure>
        <img id="sampleImage" alt="Generated samples" hidden>
        <canvas id="sampleCanvas" hidden aria-label="Real (grey) and generated (orange) points over the discriminator's output, from purple (judged fake) to green (judged real)"></canvas>
        <p id="noSamples">No samples yet.</p>
      </div>
      <input id="sampleSlider" type="range" min="0" max="0" value="0" aria-label="Sample step" disabled>
      <div class="plane-views" id="planeViews" role="group" aria-label="What the plane shows" hidden>
        <vscode-checkbox id="viewBoundary" title="The discriminator's output over the plane">Decision boundary</vscode-checkbox>
        <vscode-checkbox id="viewManifold" title="A grid of the latent plane as the generator maps it">Generator manifold</vscode-checkbox>
        <vscode-checkbox id="viewPull" title="Where the generator's loss pulls each generated point: where G is about to move it">Generator's pull</vscode-checkbox>
      </div>
      <p class="legend" id="pointsLegend" hidden><span class="swatch real"></span> real <span class="swatch fake"></span> generated; background: D(x), how real the discriminator judges each point (the bar: 0 fake, 1 real)</p>
    </section>
    <div class="chart-area">
      <section class="controls" aria-label="Chart options">
        <vscode-checkbox id="log">Log scale</vscode-checkbox>
        <label>Smoothing <input id="smoothing" type="range" min="0" max="0.99" step="0.01" aria-label="Smoothing"> <span id="smoothingValue"></span></label>
      </section>
      <section class="charts">
        <div id="lossChart" class="chart" data-testid="loss-chart"></div>
        <div id="scoreChart" class="chart"></div>
        <div id="modesChart" class="chart" hidden></div>
        <div id="highQualityChart" class="chart" hidden></div>
        <div id="mmdChart" class="chart" hidden></div>
        <div id="duplicatesChart" class="chart" hidden></div>
        <div id="classesChart" class="chart" hidden></div>
        <div id="fidChart" class="chart" hidden></div>
        <div id="kidChart" class="chart" hidden></div>
        <div id="classKlChart" class="chart" hidden></div>
        <div id="gradientChart" class="chart" hidden></div>
      </section>
    </div>
  </div>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// The sticky header's height, for the layout: the samples fit below it without scrolling.
const header = document.querySelector<HTMLElement>('.header')!;
new ResizeObserver(() =>
  document.documentElement.style.setProperty('--header-height', `${header.offsetHeight}px`),
).observe(header);

const lossChart = new MetricsChart($('lossChart'), 'Losses', [
  { label: 'D loss', value: (r) => r.dLoss, color: themeColor('--vscode-charts-blue', '#3794ff') },
  { label: 'G loss', value: (r) => r.gLoss, color: themeColor('--vscode-charts-orange', '#d18616') },
]);
const scoreChart = new MetricsChart($('scoreChart'), 'Discriminator outputs', [
  { label: 'D(x)', value: (r) => r.dReal, color: themeColor('--vscode-charts-green', '#89d185') },
  { label: 'D(G(z))', value: (r) => r.dFake, color: themeColor('--vscode-charts-red', '#f14c4c') },
]);
/** A dashed line at what real samples score on `field` (real vs real, measured when the run
 * started): where a generator as good as the data would be. */
function realReference(field: keyof QualityReference, label = 'real vs real'): SeriesSpec {
  return {
    label,
    value: () => state.reference?.[field],
    color: themeColor('--vscode-descriptionForeground', '#999'),
    reference: true,
  };
}

/** The quality metrics the trainer logs, each on a chart of its own scale (a count, a percentage
 * and a distance share no axis), shown only once the data gives it: modes exist only on mixtures. */
const qualityCharts = [
  {
    id: 'modesChart',
    value: (r: MetricsRecord) => r.modesCovered,
    chart: new MetricsChart(
      $('modesChart'),
      'Modes covered',
      [
        {
          label: 'modes',
          value: (r) => r.modesCovered,
          color: themeColor('--vscode-charts-purple', '#b180d7'),
          smooth: false,
        },
      ],
      { integer: true },
    ),
  },
  {
    id: 'highQualityChart',
    value: (r: MetricsRecord) => r.highQualityFraction,
    chart: new MetricsChart(
      $('highQualityChart'),
      'High-quality samples (%)',
      [
        {
          label: 'high quality %',
          value: (r) => (r.highQualityFraction === undefined ? undefined : 100 * r.highQualityFraction),
          color: themeColor('--vscode-charts-green', '#89d185'),
          smooth: false,
        },
      ],
      { range: [0, 100] },
    ),
  },
  {
    id: 'mmdChart',
    value: (r: MetricsRecord) => r.mmd,
    chart: new MetricsChart($('mmdChart'), 'MMD² to the real data (lower is better)', [
      { label: 'MMD²', value: (r) => r.mmd, color: themeColor('--vscode-charts-yellow', '#cca700'), smooth: false },
    ]),
  },
  {
    id: 'duplicatesChart',
    value: (r: MetricsRecord) => r.duplicateFraction,
    chart: new MetricsChart(
      $('duplicatesChart'),
      'Samples with a near twin (%): mode collapse on images',
      [
        {
          label: 'near twins %',
          value: (r) => (r.duplicateFraction === undefined ? undefined : 100 * r.duplicateFraction),
          color: themeColor('--vscode-charts-red', '#f14c4c'),
          smooth: false,
        },
      ],
      { range: [0, 100] },
    ),
  },
  {
    id: 'classesChart',
    value: (r: MetricsRecord) => r.classesCovered,
    chart: new MetricsChart(
      $('classesChart'),
      "Classes covered, by the data's classifier",
      [
        {
          label: 'classes',
          value: (r) => r.classesCovered,
          color: themeColor('--vscode-charts-purple', '#b180d7'),
          smooth: false,
        },
        realReference('classesCovered'),
      ],
      { integer: true },
    ),
  },
  {
    id: 'fidChart',
    value: (r: MetricsRecord) => r.fid,
    chart: new MetricsChart($('fidChart'), "FID on the data classifier's features (lower is better)", [
      { label: 'FID', value: (r) => r.fid, color: themeColor('--vscode-charts-blue', '#3794ff'), smooth: false },
      realReference('fid'),
    ]),
  },
  {
    id: 'kidChart',
    value: (r: MetricsRecord) => r.kid,
    chart: new MetricsChart(
      $('kidChart'),
      "KID on the classifier's features, or on pixels without one (lower is better)",
      [
        { label: 'KID', value: (r) => r.kid, color: themeColor('--vscode-charts-orange', '#d18616'), smooth: false },
        realReference('kid'),
      ],
    ),
  },
  {
    id: 'classKlChart',
    value: (r: MetricsRecord) => r.classKl,
    chart: new MetricsChart($('classKlChart'), 'Class frequencies: KL to the real ones (nats) and mean confidence', [
      { label: 'KL', value: (r) => r.classKl, color: themeColor('--vscode-charts-red', '#f14c4c'), smooth: false },
      realReference('classKl', 'KL, real vs real'),
      {
        label: 'confidence',
        value: (r) => r.confidence,
        color: themeColor('--vscode-charts-green', '#89d185'),
        smooth: false,
      },
      realReference('confidence', 'confidence, real'),
    ]),
  },
];
/** Both networks' gradient norms, always on a log scale: they move by orders of magnitude when a
 * run goes wrong, and by a little when it does not. */
const gradientChart = new MetricsChart($('gradientChart'), 'Gradient norms (log scale)', [
  { label: 'G', value: (r) => r.gGradNorm, color: themeColor('--vscode-charts-orange', '#d18616') },
  { label: 'D', value: (r) => r.dGradNorm, color: themeColor('--vscode-charts-blue', '#3794ff') },
]);

const saved = vscode.getState() as { logScale?: boolean; smoothing?: unknown; planeViews?: unknown } | undefined;
// A panel shown again (or restored after a reload) keeps the smoothing its user chose.
let state: DashboardState = initialState(
  typeof saved?.smoothing === 'number' ? saved.smoothing : undefined,
  isPlaneViews(saved?.planeViews) ? saved.planeViews : undefined,
);
if (saved?.logScale) state = reduce(state, { type: 'toggleLogScale' });

const formatEta = (s?: number) => {
  if (s === undefined || !Number.isFinite(s)) return '';
  const t = Math.round(s);
  return t >= 3600
    ? `${Math.floor(t / 3600)}h${String(Math.floor((t % 3600) / 60)).padStart(2, '0')}m`
    : t >= 60
      ? `${Math.floor(t / 60)}m${String(t % 60).padStart(2, '0')}s`
      : `${t}s`;
};

/** What the next frame redraws. Every change waits for one animation frame, so a burst of messages
 * (metrics with their status, then a sample) costs the machine one frame, not one per message:
 * drawing shares the cores with the trainer. */
const dirty = { header: false, charts: false, preview: false };
let frame: number | undefined;

function schedule(parts: Partial<typeof dirty>): void {
  dirty.header ||= parts.header ?? false;
  dirty.charts ||= parts.charts ?? false;
  dirty.preview ||= parts.preview ?? false;
  frame ??= requestAnimationFrame(renderFrame);
}

function renderFrame(): void {
  frame = undefined;
  if (dirty.header) renderHeader();
  if (dirty.charts) drawCharts();
  if (dirty.preview) renderPreview();
  dirty.header = dirty.charts = dirty.preview = false;
}

function drawCharts(): void {
  const started = performance.now();
  lossChart.update(state.metrics, state.smoothing, state.logScale);
  scoreChart.update(state.metrics, state.smoothing, false);
  for (const { id, value, chart } of qualityCharts) {
    const records = state.metrics.filter((r) => value(r) !== undefined);
    $(id).hidden = records.length === 0;
    if (records.length) chart.update(records, 0, false);
  }
  const withNorms = state.metrics.length > 0 && state.metrics[state.metrics.length - 1].gGradNorm !== undefined;
  $('gradientChart').hidden = !withNorms;
  if (withNorms) gradientChart.update(state.metrics, state.smoothing, true);
  $('lossChart').dataset.points = String(state.metrics.length);
  $('lossChart').dataset.lastStep = String(state.metrics.at(-1)?.step ?? 0);
  // uPlot draws in a microtask after setData; this one runs after theirs. For tests and benchmarks.
  queueMicrotask(() => {
    $('lossChart').dataset.drawMs = (performance.now() - started).toFixed(1);
  });
}

function renderHeader(): void {
  const page = pageOf(state);
  // Until it has run, the page is one sentence and a Train button, not blank charts at step 0/0.
  $('empty').hidden = page !== 'empty';
  $('board').hidden = page !== 'run';
  for (const id of ['status', 'facts', 'actions']) $(id).hidden = page !== 'run';
  const s = state.status;
  $('name').textContent = state.experimentName || 'GAN experiment';
  const badge = $('status');
  // A paused run is still running (its trainer waits between steps), but the user should see it waits.
  const shown = s.status === 'running' && s.paused ? 'paused' : s.status;
  badge.textContent = shown;
  badge.dataset.status = shown;
  $('step').textContent = String(s.step);
  $('total').textContent = String(s.totalSteps);
  $('speed').textContent = s.stepsPerSecond ? `${s.stepsPerSecond.toFixed(1)} steps/s` : '';
  $('skipped').textContent = s.skipped
    ? `${s.skipped} data file${s.skipped === 1 ? '' : 's'} skipped (see summary.json)`
    : '';
  $('preparing').textContent = s.status === 'running' && s.preparing ? `${s.preparing}...` : '';
  $('eta').textContent = s.status === 'running' && !s.paused && s.etaSeconds ? `ETA ${formatEta(s.etaSeconds)}` : '';
  $('backend').textContent = s.backend ? `backend: ${s.backend}` : '';
  $('backend').title = s.backendDescription ?? '';
  const running = s.status === 'running';
  $('train').toggleAttribute('disabled', running);
  $('stop').toggleAttribute('disabled', !running);
  $('folder').toggleAttribute('disabled', !s.runDir);
  $('compare').toggleAttribute('disabled', !s.runDir);
  renderSteer(running);
  // Interventions come with the status, and a paused run sends no metrics to redraw the charts.
  const markers = interventionMarkers(s.interventions ?? []);
  for (const chart of [lossChart, scoreChart, gradientChart]) chart.setMarkers(markers);
  const err = $('error');
  err.hidden = !s.error;
  err.textContent = s.error ? `${s.status === 'failed' ? 'Failed: ' : ''}${s.error}` : '';
  renderAlarms();
  renderNotice();
  $<HTMLInputElement>('smoothing').value = String(state.smoothing);
  $('smoothingValue').textContent = state.smoothing.toFixed(2);
}

function isPlaneViews(v: unknown): v is PlaneViews {
  const o = v as Record<string, unknown> | null;
  return !!o && typeof o === 'object' && ['boundary', 'manifold', 'pull'].every((k) => typeof o[k] === 'boolean');
}

/** The intervention controls: while the run trains; the one-network steps only while paused. */
function renderSteer(running: boolean): void {
  const s = state.status;
  $('steer').hidden = !running;
  $('pause').textContent = s.paused ? 'Continue' : 'Pause';
  $('pause').title = s.paused ? 'Go on training' : 'Pause between two steps; the run waits, and its time stops';
  for (const id of ['stepD', 'stepG', 'stepBoth']) $(id).toggleAttribute('disabled', !s.paused);
  const last = s.interventions?.at(-1);
  $('steerNote').textContent = last ? `after step ${last.step}: ${describeIntervention(last)}` : '';
}

/** The interventions that changed the run, one mark per step (pause and continue only wait). */
function interventionMarkers(interventions: Intervention[]): Array<{ step: number; label: string }> {
  const byStep = new Map<number, string[]>();
  for (const i of interventions) {
    if (i.action === 'pause' || i.action === 'continue') continue;
    byStep.set(i.step, [
      ...(byStep.get(i.step) ?? []),
      describeIntervention({ ...i, dLoss: undefined, gLoss: undefined }),
    ]);
  }
  return [...byStep].map(([step, labels]) => ({ step, label: labels.join('; ') }));
}

/** The fields' changes as one intervention, or why they cannot be applied. */
function readAdjustment(): { set: TrainingAdjustment } | { error: string } | undefined {
  const set: TrainingAdjustment = {};
  for (const [id, key, integer] of [
    ['gLr', 'generatorLearningRate', false],
    ['dLr', 'discriminatorLearningRate', false],
    ['dSteps', 'dSteps', true],
  ] as const) {
    const text = $<HTMLInputElement>(id).value;
    if (text.trim() === '') continue;
    const error = adjustmentError(text, integer);
    if (error) return { error };
    set[key] = Number(text);
  }
  return Object.keys(set).length ? { set } : undefined;
}

/** What the run's failure alarms say, each with its remedy and a button to the field it changes. */
let shownAlarms = '';
function renderAlarms(): void {
  const alarms = state.status.alarms ?? [];
  const box = $('alarms');
  box.hidden = alarms.length === 0;
  const key = JSON.stringify(alarms);
  if (key === shownAlarms) return; // rebuilt only when they change, not on every frame
  shownAlarms = key;
  box.replaceChildren(
    ...alarms.map((alarm, index) => {
      const row = document.createElement('div');
      row.className = 'alarm';
      row.dataset.id = alarm.id;
      const text = document.createElement('span');
      text.textContent = `${alarm.message} ${alarm.remedy}`;
      const show = document.createElement('vscode-button');
      show.setAttribute('secondary', '');
      show.textContent = 'Show in experiment';
      show.addEventListener('click', () => vscode.postMessage({ type: 'showAlarm', index }));
      row.append(text, show);
      return row;
    }),
  );
}

/** The backend offer sits in the header, so no notification covers the charts while the run trains. */
function renderNotice(): void {
  const notice = state.backendNotice;
  $('notice').hidden = !notice;
  if (!notice) return;
  $('notice').dataset.state = notice.state;
  $('noticeText').textContent = notice.text;
  $('noticeInstall').hidden = notice.state !== 'offered';
  $('noticeLog').hidden = notice.state !== 'failed';
  $('noticeDismiss').hidden = notice.state === 'installing';
  $('noticeDismiss').textContent = notice.state === 'offered' ? 'Not now' : 'Dismiss';
}

function renderRealSamples(): void {
  const real = state.realSamples;
  $('realFigure').hidden = !real;
  if (!real) return;
  const img = $<HTMLImageElement>('realImage');
  if (img.getAttribute('src') !== real.imageUri) img.src = real.imageUri;
  $('realCaption').textContent = real.caption;
}

function renderPreview(): void {
  renderRealSamples();
  const sample = shownSample(state);
  const img = $<HTMLImageElement>('sampleImage');
  const canvas = $<HTMLCanvasElement>('sampleCanvas');
  const slider = $<HTMLInputElement>('sampleSlider');
  $('noSamples').hidden = !!sample;
  slider.disabled = state.samples.length < 2;
  slider.max = String(Math.max(0, state.samples.length - 1));
  slider.value = String(state.selectedSample ?? state.samples.length - 1);
  slider.setAttribute('aria-valuetext', sample ? `step ${sample.step}` : 'no samples');
  $('sampleStep').textContent = sample
    ? `at step ${sample.step}${state.selectedSample === null ? ' (latest)' : ''}`
    : '';
  $('pointsLegend').hidden = sample?.kind !== 'points';
  // GAN Lab's views exist for 2-D data only (a preview of more dimensions has no manifold or pull).
  $('planeViews').hidden = !sample?.points?.manifold;
  if (!sample) {
    img.hidden = canvas.hidden = true;
    return;
  }
  if (sample.kind === 'points' && sample.points) {
    img.hidden = true;
    canvas.hidden = false;
    drawPoints(canvas, sample, state.planeViews);
    canvas.dataset.step = String(sample.step);
  } else {
    canvas.hidden = true;
    img.hidden = false;
    if (img.getAttribute('src') !== sample.imageUri) img.src = sample.imageUri;
    img.dataset.step = String(sample.step);
  }
}

function dispatch(action: DashboardAction): void {
  const before = state;
  state = reduce(state, action);
  if (state === before) return;
  // The file lets VS Code restore this panel after a reload (see DashboardSerializer).
  if (
    state.file !== before.file ||
    state.logScale !== before.logScale ||
    state.planeViews !== before.planeViews ||
    state.smoothingChosen !== before.smoothingChosen ||
    (state.smoothingChosen && state.smoothing !== before.smoothing)
  ) {
    vscode.setState({
      file: state.file,
      logScale: state.logScale,
      planeViews: state.planeViews,
      ...(state.smoothingChosen ? { smoothing: state.smoothing } : {}),
    });
  }
  schedule({
    header: true,
    charts:
      state.metrics !== before.metrics || state.smoothing !== before.smoothing || state.logScale !== before.logScale,
    preview:
      state.samples !== before.samples ||
      state.selectedSample !== before.selectedSample ||
      state.planeViews !== before.planeViews ||
      state.realSamples !== before.realSamples,
  });
}

window.addEventListener('message', (event: MessageEvent) => {
  if (isHostToWebview(event.data)) dispatch(event.data);
});
$('train').addEventListener('click', () => vscode.postMessage({ type: 'train' }));
$('emptyTrain').addEventListener('click', () => vscode.postMessage({ type: 'train' }));
$('stop').addEventListener('click', () => vscode.postMessage({ type: 'stop' }));
$('pause').addEventListener('click', () =>
  vscode.postMessage({ type: 'intervene', request: { action: state.status.paused ? 'continue' : 'pause' } }),
);
$('stepD').addEventListener('click', () =>
  vscode.postMessage({ type: 'intervene', request: { action: 'stepDiscriminator' } }),
);
$('stepG').addEventListener('click', () =>
  vscode.postMessage({ type: 'intervene', request: { action: 'stepGenerator' } }),
);
$('stepBoth').addEventListener('click', () =>
  vscode.postMessage({ type: 'intervene', request: { action: 'stepBoth' } }),
);
$('apply').addEventListener('click', () => {
  const change = readAdjustment();
  if (!change) $('steerNote').textContent = 'Type a new value in one of the fields first.';
  else if ('error' in change) $('steerNote').textContent = change.error;
  else {
    vscode.postMessage({ type: 'intervene', request: { action: 'set', set: change.set } });
    for (const id of ['gLr', 'dLr', 'dSteps']) $<HTMLInputElement>(id).value = '';
  }
});
$('folder').addEventListener('click', () => vscode.postMessage({ type: 'openRunFolder' }));
$('compare').addEventListener('click', () => vscode.postMessage({ type: 'compare' }));
$('noticeInstall').addEventListener('click', () => vscode.postMessage({ type: 'installNativeBackend' }));
$('noticeLog').addEventListener('click', () => vscode.postMessage({ type: 'showLog' }));
$('noticeDismiss').addEventListener('click', () => vscode.postMessage({ type: 'dismissBackendNotice' }));
$('log').addEventListener('change', () => dispatch({ type: 'toggleLogScale' }));
$('smoothing').addEventListener('input', (e) =>
  dispatch({ type: 'setSmoothing', value: Number((e.target as HTMLInputElement).value) }),
);
$('sampleSlider').addEventListener('input', (e) =>
  dispatch({ type: 'selectSample', index: Number((e.target as HTMLInputElement).value) }),
);
if (state.logScale) $('log').setAttribute('checked', '');
for (const [id, view] of [
  ['viewBoundary', 'boundary'],
  ['viewManifold', 'manifold'],
  ['viewPull', 'pull'],
] as const) {
  if (state.planeViews[view]) $(id).setAttribute('checked', '');
  $(id).addEventListener('change', () => dispatch({ type: 'togglePlaneView', view }));
}
onThemeChange(() => {
  for (const chart of [lossChart, scoreChart, ...qualityCharts.map((q) => q.chart)]) chart.retheme();
  schedule({ preview: true }); // the 2-D preview's axes are drawn in the theme's colour
});

schedule({ header: true, charts: true, preview: true });
vscode.postMessage({ type: 'ready' });
