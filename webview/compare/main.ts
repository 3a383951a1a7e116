// The Compare app: the runs' sample grids side by side under one step slider (with play), their
// curves overlaid in each run's own colour with shared smoothing, and a table of the parameters
// that differ and of final, best and at-step metrics. Renders only what the host sends.
// Runs in the webview.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import {
  isHostToCompare,
  type CompareRun,
  type CompareSnapshot,
  type CompareToHost,
} from '../../src/shared/compareProtocol';
import { COMPARED_METRICS, indexAtOrBefore, metricValues } from '../../src/shared/compareRows';
import type { MetricsColumns } from '../../src/shared/metricsColumns';
import { MetricsChart, type SeriesSpec } from '../charts';
import { onThemeChange } from '../theme';

declare function acquireVsCodeApi(): {
  postMessage(m: CompareToHost): void;
  setState(s: unknown): void;
  getState(): unknown;
};
const vscode = acquireVsCodeApi();

/** One step of the overlaid charts: for each run, the index of its record at that step, or -1. */
interface Row {
  step: number;
  at: Int32Array;
}

const app = document.getElementById('app')!;
app.innerHTML = `
  <header class="header">
    <div class="title-row"><h1 id="title">Compare runs</h1></div>
    <ul class="run-chips" id="chips" aria-label="Compared runs"></ul>
  </header>
  <section class="preview" aria-label="Samples of each run">
    <h2>Samples at step <span id="sampleStep">–</span></h2>
    <div class="sample-row" id="samples"></div>
    <div class="slider-row">
      <vscode-button id="play" secondary title="Step through the logged samples">Play</vscode-button>
      <input id="stepSlider" type="range" min="0" max="0" value="0" aria-label="Step" disabled>
    </div>
  </section>
  <section class="controls" aria-label="Chart options">
    <label>Smoothing <input id="smoothing" type="range" min="0" max="0.99" step="0.01" value="0.6" aria-label="Smoothing"> <span id="smoothingValue">0.60</span></label>
  </section>
  <section class="charts" id="charts">
    <div id="dLossChart" class="chart" data-testid="compare-d-loss"></div>
    <div id="gLossChart" class="chart"></div>
    <div id="dFakeChart" class="chart"></div>
    <div id="qualityChart" class="chart"></div>
  </section>
  <section aria-label="Parameters and metrics">
    <h2>Table <vscode-checkbox id="diffOnly" checked>differences only</vscode-checkbox></h2>
    <div class="table-wrap"><table id="table"></table></div>
  </section>`;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const saved = vscode.getState() as { smoothing?: number; diffOnly?: boolean; runDirs?: string[] } | undefined;
let smoothing = typeof saved?.smoothing === 'number' ? saved.smoothing : 0.6;
let diffOnly = saved?.diffOnly ?? true;
let snapshot: CompareSnapshot | undefined;
let rows: Row[] = [];
/** Every step some run has a sample at, ascending: the slider's positions. */
let sampleSteps: number[] = [];
let charts: Array<MetricsChart<Row>> = [];
let playing: ReturnType<typeof setInterval> | undefined;

const nameOf = (r: CompareRun) => r.label;

/** Gives the runs' colours to what was just rendered: through the CSS object model, since the
 * panel's policy forbids inline style attributes. */
function paintColours(root: HTMLElement): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-colour]')) el.style.background = el.dataset.colour!;
  for (const el of root.querySelectorAll<HTMLElement>('[data-border]')) el.style.borderColor = el.dataset.border!;
}
const format = (v: number | undefined) => (v === undefined ? '–' : String(Number(v.toPrecision(4))));
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The union of the runs' logged steps, and where each run's record of each step is. */
function mergeSteps(runs: CompareRun[]): Row[] {
  const all = new Set<number>();
  for (const r of runs) for (const s of r.metrics.step) all.add(s);
  const steps = Float64Array.from(all).sort();
  const out: Row[] = new Array(steps.length);
  const cursor = new Int32Array(runs.length);
  for (let i = 0; i < steps.length; i++) {
    const at = new Int32Array(runs.length).fill(-1);
    runs.forEach((r, k) => {
      const col = r.metrics.step;
      while (cursor[k] < col.length && col[cursor[k]] < steps[i]) cursor[k]++;
      if (cursor[k] < col.length && col[cursor[k]] === steps[i]) at[k] = cursor[k];
    });
    out[i] = { step: steps[i], at };
  }
  return out;
}

