import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readRun } from '../../../src/core/run/readRun';
import { METRICS_WRITE_MS, RunStore } from '../../../src/core/run/runStore';
import type { MetricsRecord } from '../../../src/core/run/runRecords';
import type { Experiment } from '../../../src/core/experiment/types';

const rec = (step: number): MetricsRecord => ({
  step,
  dLoss: 1,
  gLoss: 2,
  dReal: 0.5,
  dFake: 0.5,
  wallSeconds: step / 100,
});

describe('run store metrics', () => {
  it('appends metrics in whole-line batches at least once per interval, and everything before a summary, and tells of each batch', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-store-'));
    let now = 0;
    const batches: number[][] = [];
    const store = RunStore.create(
      dir,
      { name: 'x' } as unknown as Experiment,
      {},
      {
        now: () => now,
        onMetricsWritten: (records) => batches.push(records.map((r) => r.step)),
      },
    );
    const lines = () =>
      fs
        .readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).step);
    store.appendMetrics(rec(10));
    store.appendMetrics(rec(20));
    assert.deepStrictEqual(lines(), [], 'within the interval the lines wait');
    now = METRICS_WRITE_MS;
    store.appendMetrics(rec(30));
    assert.deepStrictEqual(lines(), [10, 20, 30], 'one write once the interval has passed');
    now += 10;
    store.appendMetrics(rec(40));
    store.writeSummary({
      status: 'stopped',
      name: 'x',
      steps: 40,
      totalSteps: 100,
      backend: 'cpu',
      stepsPerSecond: 1,
      wallSeconds: 40,
      startedAt: '2026-01-01T00:00:00Z',
      metrics: rec(40),
    });
    assert.deepStrictEqual(lines(), [10, 20, 30, 40], 'a summary never runs ahead of the metrics');
    assert.deepStrictEqual(
      readRun(dir).metrics.map((m) => m.step),
      [10, 20, 30, 40],
    );
    assert.deepStrictEqual(
      batches,
      [[10, 20, 30], [40]],
      'live viewers get the batches the file gets, when it gets them',
    );
  });
});
