import * as assert from 'assert';
import { isHostToTrainer, isTrainerToHost } from '../../../src/shared/trainerProtocol';
import { isHostToWebview, isWebviewToHost } from '../../../src/shared/webviewProtocol';
import { isCompareToHost, isHostToCompare } from '../../../src/shared/compareProtocol';
import { toColumns } from '../../../src/shared/metricsColumns';

describe('message guards', () => {
  it("accept exactly the dashboard's messages and nothing else", () => {
    const types = [
      'ready',
      'train',
      'stop',
      'openRunFolder',
      'compare',
      'installNativeBackend',
      'dismissBackendNotice',
      'showLog',
    ];
    for (const type of types) assert.ok(isWebviewToHost({ type }));
    assert.ok(isWebviewToHost({ type: 'showAlarm', index: 2 }));
    for (const action of ['pause', 'continue', 'stepDiscriminator', 'stepGenerator', 'stepBoth'])
      assert.ok(isWebviewToHost({ type: 'intervene', request: { action } }), action);
    assert.ok(
      isWebviewToHost({
        type: 'intervene',
        request: { action: 'set', set: { generatorLearningRate: 1e-4, discriminatorLearningRate: 0.5, dSteps: 3 } },
      }),
    );
    for (const request of [
      { action: 'restart' },
      { action: 'set' },
      { action: 'set', set: { dSteps: 0 } },
      { action: 'set', set: { dSteps: 2.5 } },
      { action: 'set', set: { dSteps: 101 } },
      { action: 'set', set: { generatorLearningRate: -1 } },
      { action: 'set', set: { generatorLearningRate: 0 } },
      { action: 'set', set: { discriminatorLearningRate: Infinity } },
      { action: 'set', set: { seed: 3 } },
    ])
      assert.strictEqual(isWebviewToHost({ type: 'intervene', request }), false, JSON.stringify(request));
    assert.strictEqual(isWebviewToHost({ type: 'intervene', request: { action: 'pause' }, file: 'x' }), false);
    // The trainer takes the same requests, and reports them back with their step.
    assert.ok(isHostToTrainer({ type: 'intervene', request: { action: 'stepGenerator' } }));
    assert.strictEqual(isHostToTrainer({ type: 'intervene', request: { action: 'set', set: { dSteps: -1 } } }), false);
    const at = '2026-12-03T06:00:00.000Z';
    assert.ok(isTrainerToHost({ type: 'intervened', intervention: { action: 'pause', step: 3, at }, paused: true }));
    assert.strictEqual(
      isTrainerToHost({ type: 'intervened', intervention: { action: 'pause', at }, paused: true }),
      false,
    );
    assert.strictEqual(isTrainerToHost({ type: 'intervened', intervention: { action: 'pause', step: 3, at } }), false);
    for (const bad of [
      null,
      'train',
      { type: 'train', file: '/etc/passwd' },
      { type: 'runCommand' },
      { type: 'installNativeBackend', package: 'evil' },
      { type: 'showAlarm' },
      { type: 'showAlarm', index: -1 },
      { type: 'showAlarm', index: 1.5 },
      { type: 'showAlarm', index: 0, file: '/etc/passwd' },
      { type: 1 },
      [],
      {},
    ]) {
      assert.strictEqual(isWebviewToHost(bad), false, JSON.stringify(bad));
    }
  });

  const summary = {
    status: 'completed',
    name: 'x',
    steps: 10,
    totalSteps: 10,
    backend: 'wasm',
    stepsPerSecond: 5,
    wallSeconds: 2,
    startedAt: '',
    metrics: {},
  };
  const record = { step: 10, dLoss: 1, gLoss: 1, dReal: 0.5, dFake: 0.4, wallSeconds: 1 };

  it("check the trainer's messages field by field", () => {
    assert.ok(isTrainerToHost({ type: 'metrics', records: [record], stepsPerSecond: 5, etaSeconds: 1 }));
    assert.ok(
      isTrainerToHost({
        type: 'started',
        runDir: '/r',
        totalSteps: 10,
        backend: 'wasm',
        backendDescription: 'wasm',
        skipped: [{ name: 'tensorflow', reason: 'not installed' }],
      }),
    );
    assert.ok(isTrainerToHost({ type: 'finished', summary }));
    assert.ok(
      isTrainerToHost({ type: 'sample', sample: { step: 10, image: 'samples/step-000010.png', kind: 'images' } }),
    );
    assert.strictEqual(
      isTrainerToHost({ type: 'metrics', records: [{ ...record, step: -1 }], stepsPerSecond: 5, etaSeconds: 1 }),
      false,
    );
    assert.strictEqual(
      isTrainerToHost({
        type: 'started',
        runDir: '/r',
        totalSteps: 1.5,
        backend: 'wasm',
        backendDescription: '',
        skipped: [],
      }),
      false,
    );
    assert.strictEqual(
      isTrainerToHost({
        type: 'started',
        runDir: '/r',
        totalSteps: 1,
        backend: 'gpu',
        backendDescription: '',
        skipped: [],
      }),
      false,
    );
    assert.strictEqual(isTrainerToHost({ type: 'sample', sample: { step: 1 } }), false);
    assert.strictEqual(isTrainerToHost({ type: 'explode' }), false);
  });

  it('check every field the host reads, so a message missing one never reaches the code that reads it', () => {
    for (const key of ['status', 'steps', 'totalSteps', 'stepsPerSecond', 'metrics'] as const) {
      const { [key]: _dropped, ...rest } = summary;
      assert.strictEqual(isTrainerToHost({ type: 'finished', summary: rest }), false, `summary without ${key}`);
    }
    assert.strictEqual(isTrainerToHost({ type: 'finished', summary: { ...summary, status: 'exploded' } }), false);
    assert.strictEqual(isTrainerToHost({ type: 'finished', summary: { ...summary, error: 7 } }), false);
    for (const key of ['dLoss', 'gLoss', 'dReal', 'dFake'] as const) {
      const { [key]: _dropped, ...rest } = record;
      assert.strictEqual(
        isTrainerToHost({ type: 'metrics', records: [rest], stepsPerSecond: 5, etaSeconds: 1 }),
        false,
        `record without ${key}`,
      );
    }
    assert.strictEqual(
      isTrainerToHost({ type: 'metrics', records: [record], stepsPerSecond: 5 }),
      false,
      'metrics without an ETA',
    );
    assert.strictEqual(isTrainerToHost({ type: 'sample', sample: { step: 1, image: 'a.png', kind: 'video' } }), false);
    assert.strictEqual(
      isTrainerToHost({ type: 'started', runDir: '/r', totalSteps: 1, backend: 'wasm', backendDescription: '' }),
      false,
      'started without skipped',
    );
    assert.strictEqual(
      isTrainerToHost({ type: 'invalid', diagnostics: [{ message: 'x' }], message: 'bad' }),
      false,
      'a diagnostic without its range',
    );
  });

  it('check what the host sends a trainer and a webview', () => {
    assert.ok(isHostToTrainer({ type: 'start', file: 'a', text: '{}', runDir: 'r', backend: 'auto' }));
    assert.ok(isHostToTrainer({ type: 'stop' }));
    assert.ok(isHostToTrainer({ type: 'probe', backend: 'wasm' }));
    assert.strictEqual(isHostToTrainer({ type: 'start', file: 'a', runDir: 'r', backend: 'auto' }), false);
    assert.ok(isHostToWebview({ type: 'status', status: { status: 'running', step: 1, totalSteps: 2 } }));
    assert.strictEqual(isHostToWebview({ type: 'snapshot', snapshot: { metrics: 'x' } }), false);
    assert.ok(isHostToWebview({ type: 'metrics', records: [], status: { status: 'running', step: 1, totalSteps: 2 } }));
    assert.strictEqual(isHostToWebview({ type: 'metrics', records: [] }), false, 'metrics come with their status');
  });

  it('check a start from a checkpoint, and the generate and export requests', () => {
    const start = { type: 'start', file: '/e.gan.json', text: '{}', runDir: '/r', backend: 'auto' };
    assert.ok(isHostToTrainer({ ...start, startFrom: { runDir: '/r', mode: 'resume' } }));
    assert.ok(isHostToTrainer({ ...start, startFrom: { runDir: '/q', mode: 'fork' } }));
    assert.strictEqual(isHostToTrainer({ ...start, startFrom: { runDir: '/r', mode: 'rewind' } }), false);
    assert.strictEqual(isHostToTrainer({ ...start, startFrom: '/r' }), false);
    assert.ok(isHostToTrainer({ type: 'generate', runDir: '/r', out: '/o', backend: 'wasm', count: 64, seed: 3 }));
    assert.ok(isHostToTrainer({ type: 'export', runDir: '/r', out: '/o', backend: 'wasm' }));
    assert.strictEqual(
      isHostToTrainer({ type: 'generate', runDir: '/r', out: '/o', backend: 'wasm', count: -1 }),
      false,
    );
    assert.ok(isTrainerToHost({ type: 'used', out: '/o', main: 'grid.png', step: 10 }));
    assert.strictEqual(isTrainerToHost({ type: 'used', out: '/o', step: 10 }), false);
  });

  it("check Compare's messages: what it may ask, and a snapshot whose runs are whole", () => {
    assert.ok(isCompareToHost({ type: 'ready' }));
    assert.ok(isCompareToHost({ type: 'openDashboard', dir: '/r' }));
    for (const bad of [{ type: 'openDashboard' }, { type: 'delete', dir: '/r' }, null])
      assert.strictEqual(isCompareToHost(bad), false, JSON.stringify(bad));
    const run = {
      dir: '/r',
      id: 'r',
      label: 'r',
      experiment: 'x',
      colour: '#0072B2',
      status: 'completed',
      steps: 10,
      totalSteps: 10,
      metrics: toColumns([record]),
      samples: [{ step: 10, imageUri: 'x.png', kind: 'images' }],
    };
    const snapshot = { runs: [run], parameters: [{ path: 'loss', values: ['"bce"'], differs: false }] };
    assert.ok(isHostToCompare({ type: 'snapshot', snapshot }));
    assert.strictEqual(
      isHostToCompare({ type: 'snapshot', snapshot: { ...snapshot, runs: [{ ...run, metrics: [record] }] } }),
      false,
      'metrics must be columns',
    );
  });

  it('accept a backend notice of a known state, or null to take it away', () => {
    assert.ok(isHostToWebview({ type: 'backendNotice', notice: { state: 'offered', text: 'faster' } }));
    assert.ok(isHostToWebview({ type: 'backendNotice', notice: null }));
    assert.strictEqual(isHostToWebview({ type: 'backendNotice', notice: { state: 'hacked', text: 'x' } }), false);
    assert.strictEqual(isHostToWebview({ type: 'backendNotice' }), false);
  });
});