function seriesOf(runs: CompareRun[], field: keyof MetricsColumns, smooth = true): Array<SeriesSpec<Row>> {
  return runs.map((r, k) => ({
    label: nameOf(r),
    color: r.colour,
    smooth,
    value: (row: Row) => {
      const i = row.at[k];
      if (i < 0) return undefined;
      const v = r.metrics[field][i];
      return Number.isNaN(v) ? undefined : v;
    },
  }));
}

function buildCharts(runs: CompareRun[]): void {
  for (const id of ['dLossChart', 'gLossChart', 'dFakeChart', 'qualityChart']) $(id).replaceChildren();
  const has = (key: 'modesCovered' | 'fid') => runs.some((r) => r.metrics[key].some((v) => !Number.isNaN(v)));
  // The one quality measure that says most: modes on mixtures, FID on labelled images, else MMD².
  const [title, key] = has('modesCovered')
    ? (['Modes covered', 'modesCovered'] as const)
    : has('fid')
      ? (["FID on the data classifier's features (lower is better)", 'fid'] as const)
      : (['MMD² to the real data (lower is better)', 'mmd'] as const);
  charts = [
    new MetricsChart<Row>($('dLossChart'), 'Discriminator loss', seriesOf(runs, 'dLoss')),
    new MetricsChart<Row>($('gLossChart'), 'Generator loss', seriesOf(runs, 'gLoss')),
    new MetricsChart<Row>($('dFakeChart'), 'D(G(z)): how real the fakes look to D', seriesOf(runs, 'dFake')),
    new MetricsChart<Row>($('qualityChart'), title, seriesOf(runs, key, false)),
  ];
}

function drawCharts(): void {
  const started = performance.now();
  for (const c of charts) c.update(rows, smoothing, false);
  $('charts').dataset.drawMs = (performance.now() - started).toFixed(1);
  // Milliseconds since this webview's document began loading: the panel's opening to its charts.
  $('charts').dataset.drawnAt = performance.now().toFixed(0);
  $('charts').dataset.points = String(rows.length);
}

function renderChips(runs: CompareRun[]): void {
  $('title').textContent = `Compare ${runs.length} runs`;
  $('chips').innerHTML = runs
    .map(
      (r) =>
        `<li><button class="chip" data-dir="${escape(r.dir)}" title="Open this run's dashboard"><span class="swatch" data-colour="${escape(r.colour)}"></span>${escape(nameOf(r))}</button> <span class="chip-facts">${escape(r.experiment)} · ${escape(r.status)} · ${r.steps}/${r.totalSteps}${r.backend ? ` · ${escape(r.backend)}` : ''}</span></li>`,
    )
    .join('');
  paintColours($('chips'));
}

/** Each run's sample at the slider's step: its nearest logged sample at or before it (else its first). */
function renderSamples(): void {
  if (!snapshot) return;
  const slider = $<HTMLInputElement>('stepSlider');
  const step = sampleSteps[Number(slider.value)] ?? 0;
  $('sampleStep').textContent = sampleSteps.length ? String(step) : '–';
  $('samples').innerHTML = snapshot.runs
    .map((r) => {
      const steps = r.samples.map((s) => s.step);
      const i = Math.max(0, indexAtOrBefore(steps, step));
      const s = r.samples[i];
      const img = s
        ? `<img src="${escape(s.imageUri)}" alt="Samples of ${escape(nameOf(r))} at step ${s.step}" data-step="${s.step}">`
        : '<p class="empty">no samples</p>';
      return `<figure class="run-samples" data-border="${escape(r.colour)}">${img}<figcaption><span class="swatch" data-colour="${escape(r.colour)}"></span>${escape(nameOf(r))}${s ? ` · step ${s.step}` : ''}</figcaption></figure>`;
    })
    .join('');
  paintColours($('samples'));
  renderTable();
}

