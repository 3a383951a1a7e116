import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import type { LabelledSamples } from '../../../src/core/data/labelledSamples';
import { ClassifierMetrics } from '../../../src/core/metrics/classifierMetrics';
import { DataClassifier } from '../../../src/core/metrics/dataClassifier';
import { SeededRandom } from '../../../src/core/random';
import { useBackend } from '../../helpers/backend';

const SIDE = 8;

/** Three classes of 8x8 images, a bright row, a bright column or a bright diagonal, in noise. */
function bars(count: number, seed = 1): LabelledSamples {
  const rng = new SeededRandom(seed);
  const size = SIDE * SIDE;
  const samples = new Float32Array(count * size);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % 3;
    const at = rng.int(SIDE);
    labels[i] = label;
    for (let y = 0; y < SIDE; y++)
      for (let x = 0; x < SIDE; x++) {
        const on = label === 0 ? y === at : label === 1 ? x === at : x === y;
        samples[i * size + y * SIDE + x] = (on ? 0.8 : -0.8) + 0.2 * rng.normal();
      }
  }
  return { samples, labels, classNames: ['row', 'column', 'diagonal'], imageShape: [SIDE, SIDE, 1] };
}

/** The samples of one class only: a generator that collapsed onto it. */
function onlyClass(data: LabelledSamples, label: number, count: number): Float32Array {
  const size = SIDE * SIDE;
  const out = new Float32Array(count * size);
  let k = 0;
  for (let i = 0; i < data.labels.length && k < count; i++)
    if (data.labels[i] === label) out.set(data.samples.subarray(i * size, (i + 1) * size), size * k++);
  return out;
}

describe('the data classifier behind the image metrics', () => {
  before(() => useBackend());
  let cacheRoot: string;
  beforeEach(() => (cacheRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'classifier-'))));
  afterEach(() => fs.rmSync(cacheRoot, { recursive: true, force: true }));

  it('learns the classes, measures its accuracy on held-out samples, and is cached for the next run', async () => {
    const data = bars(900);
    const first = await DataClassifier.obtain(data, cacheRoot);
    try {
      assert.strictEqual(first.info.cached, false);
      assert.strictEqual(first.info.heldOut, 90);
      assert.strictEqual(first.info.trainedOn, 810);
      assert.ok(first.info.accuracy >= 0.95, `accuracy ${first.info.accuracy}`);
      assert.ok(DataClassifier.isCached(data, cacheRoot));
      const second = await DataClassifier.obtain(data, cacheRoot);
      try {
        assert.strictEqual(second.info.cached, true);
        assert.strictEqual(second.info.accuracy, first.info.accuracy);
        const probe = data.samples.subarray(0, 10 * SIDE * SIDE);
        assert.deepStrictEqual(second.classify(probe).probabilities, first.classify(probe).probabilities);
      } finally {
        second.dispose();
      }
    } finally {
      first.dispose();
    }
    // Other samples are other data: not this cache.
    assert.ok(!DataClassifier.isCached(bars(900, 2), cacheRoot));
  });

  it('trains again over a damaged cache instead of reading it', async () => {
    const data = bars(600);
    (await DataClassifier.obtain(data, cacheRoot)).dispose();
    const [dir] = fs.readdirSync(cacheRoot);
    const weights = path.join(cacheRoot, dir, 'weights.bin');
    fs.truncateSync(weights, 100);
    const again = await DataClassifier.obtain(data, cacheRoot);
    again.dispose();
    assert.strictEqual(again.info.cached, false);
    assert.ok(fs.statSync(weights).size > 100, 'the cache is written again');
  });

  it('scores real samples as real (all classes, KL and FID near 0) and a collapsed generator as collapsed', async () => {
    const data = bars(1200);
    const before = tf.memory().numTensors;
    const metrics = (await ClassifierMetrics.prepare(data, 300, cacheRoot))!;
    try {
      const real = metrics.summary.realVsReal;
      assert.strictEqual(real.classesCovered, 3);
      assert.strictEqual(real.classCount, 3);
      assert.ok(real.classKl < 0.05, `KL ${real.classKl}`);
      const collapsed = metrics.measure(onlyClass(data, 1, 300));
      assert.strictEqual(collapsed.classesCovered, 1);
      assert.ok(collapsed.classKl > 1, `KL ${collapsed.classKl} (ln 3 = 1.10)`);
      assert.ok(real.fid < 0.1 * collapsed.fid, `FID real ${real.fid}, collapsed ${collapsed.fid}`);
      assert.ok(real.kid < 0.1 * collapsed.kid, `KID real ${real.kid}, collapsed ${collapsed.kid}`);
    } finally {
      metrics.dispose();
    }
    assert.strictEqual(tf.memory().numTensors, before, 'no tensor left behind');
  });

  it('counts samples of a class the experiment leaves out against the generator', async () => {
    const data = { ...bars(1200), keptClasses: [0] };
    const metrics = (await ClassifierMetrics.prepare(data, 200, cacheRoot))!;
    try {
      assert.strictEqual(metrics.summary.realVsReal.classCount, 1);
      assert.strictEqual(metrics.summary.realVsReal.classesCovered, 1);
      const wrong = metrics.measure(onlyClass(data, 2, 200));
      assert.strictEqual(wrong.classesCovered, 0);
      assert.ok(wrong.classKl > 5, `KL ${wrong.classKl}`);
    } finally {
      metrics.dispose();
    }
  });
});
