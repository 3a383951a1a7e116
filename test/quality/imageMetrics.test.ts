// The classifier-based image metrics on the shipped MNIST digits, on the wasm backend as users run
// them: the classifier's accuracy, what real digits and a one-digit generator score, and a short
// CLI run of the dense example that records them. Slow (a minute): `npm run test:quality`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { selectBackend } from '../../src/core/backend/selectBackend';
import { mnistDataset } from '../../src/core/data/mnist';
import { ClassifierMetrics } from '../../src/core/metrics/classifierMetrics';
import { SeededRandom } from '../../src/core/random';
import { readRun } from '../../src/core/run/readRun';
import { requireBuild, startCli, tempDir } from '../helpers/cli';
import { EXAMPLES_DIR } from '../helpers/experiments';

describe('image metrics on the shipped digits (wasm)', () => {
  const dir = tempDir();
  const cacheRoot = path.join(dir, '.gan-runs', '.cache');
  before(async function () {
    requireBuild.call(this);
    await selectBackend('wasm', { threads: 1 });
  });

  it('the classifier is at least 97 % accurate on held-out digits; real digits score as real, one digit as one class', async () => {
    const data = await mnistDataset({ source: 'mnist', flatten: false }, new SeededRandom(1)).labelled!();
    const metrics = (await ClassifierMetrics.prepare(data, 500, cacheRoot))!;
    try {
      const s = metrics.summary;
      console.log(
        `      classifier: ${(100 * s.accuracy).toFixed(1)} % on ${s.heldOut} held-out digits, trained in ${s.trainSeconds.toFixed(1)} s; real vs real: ${JSON.stringify(s.realVsReal)}`,
      );
      assert.ok(s.accuracy >= 0.97, `accuracy ${s.accuracy}`);
      assert.strictEqual(s.realVsReal.classesCovered, 10);
      assert.ok(s.realVsReal.classKl < 0.02, `KL ${s.realVsReal.classKl}`);
      // A fake generator of threes: real threes, nothing else.
      const size = 784;
      const threes = new Float32Array(500 * size);
      for (let i = 0, k = 0; i < data.labels.length && k < 500; i++)
        if (data.labels[i] === 3) threes.set(data.samples.subarray(i * size, (i + 1) * size), size * k++);
      const one = metrics.measure(threes);
      console.log(`      only threes: ${JSON.stringify(one)}`);
      assert.strictEqual(one.classesCovered, 1);
      assert.ok(one.classKl > 2, `KL ${one.classKl} (ln 10 = 2.30)`);
      assert.ok(s.realVsReal.fid < 0.02 * one.fid, `FID real ${s.realVsReal.fid}, threes ${one.fid}`);
    } finally {
      metrics.dispose();
    }
  });

  it('a run of the dense example records them at each sample step, with the classifier from the cache', async () => {
    const example = 'mnist-dense.gan.json';
    fs.copyFileSync(path.join(EXAMPLES_DIR, example), path.join(dir, example));
    const r = await startCli(['train', example, '--backend', 'wasm', '--steps', '1000', '--out', 'run'], dir);
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /image metrics: \d+\/10 classes, KL [\d.]+, confidence [\d.]+, FID [\d.]+ \(real vs real [\d.]+\)/,
    );
    const run = readRun(path.join(dir, 'run'));
    const sampled = run.metrics.filter((m) => m.fid !== undefined);
    assert.deepStrictEqual(
      sampled.map((m) => m.step),
      [500, 1000],
    );
    for (const m of sampled) {
      assert.ok(m.classesCovered! >= 1 && m.classCount === 10, JSON.stringify(m));
      assert.ok(Number.isFinite(m.kid) && Number.isFinite(m.classKl) && m.confidence! > 0, JSON.stringify(m));
    }
    const c = run.summary!.classifier!;
    assert.strictEqual(c.cached, true, 'the first test trained it into this folder');
    assert.strictEqual(run.summary!.kidOn, 'features');
    assert.strictEqual(c.evaluations, 2);
    const share = (c.evaluationMs! * c.evaluations!) / 1000 / run.summary!.wallSeconds;
    console.log(`      ${c.evaluationMs!.toFixed(0)} ms per evaluation, ${(100 * share).toFixed(2)} % of training`);
  });
});