function renderTable(): void {
  if (!snapshot) return;
  const { runs, parameters } = snapshot;
  const at = sampleSteps[Number($<HTMLInputElement>('stepSlider').value)];
  const head = `<thead><tr><th></th>${runs.map((r) => `<th><span class="swatch" data-colour="${escape(r.colour)}"></span>${escape(nameOf(r))}</th>`).join('')}</tr></thead>`;
  const shown = parameters.filter((p) => p.differs || !diffOnly);
  const paramRows = shown
    .map(
      (p) =>
        `<tr class="${p.differs ? 'differs' : ''}"><th scope="row">${escape(p.path)}</th>${p.values.map((v) => `<td>${escape(v)}</td>`).join('')}</tr>`,
    )
    .join('');
  const metricRows = COMPARED_METRICS.map((spec) => {
    const values = runs.map((r) => metricValues(r.metrics, spec, at));
    if (values.every((v) => v.final === undefined)) return '';
    const cells = values
      .map((v) => {
        const best = v.best ? `<div class="sub">best ${format(v.best.value)} @ ${v.best.step}</div>` : '';
        const here = v.atStep ? `<div class="sub">${format(v.atStep.value)} @ ${v.atStep.step}</div>` : '';
        return `<td><strong>${format(v.final)}</strong>${best}${here}</td>`;
      })
      .join('');
    return `<tr><th scope="row">${escape(spec.label)} <span class="sub">final${spec.better ? ', best' : ''}${at !== undefined ? ', at step' : ''}</span></th>${cells}</tr>`;
  }).join('');
  $('table').innerHTML =
    head +
    `<tbody><tr class="group"><th colspan="${runs.length + 1}">Parameters${diffOnly ? ` that differ (${shown.length} of ${parameters.length})` : ''}</th></tr>${paramRows || `<tr><td colspan="${runs.length + 1}">The runs' parameters are the same.</td></tr>`}` +
    `<tr class="group"><th colspan="${runs.length + 1}">Metrics</th></tr>${metricRows}</tbody>`;
  paintColours($('table'));
}

function show(next: CompareSnapshot): void {
  snapshot = next;
  vscode.setState({ smoothing, diffOnly, runDirs: next.runs.map((r) => r.dir) });
  renderChips(next.runs);
  rows = mergeSteps(next.runs);
  const slider = $<HTMLInputElement>('stepSlider');
  const atEnd = Number(slider.value) >= sampleSteps.length - 1;
  sampleSteps = [...new Set(next.runs.flatMap((r) => r.samples.map((s) => s.step)))].sort((a, b) => a - b);
  slider.max = String(Math.max(0, sampleSteps.length - 1));
  slider.disabled = sampleSteps.length < 2;
  // Following the latest samples unless the user moved back.
  if (atEnd) slider.value = slider.max;
  buildCharts(next.runs);
  drawCharts();
  renderSamples();
}

// The runs keep their colours; the axes and grid follow the theme.
onThemeChange(() => {
  for (const c of charts) c.retheme();
});

window.addEventListener('message', (e: MessageEvent) => {
  if (!isHostToCompare(e.data)) return;
  $('charts').dataset.snapshotAt ??= performance.now().toFixed(0);
  $('charts').dataset.hostMs ??= String(e.data.snapshot.builtInMs ?? '');
  show(e.data.snapshot);
});
$('stepSlider').addEventListener('input', () => renderSamples());
$('smoothing').addEventListener('input', (e) => {
  smoothing = Number((e.target as HTMLInputElement).value);
  $('smoothingValue').textContent = smoothing.toFixed(2);
  vscode.setState({ ...(vscode.getState() as object), smoothing });
  drawCharts();
});
$('diffOnly').addEventListener('change', (e) => {
  diffOnly = (e.target as HTMLInputElement & { checked: boolean }).checked;
  vscode.setState({ ...(vscode.getState() as object), diffOnly });
  renderTable();
});
$('play').addEventListener('click', () => {
  const slider = $<HTMLInputElement>('stepSlider');
  if (playing) {
    clearInterval(playing);
    playing = undefined;
    $('play').textContent = 'Play';
    return;
  }
  if (Number(slider.value) >= Number(slider.max)) slider.value = '0';
  $('play').textContent = 'Pause';
  playing = setInterval(() => {
    if (Number(slider.value) >= Number(slider.max)) {
      clearInterval(playing);
      playing = undefined;
      $('play').textContent = 'Play';
      return;
    }
    slider.value = String(Number(slider.value) + 1);
    renderSamples();
  }, 600);
});
$('chips').addEventListener('click', (e) => {
  const chip = (e.target as HTMLElement).closest<HTMLElement>('.chip');
  if (chip?.dataset.dir) vscode.postMessage({ type: 'openDashboard', dir: chip.dataset.dir });
});
$<HTMLInputElement>('smoothing').value = String(smoothing);
$('smoothingValue').textContent = smoothing.toFixed(2);
if (!diffOnly) $('diffOnly').removeAttribute('checked');
vscode.postMessage({ type: 'ready' });
$('charts').dataset.readyAt = performance.now().toFixed(0);
