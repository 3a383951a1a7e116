// Resume is exact: a run stopped half-way and resumed gives the losses of the run that never
// stopped at every logged step, and the same final weights, bit for bit.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import type { Experiment } from '../../../src/core/experiment/types';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';
import { findCheckpoint } from '../../../src/core/run/checkpointFolder';
import { parseMetricsLines, readSummary } from '../../../src/core/run/readRun';
import { checkResume, readResumePoint } from '../../../src/core/run/resumePoint';
import type { MetricsRecord } from '../../../src/core/run/runRecords';
import { runTraining } from '../../../src/core/training/runTraining';
import { tempDir } from '../../helpers/cli';
import { writeNpy } from '../../helpers/dataFiles';
import { tinyExperiment } from '../../helpers/experiments';

function experiment(overrides: Record<string, unknown>, baseDir?: string): Experiment {
  const r = validateExperimentText(JSON.stringify(tinyExperiment(overrides)), { baseDir });
  assert.ok(r.experiment, r.diagnostics.map((d) => d.message).join('\n'));
  return r.experiment;
}

/** A dense GAN with every random stream in play: dropout in both networks, instance noise,
 * a generator average and a learning-rate schedule that depends on the step. */
const denseWithEverything = () =>
  experiment({
    training: {
      steps: 40,
      batchSize: 16,
      instanceNoise: 0.1,
      generatorAverage: 0.99,
      generatorOptimizer: {
        type: 'adam',
        learningRate: 0.001,
        beta1: 0.5,
        schedule: 'cosine',
        finalLearningRate: 1e-4,
      },
      discriminatorOptimizer: { type: 'rmsprop', learningRate: 0.001, momentum: 0.5 },
    },
    generator: {
      layers: [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dropout', rate: 0.2 },
        { type: 'dense', units: 2 },
      ],
    },
    discriminator: {
      layers: [
        { type: 'dense', units: 16, activation: 'leakyRelu' },
        { type: 'dropout', rate: 0.3 },
        { type: 'dense', units: 1 },
      ],
    },
    log: { every: 2 },
    samples: { every: 10, count: 16, evaluationCount: 100 },
    checkpoint: { every: 10 },
  });

/** A small DCGAN on 8x8 images from an NPY file: streamed data whose epochs (50 samples, batches
 * of 8) turn over every few steps, so the data order's position matters. */
function convOnFileData(): { exp: Experiment; baseDir: string } {
  const dir = tempDir();
  const values = Array.from({ length: 50 * 64 }, (_, i) => Math.round(127 + 120 * Math.sin(i * 0.37)));
  writeNpy(path.join(dir, 'tiles.npy'), '|u1', [50, 8, 8, 1], values);
  const exp = experiment(
    {
      data: { source: 'npy', path: 'tiles.npy' },
      latent: { dim: 8 },
      generator: {
        layers: [
          { type: 'dense', units: 64 },
          { type: 'leakyReLU', alpha: 0.2 },
          { type: 'reshape', targetShape: [4, 4, 4] },
          { type: 'conv2dTranspose', filters: 1, kernelSize: 3, strides: 2, padding: 'same', activation: 'tanh' },
        ],
      },
      discriminator: {
        layers: [
          { type: 'conv2d', filters: 4, kernelSize: 3, strides: 2, padding: 'same' },
          { type: 'leakyReLU', alpha: 0.2 },
          { type: 'flatten' },
          { type: 'dense', units: 1 },
        ],
      },
      training: { steps: 24, batchSize: 8, instanceNoise: 0.05 },
      log: { every: 2 },
      samples: { every: 8, count: 4, evaluationCount: 100 },
      checkpoint: { every: 8 },
    },
    dir,
  );
  return { exp, baseDir: dir };
}

const losses = (records: MetricsRecord[]) =>
  records.map(({ step, dLoss, gLoss, dReal, dFake, mmd }) => ({ step, dLoss, gLoss, dReal, dFake, mmd }));
const metricsOf = (runDir: string) => parseMetricsLines(fs.readFileSync(path.join(runDir, 'metrics.jsonl'), 'utf8'));
/** Every weight file of the final checkpoint, as bytes. */
function finalWeights(runDir: string): Record<string, Buffer> {
  const dir = findCheckpoint(runDir)!.dir;
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.bin'))
      .map((f) => [f, fs.readFileSync(path.join(dir, f))]),
  );
}

