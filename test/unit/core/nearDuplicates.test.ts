import * as assert from 'assert';
import { NearDuplicateReference } from '../../../src/core/metrics/nearDuplicates';
import { mnistDataset } from '../../../src/core/data/mnist';
import { SeededRandom } from '../../../src/core/random';
import { useBackend } from '../../helpers/backend';

describe('near-duplicate samples', () => {
  before(() => useBackend());
  const dim = 784;
  /** 200 shuffled digits, in [-1, 1] as the trainer sees them. */
  const digits = () => {
    const out = new Float32Array(200 * dim);
    mnistDataset({ source: 'mnist', flatten: true } as never, new SeededRandom(3)).sampleBatch(200, out);
    return out;
  };

  it('finds almost no twins among real digits, measured against other real digits', () => {
    const real = digits();
    const reference = new NearDuplicateReference(real.subarray(0, 100 * dim), dim);
    assert.ok(reference.threshold > 0);
    assert.ok(reference.fraction(real.subarray(100 * dim), dim) < 0.1);
  });

  it('finds twins for every sample of a generator that makes three images over and over', () => {
    const real = digits();
    const reference = new NearDuplicateReference(real.subarray(0, 100 * dim), dim);
    const collapsed = new Float32Array(100 * dim);
    for (let i = 0; i < 100; i++) {
      collapsed.set(real.subarray((i % 3) * dim, ((i % 3) + 1) * dim), i * dim);
      // A little noise: a collapsed generator's outputs are alike, not bit-identical.
      for (let j = 0; j < dim; j += 97) collapsed[i * dim + j] += 0.01 * ((i * 31 + j) % 7);
    }
    assert.strictEqual(reference.fraction(collapsed, dim), 1);
  });
});
