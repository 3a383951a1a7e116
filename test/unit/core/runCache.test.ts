import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { MetricsTail, RunsIndex } from '../../../src/core/run/runCache';
import { tempDir } from '../../helpers/cli';

const line = (step: number, dLoss = 1) =>
  JSON.stringify({ step, dLoss, gLoss: 1, dReal: 0.5, dFake: 0.5, wallSeconds: step }) + '\n';

describe('run folder cache', () => {
  it('reads a growing metrics file incrementally, holding back a line cut in two', () => {
    const file = path.join(tempDir(), 'metrics.jsonl');
    fs.writeFileSync(file, line(1) + line(2));
    const tail = new MetricsTail(file);
    assert.deepStrictEqual(
      tail.read().map((r) => r.step),
      [1, 2],
    );
    const half = line(3);
    fs.appendFileSync(file, half.slice(0, 10));
    assert.deepStrictEqual(
      tail.read().map((r) => r.step),
      [1, 2],
      'a partial line waits',
    );
    fs.appendFileSync(file, half.slice(10) + line(4));
    assert.deepStrictEqual(
      tail.read().map((r) => r.step),
      [1, 2, 3, 4],
    );
    fs.writeFileSync(file, line(9));
    assert.deepStrictEqual(
      tail.read().map((r) => r.step),
      [9],
      'a file written anew is read anew',
    );
  });

  it('reads a file that a resume replaced and grew past its old length again from the start', () => {
    const dir = tempDir();
    const file = path.join(dir, 'metrics.jsonl');
    fs.writeFileSync(file, line(1) + line(2) + line(3));
    const tail = new MetricsTail(file);
    assert.strictEqual(tail.read().length, 3);
    // RunStore.reopen: cut at the checkpoint of step 1 through a rename, then the run goes on.
    fs.writeFileSync(`${file}.tmp`, line(1));
    fs.renameSync(`${file}.tmp`, file);
    // The resumed steps have other values than the cut ones (as with another backend or an edit).
    fs.appendFileSync(file, line(2, 7) + line(3, 7) + line(4, 7));
    assert.deepStrictEqual(
      tail.read().map((r) => [r.step, r.dLoss]),
      [
        [1, 1],
        [2, 7],
        [3, 7],
        [4, 7],
      ],
    );
  });

  it("reads only the new bytes: the cost of a refresh follows what was added, not the run's length", () => {
    const file = path.join(tempDir(), 'metrics.jsonl');
    fs.writeFileSync(file, Array.from({ length: 1000 }, (_, i) => line(i + 1)).join(''));
    const tail = new MetricsTail(file);
    tail.read();
    const nodeFs = require('fs') as typeof fs;
    const readSync = nodeFs.readSync;
    let bytes = 0;
    nodeFs.readSync = ((fd: number, buffer: Buffer, ...rest: unknown[]) => {
      const n = (readSync as (...a: unknown[]) => number)(fd, buffer, ...rest);
      bytes += n;
      return n;
    }) as typeof fs.readSync;
    try {
      fs.appendFileSync(file, line(1001));
      assert.strictEqual(tail.read().length, 1001);
    } finally {
      nodeFs.readSync = readSync;
    }
    assert.strictEqual(bytes, Buffer.byteLength(line(1001)));
  });

  it('keeps a summary until told the folder changed, and the latest run per experiment', () => {
    const runs = path.join(tempDir(), 'ring');
    const a = path.join(runs, '2026-01-01T00-00-00');
    fs.mkdirSync(a, { recursive: true });
    fs.writeFileSync(path.join(a, 'experiment.json'), '{}');
    fs.writeFileSync(path.join(a, 'summary.json'), JSON.stringify({ status: 'running' }));
    const index = new RunsIndex();
    assert.strictEqual(index.latestRunDir(runs), a);
    assert.strictEqual(index.run(a).summary()?.status, 'running');
    fs.writeFileSync(path.join(a, 'summary.json'), JSON.stringify({ status: 'completed' }));
    assert.strictEqual(index.run(a).summary()?.status, 'running', 'cached: no read per redraw');
    index.invalidate(a);
    assert.strictEqual(index.run(a).summary()?.status, 'completed');
    const b = path.join(runs, '2026-01-02T00-00-00');
    fs.mkdirSync(b);
    fs.writeFileSync(path.join(b, 'experiment.json'), '{}');
    index.invalidate(b);
    assert.strictEqual(index.latestRunDir(runs), b, 'a new run folder is seen once a watcher reports it');
  });
});
