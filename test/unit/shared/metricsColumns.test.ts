import * as assert from 'assert';
import type { MetricsRecord } from '../../../src/core/run/runRecords';
import { decimateColumns, fromColumns, isMetricsColumns, toColumns } from '../../../src/shared/metricsColumns';

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

describe('decimated metrics columns', () => {
  const records = Array.from({ length: 10_000 }, (_, i) => ({
    step: i + 1,
    dLoss: i % 2 ? 1 : 3, // alternating: every bucket's mean is 2
    gLoss: 1,
    dReal: 0.5,
    dFake: 0.5,
    wallSeconds: i,
    ...((i + 1) % 1000 === 0 ? { mmd: 1 / (i + 1), modesCovered: 3, modeCount: 8 } : {}),
  }));
  it('keeps every quality measurement and the last record, and averages the losses over buckets', () => {
    const c = decimateColumns(toColumns(records), 500);
    assert.ok(c.step.length <= 520 && c.step.length >= 450, `${c.step.length} rows`);
    const steps = Array.from(c.step);
    steps.forEach((s, i) => assert.ok(i === 0 || s > steps[i - 1], `step ${s} after ${steps[i - 1]}`));
    const quality = steps.filter((_, i) => !Number.isNaN(c.mmd[i]));
    assert.deepStrictEqual(quality, [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10000]);
    assert.strictEqual(c.step.at(-1), 10_000);
    assert.strictEqual(c.dLoss.at(-1), 1, 'the last record as logged');
    assert.ok(
      Array.from(c.dLoss.subarray(0, -1))
        .filter((v) => !Number.isNaN(v))
        .every((v) => Math.abs(v - 2) <= 0.34),
      'bucket means (a bucket of 3 alternating values is 2.33)',
    );
    assert.strictEqual(decimateColumns(toColumns(records.slice(0, 100)), 500).step.length, 100, 'short runs whole');
  });
});
