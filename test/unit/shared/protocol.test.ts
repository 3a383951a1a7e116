import * as assert from 'assert';
import { isHostToTrainer, isTrainerToHost } from '../../../src/shared/trainerProtocol';
import { isHostToWebview, isWebviewToHost } from '../../../src/shared/webviewProtocol';

describe('message guards', () => {
  it('accept exactly the webview\'s four messages and nothing else', () => {
    for (const type of ['ready', 'train', 'stop', 'openRunFolder']) assert.ok(isWebviewToHost({ type }));
    for (const bad of [null, 'train', { type: 'train', file: '/etc/passwd' }, { type: 'runCommand' }, { type: 1 }, [], { }]) {
      assert.strictEqual(isWebviewToHost(bad), false, JSON.stringify(bad));
    }
  });

  it('check the trainer\'s messages field by field', () => {
    assert.ok(isTrainerToHost({ type: 'metrics', records: [{ step: 10, dLoss: 1, gLoss: 1 }], stepsPerSecond: 5, etaSeconds: 1 }));
    assert.ok(isTrainerToHost({ type: 'started', runDir: '/r', totalSteps: 10, backend: 'wasm', backendDescription: 'wasm' }));
    assert.ok(isTrainerToHost({ type: 'finished', summary: { status: 'completed' } }));
    assert.strictEqual(isTrainerToHost({ type: 'metrics', records: [{ step: -1 }], stepsPerSecond: 5 }), false);
    assert.strictEqual(isTrainerToHost({ type: 'started', runDir: '/r', totalSteps: 1.5, backend: 'wasm', backendDescription: '' }), false);
    assert.strictEqual(isTrainerToHost({ type: 'sample', sample: { step: 1 } }), false);
    assert.strictEqual(isTrainerToHost({ type: 'explode' }), false);
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
});
