import * as assert from 'assert';
import type { MetricsRecord } from '../../../src/core/run/runRecords';
import type { SampleView } from '../../../src/shared/webviewProtocol';
import { initialState, pageOf, reduce, shownSample } from '../../../webview/dashboardState';
import { smoothDebiased } from '../../../webview/smoothing';
import { toColumns } from '../../../src/shared/metricsColumns';

const rec = (step: number): MetricsRecord => ({
  step,
  dLoss: 1,
  gLoss: 2,
  dReal: 0.5,
  dFake: 0.5,
  wallSeconds: step / 100,
});
const sample = (step: number): SampleView => ({ step, imageUri: `u${step}`, kind: 'images' });
const running = (step: number, stepsPerSecond: number) => ({
  status: 'running' as const,
  step,
  totalSteps: 100,
  runDir: '/runs/a',
  stepsPerSecond,
});
const snapshot = (metrics: MetricsRecord[], samples: SampleView[] = [], runDir = '/runs/a') => ({
  type: 'snapshot' as const,
  snapshot: {
    experimentName: 'ring-8',
    file: '/w/ring-8.gan.json',
    status: { status: 'running' as const, step: 0, totalSteps: 100, runDir },
    metrics: toColumns(metrics),
    samples,
    smoothing: 0.3,
  },
});

describe('dashboard state', () => {
  it('asks to train an experiment that has never run, and shows nothing before the host speaks', () => {
    assert.strictEqual(pageOf(initialState()), 'loading');
    const never = {
      type: 'snapshot' as const,
      snapshot: {
        experimentName: 'ring-8',
        file: '/w/ring-8.gan.json',
        status: { status: 'idle' as const, step: 0, totalSteps: 0 },
        metrics: toColumns([]),
        samples: [],
      },
    };
    let s = reduce(initialState(), never);
    assert.strictEqual(pageOf(s), 'empty');
    s = reduce(s, { type: 'status', status: { status: 'running', step: 0, totalSteps: 100, runDir: '/runs/a' } });
    assert.strictEqual(pageOf(s), 'run', 'a run that has begun, before its first step');
    assert.strictEqual(pageOf(reduce(initialState(), snapshot([rec(10)]))), 'run');
  });

  it('keeps the smoothing its user chose when a new snapshot arrives (a tab shown again, a new run)', () => {
    let s = reduce(initialState(), snapshot([rec(10)]));
    assert.strictEqual(s.smoothing, 0.3, 'the setting, until the user picks one');
    s = reduce(s, { type: 'setSmoothing', value: 0.9 });
    s = reduce(s, snapshot([rec(10), rec(20)]));
    assert.strictEqual(s.smoothing, 0.9);
    assert.strictEqual(
      reduce(initialState(0.75), snapshot([])).smoothing,
      0.75,
      'a choice restored from the saved state also holds',
    );
  });

  it('takes a snapshot whole, then appends metrics once per step in order', () => {
    let s = reduce(initialState(), snapshot([rec(10), rec(20)]));
    assert.strictEqual(s.smoothing, 0.3);
    s = reduce(s, { type: 'metrics', records: [rec(20), rec(30), rec(40)], status: running(35, 50) });
    assert.deepStrictEqual(
      s.metrics.map((m) => m.step),
      [10, 20, 30, 40],
    );
    assert.strictEqual(s.status.step, 40, 'the step follows the newest record');
    assert.strictEqual(s.status.stepsPerSecond, 50, 'the status comes with the records');
    const same = reduce(s, { type: 'metrics', records: [rec(15), rec(40)], status: running(40, 50) });
    assert.strictEqual(same.metrics, s.metrics, 'replayed records change nothing');
  });

  it('starts empty charts when metrics arrive from a new run folder', () => {
    let s = reduce(initialState(), snapshot([rec(10), rec(20)]));
    s = reduce(s, { type: 'metrics', records: [rec(10)], status: { ...running(10, 5), runDir: '/runs/b' } });
    assert.deepStrictEqual(
      s.metrics.map((m) => m.step),
      [10],
    );
    assert.strictEqual(s.status.runDir, '/runs/b');
  });

  it('keeps samples in step order without duplicates, following the newest unless one is picked', () => {
    let s = reduce(initialState(), snapshot([], [sample(100), sample(200)]));
    s = reduce(s, { type: 'sample', sample: sample(300) });
    s = reduce(s, { type: 'sample', sample: sample(200) });
    assert.deepStrictEqual(
      s.samples.map((x) => x.step),
      [100, 200, 300],
    );
    assert.strictEqual(shownSample(s)?.step, 300);
    s = reduce(s, { type: 'selectSample', index: 0 });
    s = reduce(s, { type: 'sample', sample: sample(400) });
    assert.strictEqual(shownSample(s)?.step, 100, 'a picked sample stays while new ones arrive');
    s = reduce(s, { type: 'selectSample', index: 99 });
    assert.strictEqual(s.selectedSample, null);
    assert.strictEqual(shownSample(s)?.step, 400);
  });

  it('starts empty charts when a new run begins, and keeps the step from going back otherwise', () => {
    let s = reduce(initialState(), snapshot([rec(10)], [sample(10)]));
    s = reduce(s, { type: 'status', status: { status: 'running', step: 5, totalSteps: 100, runDir: '/runs/a' } });
    assert.strictEqual(s.status.step, 10);
    s = reduce(s, { type: 'status', status: { status: 'stopped', step: 12, totalSteps: 100, runDir: '/runs/a' } });
    assert.strictEqual(s.status.status, 'stopped');
    s = reduce(s, { type: 'status', status: { status: 'running', step: 0, totalSteps: 100, runDir: '/runs/b' } });
    assert.deepStrictEqual([s.metrics.length, s.samples.length, s.status.step], [0, 0, 0]);
  });

  it('toggles the log scale and clamps smoothing', () => {
    let s = reduce(initialState(), { type: 'toggleLogScale' });
    assert.strictEqual(s.logScale, true);
    s = reduce(s, { type: 'setSmoothing', value: 5 });
    assert.strictEqual(s.smoothing, 0.999);
  });
});

