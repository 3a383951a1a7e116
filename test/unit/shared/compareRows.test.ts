import * as assert from 'assert';
import { COMPARED_METRICS, metricValues, parameterRows } from '../../../src/shared/compareRows';
import { toColumns } from '../../../src/shared/metricsColumns';

const record = (step: number, dLoss: number, mmd?: number) => ({
  step,
  dLoss,
  gLoss: 1,
  dReal: 0.5,
  dFake: 0.5,
  wallSeconds: step,
  ...(mmd === undefined ? {} : { mmd }),
});

describe('the comparison table', () => {
  it('lists the parameters that differ first, with one value per run', () => {
    const rows = parameterRows([
      { name: 'a', loss: 'bce', training: { steps: 100, batchSize: 64 }, backend: 'wasm' },
      { name: 'b', loss: 'lsgan', training: { steps: 100, batchSize: 64 }, backend: 'cpu' },
    ]);
    assert.deepStrictEqual(
      rows.filter((r) => r.differs).map((r) => [r.path, ...r.values]),
      [
        ['name', '"a"', '"b"'],
        ['loss', '"bce"', '"lsgan"'],
      ],
    );
    assert.deepStrictEqual(
      rows.filter((r) => !r.differs).map((r) => r.path),
      ['training.steps', 'training.batchSize'],
    );
    assert.ok(!rows.some((r) => r.path === 'backend'), 'where it ran is not a parameter');
  });

  it('gives each metric its final value, its best with the step, and its value at a step', () => {
    const columns = toColumns([record(10, 1.2, 0.5), record(20, 1.1), record(30, 1.3, 0.2), record(40, 1.0, 0.3)]);
    const mmd = COMPARED_METRICS.find((m) => m.key === 'mmd')!;
    assert.deepStrictEqual(metricValues(columns, mmd, 25), {
      final: 0.3,
      best: { value: 0.2, step: 30 },
      atStep: { value: 0.5, step: 10 },
    });
    const dLoss = COMPARED_METRICS.find((m) => m.key === 'dLoss')!;
    assert.deepStrictEqual(metricValues(columns, dLoss, 30), { final: 1.0, atStep: { value: 1.3, step: 30 } });
    assert.deepStrictEqual(metricValues(columns, dLoss, 5), { final: 1.0 }, 'nothing logged yet at step 5');
  });
});
