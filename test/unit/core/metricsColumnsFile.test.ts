import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { METRICS_COLUMNS_FILE, writeMetricsColumns } from '../../../src/core/run/metricsColumnsFile';
import { parseMetricsLines } from '../../../src/core/run/readRun';
import { toColumns } from '../../../src/core/run/metricsColumns';
import { MetricsTail } from '../../../src/core/run/runCache';
import { RunStore } from '../../../src/core/run/runStore';
import { tempDir } from '../../helpers/cli';

const record = (step: number) => ({
  step,
  dLoss: 1 / step,
  gLoss: 2 + step / 7,
  dReal: 0.5,
  dFake: 0.25,
  wallSeconds: step / 3,
  ...(step % 10 === 0 ? { mmd: 0.01 * step, modesCovered: 5, modeCount: 8, highQualityFraction: 0.75 } : {}),
});

function runWith(steps: number): { dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, 'metrics.jsonl');
  const lines = Array.from({ length: steps }, (_, i) => JSON.stringify(record(i + 1)) + '\n').join('');
  fs.writeFileSync(file, lines);
  return { dir, file };
}

describe("a finished run's metrics as columns", () => {
  it('give back exactly the records of its lines, optional values only where logged', () => {
    const { dir, file } = runWith(25);
    writeMetricsColumns(dir);
    const fromLines = parseMetricsLines(fs.readFileSync(file, 'utf8'));
    // The lines made unreadable in place, same size, same time: only the columns can answer.
    const stat = fs.statSync(file);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(stat.size, 'x'), 0, stat.size, 0);
    fs.closeSync(fd);
    fs.utimesSync(file, stat.atimeMs / 1000, stat.mtimeMs / 1000);
    assert.deepStrictEqual(new MetricsTail(file).read(), fromLines);
  });

  it('are ignored once the lines change, and the new lines are read', () => {
    const { dir, file } = runWith(25);
    writeMetricsColumns(dir);
    fs.appendFileSync(file, JSON.stringify(record(26)) + '\n');
    assert.deepStrictEqual(
      new MetricsTail(file).read().map((r) => r.step),
      Array.from({ length: 26 }, (_, i) => i + 1),
    );
  });

  it('go on growing from the lines after them, as a live run is followed, as records and as columns', () => {
    const { dir, file } = runWith(10);
    writeMetricsColumns(dir);
    const tail = new MetricsTail(file);
    assert.strictEqual(tail.read().length, 10);
    assert.deepStrictEqual(tail.columns(), toColumns(tail.read()));
    fs.appendFileSync(file, JSON.stringify(record(11)) + '\n');
    assert.deepStrictEqual(tail.read().at(-1), record(11));
    assert.deepStrictEqual(tail.columns(), toColumns(tail.read()), 'the columns grow with the records');
    assert.strictEqual(tail.columns().step.length, 11);
  });

  it('are not written for a file that ends in a cut line, and are removed when a resume cuts the run', () => {
    const { dir, file } = runWith(10);
    fs.appendFileSync(file, '{"step": 11, "dLo');
    writeMetricsColumns(dir);
    assert.strictEqual(fs.existsSync(path.join(dir, METRICS_COLUMNS_FILE)), false);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\{"step": 11, "dLo$/, ''));
    writeMetricsColumns(dir);
    assert.ok(fs.existsSync(path.join(dir, METRICS_COLUMNS_FILE)));
    RunStore.reopen(dir, 5);
    assert.strictEqual(fs.existsSync(path.join(dir, METRICS_COLUMNS_FILE)), false);
    assert.strictEqual(new MetricsTail(file).read().length, 5);
  });
});
