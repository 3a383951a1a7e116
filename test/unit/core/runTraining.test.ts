import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { selectBackend, type BackendChoice } from '../../../src/core/backend/selectBackend';
import type { Experiment } from '../../../src/core/experiment/types';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';
import { CHECKPOINT_DIR, findCheckpoint } from '../../../src/core/run/checkpointFolder';
import { parseMetricsLines, readSummary } from '../../../src/core/run/readRun';
import { runTraining } from '../../../src/core/training/runTraining';
import { tempDir } from '../../helpers/cli';
import { tinyExperiment } from '../../helpers/experiments';
import { backendDataIds } from '../../helpers/memory';

function experiment(overrides: Record<string, unknown> = {}): Experiment {
  const r = validateExperimentText(JSON.stringify(tinyExperiment(overrides)));
  assert.ok(r.experiment, r.diagnostics.map((d) => d.message).join('\n'));
  return r.experiment;
}

describe('a training run', function () {
  this.timeout(60_000);
  let backend: BackendChoice;
  before(async () => {
    backend = await selectBackend('cpu');
  });

  it('ends failed, with the reason, when setup fails after the summary said running (and frees what it built)', async () => {
    const runDir = path.join(tempDir(), 'run');
    const before = backendDataIds();
    const summary = await runTraining({
      experiment: experiment(),
      runDir,
      backend,
      listener: {
        onStarted: () => {
          throw new Error('the evaluator could not start');
        },
      },
    });
    assert.strictEqual(summary.status, 'failed');
    assert.strictEqual(readSummary(runDir)?.status, 'failed');
    assert.match(readSummary(runDir)!.error!, /the evaluator could not start/);
    assert.strictEqual(backendDataIds(), before, 'the networks were disposed');
  });

  it('ends failed when its data cannot be read', async () => {
    const runDir = path.join(tempDir(), 'run');
    const digits = tempDir();
    fs.writeFileSync(path.join(digits, '0.json'), '{ "data": [0, 0.5, '); // cut short
    const summary = await runTraining({
      experiment: experiment({
        data: { source: 'mnist', flatten: true },
        generator: { layers: [{ type: 'dense', units: 784, activation: 'tanh' }] },
      }),
      runDir,
      backend,
      dataset: { mnistDir: digits },
    });
    assert.strictEqual(summary.status, 'failed');
    assert.strictEqual(readSummary(runDir)?.status, 'failed', 'not running for ever');
  });

  it("has a sample step's record, with its quality, on disk by the time the sample is", async () => {
    const runDir = path.join(tempDir(), 'run');
    const seen: Array<{ step: number; lastOnDisk: number; mmd?: number }> = [];
    await runTraining({
      experiment: experiment({
        training: { steps: 30, batchSize: 16 },
        log: { every: 5 },
        samples: { every: 10, count: 16, evaluationCount: 100 },
      }),
      runDir,
      backend,
      listener: {
        onSample: (sample) => {
          const lines = parseMetricsLines(fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8'));
          seen.push({ step: sample.step, lastOnDisk: lines.at(-1)!.step, mmd: lines.at(-1)!.mmd });
        },
      },
    });
    assert.deepStrictEqual(
      seen.map((s) => [s.step, s.lastOnDisk]),
      [
        [10, 10],
        [20, 20],
        [30, 30],
      ],
    );
    assert.ok(
      seen.every((s) => typeof s.mmd === 'number'),
      'the quality is in that record',
    );
  });

  it('ends a stopped run with its metrics, a sample and its checkpoint at one step', async () => {
    const runDir = path.join(tempDir(), 'run');
    let trained = 0;
    const summary = await runTraining({
      experiment: experiment({
        training: { steps: 200, batchSize: 16 },
        samples: { every: 50, count: 16, evaluationCount: 100 },
      }),
      runDir,
      backend,
      listener: { onMetrics: (r) => (trained = r.step) },
      // Asked for after the logged step 20, far from a sample step (every 50).
      shouldStop: () => trained >= 20,
    });
    assert.strictEqual(summary.status, 'stopped');
    const metrics = parseMetricsLines(fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8'));
    const samples = fs
      .readdirSync(path.join(runDir, 'samples'))
      .filter((f) => /^step-\d+\.png$/.test(f))
      .sort();
    const lastSample = Number(/\d+/.exec(samples.at(-1) ?? '')?.[0]);
    assert.ok(summary.steps < 50, `stopped at step ${summary.steps}, before the first sample step`);
    assert.strictEqual(metrics.at(-1)!.step, summary.steps, 'the last record is at the last step');
    assert.strictEqual(typeof metrics.at(-1)!.mmd, 'number', 'with its quality');
    assert.strictEqual(lastSample, summary.steps, 'and so is the last sample');
    assert.strictEqual(summary.checkpointStep, summary.steps, 'and the checkpoint');
    assert.ok(fs.existsSync(path.join(runDir, 'metrics.columns')), 'the metrics kept as columns too');
  });

  it('writes a logged step within a second even when the next logged step is far off', async () => {
    const runDir = path.join(tempDir(), 'run');
    let clock = 0;
    const onDisk: number[][] = [];
    await runTraining({
      // One logged step every 10 steps, each step "taking" 300 ms: a record must not wait 3 s.
      experiment: experiment({
        training: { steps: 30, batchSize: 16 },
        log: { every: 10 },
        samples: { every: 1000, count: 16, evaluationCount: 100 },
        checkpoint: { every: 1000 },
      }),
      runDir,
      backend,
      now: () => (clock += 300),
      listener: { onMetricsWritten: (records) => onDisk.push(records.map((r) => r.step)) },
    });
    // Step 10 is logged; steps 11-14 pass 1.2 s: it is written then, not with step 20 or later.
    assert.deepStrictEqual(onDisk, [[10], [20], [30]]);
  });

  it('always has a whole checkpoint on disk, also while one replaces another', async () => {
    const runDir = path.join(tempDir(), 'run');
    // The fs module itself (an import's namespace is read-only), which every module's import reads.
    const nodeFs = require('fs') as typeof fs;
    const rename = nodeFs.renameSync;
    const checks: Array<number | undefined> = [];
    nodeFs.renameSync = (from, to) => {
      rename(from, to);
      if (String(from).includes('checkpoint') || String(to).includes('checkpoint'))
        checks.push(findCheckpoint(runDir)?.step);
    };
    try {
      await runTraining({
        experiment: experiment({ training: { steps: 30, batchSize: 16 }, checkpoint: { every: 10 } }),
        runDir,
        backend,
      });
    } finally {
      nodeFs.renameSync = rename;
    }
    // Between any two renames a checkpoint was there: the first one's, then each newer one's.
    assert.ok(checks.length >= 5, String(checks.length));
    assert.ok(
      checks.every((s) => s !== undefined),
      JSON.stringify(checks),
    );
    assert.deepStrictEqual(findCheckpoint(runDir), { dir: path.join(runDir, CHECKPOINT_DIR), step: 30 });
    assert.deepStrictEqual(
      fs.readdirSync(runDir).filter((f) => f.startsWith('checkpoint')),
      [CHECKPOINT_DIR],
    );
  });

  it("frees every tensor it made, checkpoints included (the backend's own count)", async () => {
    const run = (steps: number) =>
      runTraining({
        experiment: experiment({ training: { steps, batchSize: 16, generatorAverage: 0.9 }, checkpoint: { every: 1 } }),
        runDir: path.join(tempDir(), 'run'),
        backend,
      });
    await run(2); // first use of each kernel
    const before = backendDataIds();
    await run(6);
    assert.strictEqual(backendDataIds(), before);
  });

  it('trains on an image folder with the same losses step for step, also once the cache is built', async () => {
    const dir = tempDir();
    const sharp = (await import('sharp')).default;
    fs.mkdirSync(path.join(dir, 'faces'));
    for (let i = 0; i < 24; i++) {
      await sharp({
        create: {
          width: 10 + (i % 3),
          height: 9,
          channels: 3,
          background: { r: (i * 37) % 256, g: (i * 91) % 256, b: 120 },
        },
      })
        .png()
        .toFile(path.join(dir, 'faces', `f${String(i).padStart(2, '0')}.png`));
    }
    const exp = experiment({
      data: { source: 'images', path: 'faces', width: 4, height: 4, channels: 3, flip: true },
      generator: {
        layers: [
          { type: 'dense', units: 48, activation: 'tanh' },
          { type: 'reshape', targetShape: [4, 4, 3] },
        ],
      },
      discriminator: {
        layers: [{ type: 'flatten' }, { type: 'dense', units: 8, activation: 'relu' }, { type: 'dense', units: 1 }],
      },
      training: { steps: 12, batchSize: 8 },
      log: { every: 1 },
      samples: { every: 6, count: 4, evaluationCount: 100 },
    });
    const losses = async () => {
      const runDir = path.join(tempDir(), 'run');
      const summary = await runTraining({
        experiment: exp,
        runDir,
        backend,
        dataset: { baseDir: dir, cacheRoot: path.join(dir, '.cache') },
      });
      assert.strictEqual(summary.status, 'completed', summary.error);
      assert.deepStrictEqual(summary.data, { sampleShape: [4, 4, 3], samples: 24, skipped: 0, skippedExamples: [] });
      assert.ok(fs.existsSync(path.join(runDir, 'samples', 'real.png')), 'real samples as D sees them');
      return parseMetricsLines(fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8')).map((m) => [
        m.dLoss,
        m.gLoss,
      ]);
    };
    const first = await losses(); // decodes every image into the cache
    assert.strictEqual(first.length, 12);
    assert.deepStrictEqual(await losses(), first);
  });
});
