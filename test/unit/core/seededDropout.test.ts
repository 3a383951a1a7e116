import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { SeededDropout } from '../../../src/core/model/seededDropout';
import { useBackend } from '../../helpers/backend';

describe('SeededDropout', () => {
  before(() => useBackend());
  const ones = () => tf.ones([4, 256]);
  const drop = (layer: SeededDropout, training: boolean) =>
    tf.tidy(() => Array.from((layer.apply(ones(), { training }) as tf.Tensor).dataSync()));

  it('draws a fresh mask on every call, the same sequence under the same seed', () => {
    const a = new SeededDropout({ rate: 0.5, seed: 3 });
    const b = new SeededDropout({ rate: 0.5, seed: 3 });
    const a1 = drop(a, true);
    const a2 = drop(a, true);
    assert.notDeepStrictEqual(a1, a2, 'a new mask per call');
    assert.deepStrictEqual([drop(b, true), drop(b, true)], [a1, a2], 'the same seed repeats the sequence');
    assert.notDeepStrictEqual(drop(new SeededDropout({ rate: 0.5, seed: 4 }), true), a1);
  });

  it('keeps 1 - rate of the units, scaled by 1 / (1 - rate), and is the identity at inference', () => {
    const out = drop(new SeededDropout({ rate: 0.25, seed: 1 }), true);
    const kept = out.filter((v) => v !== 0);
    assert.ok(
      kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6),
      'kept units are scaled',
    );
    assert.ok(Math.abs(kept.length / out.length - 0.75) < 0.05, `kept ${kept.length} of ${out.length}`);
    assert.ok(drop(new SeededDropout({ rate: 0.25, seed: 1 }), false).every((v) => v === 1));
  });

  it('saves as a plain Dropout layer', () => {
    const layer = new SeededDropout({ rate: 0.3, seed: 1 });
    assert.strictEqual(layer.getClassName(), 'Dropout');
    assert.strictEqual(layer.getConfig().rate, 0.3);
  });
});
