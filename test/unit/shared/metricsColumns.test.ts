import * as assert from 'assert';
import type { MetricsRecord } from '../../../src/core/run/runRecords';
import { fromColumns, isMetricsColumns, toColumns } from '../../../src/shared/metricsColumns';

describe('metrics as columns', () => {
  it('round-trips records exactly, quality fields only where a step has them', () => {
    const records: MetricsRecord[] = [
      { step: 10, dLoss: 1.25, gLoss: 0.5, dReal: 0.75, dFake: 0.25, wallSeconds: 0.1 },
      {
        step: 20,
        dLoss: 1.1,
        gLoss: 0.7,
        dReal: 0.6,
        dFake: 0.4,
        wallSeconds: 0.2,
        mmd: 0.0123,
        modesCovered: 7,
        modeCount: 8,
        highQualityFraction: 0.93,
      },
      { step: 30, dLoss: 0.9, gLoss: 0.8, dReal: 0.55, dFake: 0.45, wallSeconds: 0.3, mmd: 0.01 },
    ];
    const columns = toColumns(records);
    assert.ok(isMetricsColumns(columns));
    assert.ok(columns.step instanceof Float64Array, 'typed arrays: handed over as bytes, not serialised per key');
    assert.deepStrictEqual(fromColumns(columns), records);
    assert.deepStrictEqual(fromColumns(toColumns([])), []);
  });

  it('the guard refuses columns of different lengths or of other types', () => {
    const c = toColumns([{ step: 1, dLoss: 1, gLoss: 1, dReal: 1, dFake: 1, wallSeconds: 1 }]);
    assert.strictEqual(isMetricsColumns({ ...c, mmd: new Float64Array(2) }), false);
    assert.strictEqual(isMetricsColumns({ ...c, dLoss: [1] }), false);
    assert.strictEqual(isMetricsColumns([{ step: 1 }]), false);
  });
});