describe('resuming a run', function () {
  this.timeout(120_000);
  before(() => selectBackend('wasm'));

  for (const [name, make] of [
    [
      'a dense GAN with dropout, instance noise, a generator average and schedules',
      () => ({ exp: denseWithEverything() }),
    ],
    ['a convolutional GAN on streamed file data', convOnFileData],
  ] as const) {
    it(`continues ${name} exactly as if it had never stopped`, async () => {
      const { exp, baseDir } = make() as { exp: Experiment; baseDir?: string };
      const options = { baseDir, cacheRoot: tempDir() };
      const backend = await selectBackend('wasm');
      const straight = path.join(tempDir(), 'straight');
      await runTraining({ experiment: exp, runDir: straight, backend, dataset: options });

      const half = exp.training.steps / 2 + 1; // not a checkpoint step: the stop writes one
      const resumed = path.join(tempDir(), 'resumed');
      let done = 0;
      const first = await runTraining({
        experiment: exp,
        runDir: resumed,
        backend,
        dataset: options,
        listener: { onMetrics: (r) => (done = r.step) },
        shouldStop: () => done >= half - 1,
      });
      assert.strictEqual(first.status, 'stopped');
      const check = checkResume(resumed, exp);
      assert.ok(check.ok, !check.ok ? check.message : '');
      const stoppedAt = check.point.state.step;
      assert.ok(stoppedAt > 0 && stoppedAt < exp.training.steps, `stopped at ${stoppedAt}`);
      const second = await runTraining({
        experiment: exp,
        runDir: resumed,
        backend,
        dataset: options,
        startFrom: { point: check.point, mode: 'resume' },
      });
      assert.strictEqual(second.status, 'completed');
      // The same curve (with one point more if the stop came between logged steps: the stop logs its step).
      const stopRecord = (r: MetricsRecord) =>
        r.step === stoppedAt && !metricsOf(straight).some((s) => s.step === r.step);
      assert.deepStrictEqual(losses(metricsOf(resumed).filter((r) => !stopRecord(r))), losses(metricsOf(straight)));
      const a = finalWeights(straight);
      const b = finalWeights(resumed);
      assert.deepStrictEqual(Object.keys(b).sort(), Object.keys(a).sort());
      for (const f of Object.keys(a)) assert.ok(a[f].equals(b[f]), `${f} is the same, byte for byte`);
      assert.deepStrictEqual(
        readSummary(resumed)?.resumes?.map((r) => r.step),
        [stoppedAt],
      );
    });
  }

  it('cuts the metrics and samples after the checkpoint, keeping them aside, so the curve goes on from it', async () => {
    const exp = denseWithEverything();
    const backend = await selectBackend('wasm');
    const runDir = path.join(tempDir(), 'run');
    await runTraining({ experiment: exp, runDir, backend });
    // As if killed at step 40 after the checkpoint of step 30: metrics and a sample beyond it.
    const point = readResumePoint(runDir);
    assert.ok(point.ok);
    const state = JSON.parse(fs.readFileSync(path.join(point.point.checkpointDir, 'state.json'), 'utf8'));
    const longer = { ...exp, training: { ...exp.training, steps: 60 } };
    const check = checkResume(runDir, longer);
    assert.ok(check.ok, !check.ok ? check.message : '');
    assert.strictEqual(state.step, 40);
    fs.appendFileSync(path.join(runDir, 'metrics.jsonl'), '{"step": 41, "dLoss": 1, "gLo'); // cut by a kill
    await runTraining({ experiment: longer, runDir, backend, startFrom: { point: check.point, mode: 'resume' } });
    const steps = metricsOf(runDir).map((r) => r.step);
    assert.deepStrictEqual(
      steps,
      [...new Set(steps)].sort((x, y) => x - y),
      'each step once, in order',
    );
    assert.strictEqual(steps.at(-1), 60);
    assert.strictEqual(steps.filter((s) => s === 42).length, 1);
  });

  it('refuses, with the reason, what cannot be resumed', async () => {
    const exp = denseWithEverything();
    const backend = await selectBackend('wasm');
    const runDir = path.join(tempDir(), 'run');
    await runTraining({ experiment: exp, runDir, backend });
    const finished = checkResume(runDir, exp);
    assert.ok(!finished.ok && /done all 40 of its steps; raise training.steps/.test(finished.message));
    const edited = { ...exp, loss: 'lsgan' as const, training: { ...exp.training, steps: 80, batchSize: 32 } };
    const changed = checkResume(runDir, edited);
    assert.ok(!changed.ok);
    assert.match(changed.message, /loss "bce" -> "lsgan"/);
    assert.match(changed.message, /training.batchSize 16 -> 32/);
    assert.doesNotMatch(changed.message, /training.steps/, 'more steps are allowed');
    assert.match(changed.message, /fork/);
    const notARun = checkResume(tempDir(), exp);
    assert.ok(!notARun.ok && /not a run folder/.test(notARun.message));
  });
});