describe('TensorBoard smoothing', () => {
  it('returns the values unchanged with weight 0', () => {
    assert.deepStrictEqual(smoothDebiased([1, 5, 3], 0), [1, 5, 3]);
  });
  it('debiases, so a constant series stays constant from the first point', () => {
    for (const v of smoothDebiased([2, 2, 2, 2], 0.9)) assert.ok(Math.abs(v! - 2) < 1e-12);
  });
  it('matches the hand-computed debiased average', () => {
    const [a, b] = smoothDebiased([1, 3], 0.5);
    assert.strictEqual(a, 1);
    assert.ok(Math.abs(b! - (0.5 * 0.5 * 1 + 0.5 * 3) / (1 - 0.25)) < 1e-12);
  });
  it('passes gaps through without disturbing the average', () => {
    assert.deepStrictEqual(smoothDebiased([1, null, 1], 0.5), [1, null, 1]);
  });

  it('shows the backend notice a snapshot or a message brings, and takes it away on null', () => {
    const offered = { state: 'offered' as const, text: 'Native TensorFlow is faster.' };
    let state = reduce(initialState(), { type: 'backendNotice', notice: offered });
    assert.deepStrictEqual(state.backendNotice, offered);
    state = reduce(state, { type: 'backendNotice', notice: null });
    assert.strictEqual(state.backendNotice, undefined);
    const failed = { state: 'failed' as const, text: 'Installing native TensorFlow failed: offline.' };
    state = reduce(state, {
      type: 'snapshot',
      snapshot: {
        experimentName: 'x',
        file: '/x.gan.json',
        status: { status: 'running', step: 1, totalSteps: 9 },
        metrics: toColumns([]),
        samples: [],
        backendNotice: failed,
      },
    });
    assert.deepStrictEqual(state.backendNotice, failed, 'a panel shown again keeps the notice');
  });

  it("toggles GAN Lab's views of the plane one at a time, the decision boundary on at first", () => {
    let s = initialState();
    assert.deepStrictEqual(s.planeViews, { boundary: true, manifold: false, pull: false });
    s = reduce(s, { type: 'togglePlaneView', view: 'manifold' });
    s = reduce(s, { type: 'togglePlaneView', view: 'boundary' });
    assert.deepStrictEqual(s.planeViews, { boundary: false, manifold: true, pull: false });
    // A new snapshot (another run, the panel shown again) keeps the user's choice.
    s = reduce(s, snapshot([rec(1)]));
    assert.deepStrictEqual(s.planeViews, { boundary: false, manifold: true, pull: false });
  });

  it('takes the real-vs-real reference from a snapshot or a message', () => {
    let s = reduce(initialState(), {
      ...snapshot([rec(1)]),
      snapshot: { ...snapshot([rec(1)]).snapshot, reference: { fid: 3 } },
    });
    assert.deepStrictEqual(s.reference, { fid: 3 });
    s = reduce(s, { type: 'qualityReference', reference: { fid: 2.5, kid: -1 } });
    assert.deepStrictEqual(s.reference, { fid: 2.5, kid: -1 });
  });

  it("keeps a run's interventions from disk and adds the live session's, each once", () => {
    const at = (n: number) => `2026-12-03T06:00:0${n}.000Z`;
    const early = { action: 'set' as const, set: { dSteps: 2 }, step: 10, at: at(1) };
    const pause = { action: 'pause' as const, step: 30, at: at(2) };
    let s = reduce(initialState(), snapshot([rec(1)]));
    s = reduce(s, { type: 'status', status: { ...running(20, 5), interventions: [early] } });
    // A resumed run's session knows only its own: the one from disk stays.
    s = reduce(s, { type: 'status', status: { ...running(30, 5), interventions: [pause], paused: true } });
    assert.deepStrictEqual(s.status.interventions, [early, pause]);
    s = reduce(s, { type: 'status', status: { ...running(30, 5), interventions: [pause], paused: true } });
    assert.deepStrictEqual(s.status.interventions, [early, pause]);
    assert.strictEqual(s.status.paused, true);
  });
});
