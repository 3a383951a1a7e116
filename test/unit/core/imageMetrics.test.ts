import * as assert from 'assert';
import { classStatistics } from '../../../src/core/metrics/classStatistics';
import { featureStatistics, frechetDistance, symmetricSqrt } from '../../../src/core/metrics/frechet';
import { kernelInceptionDistance } from '../../../src/core/metrics/kid';
import { symmetricEigen } from '../../../src/core/metrics/symmetricEigen';
import { SeededRandom } from '../../../src/core/random';
import { useBackend } from '../../helpers/backend';

/** n samples of independent normals with the given means and standard deviations. */
function gaussian(n: number, means: number[], stds: number[], seed: number): Float32Array {
  const rng = new SeededRandom(seed);
  const d = means.length;
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) out[i * d + k] = means[k] + stds[k] * rng.normal();
  return out;
}

describe('image metrics: the mathematics', () => {
  before(() => useBackend());

  it('decomposes a symmetric matrix into eigenvalues and orthonormal eigenvectors that rebuild it', () => {
    const n = 5;
    const rng = new SeededRandom(3);
    const m = new Float64Array(n * n);
    for (let r = 0; r < n; r++) for (let c = r; c < n; c++) m[r * n + c] = m[c * n + r] = rng.normal();
    const { values, vectors } = symmetricEigen(m, n);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        let rebuilt = 0;
        let gram = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += vectors[r * n + k] * values[k] * vectors[c * n + k];
          gram += vectors[k * n + r] * vectors[k * n + c];
        }
        assert.ok(Math.abs(rebuilt - m[r * n + c]) < 1e-10, `A[${r}][${c}]`);
        assert.ok(Math.abs(gram - (r === c ? 1 : 0)) < 1e-10, `VᵀV[${r}][${c}]`);
      }
    }
    // A known spectrum: [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    const two = [...symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2).values].sort();
    assert.ok(Math.abs(two[0] - 1) < 1e-12 && Math.abs(two[1] - 3) < 1e-12, String(two));
  });

  it('takes the square root of a covariance', () => {
    // [[5, 4], [4, 5]] = S² for S = [[2, 1], [1, 2]].
    const root = symmetricSqrt(Float64Array.from([5, 4, 4, 5]), 2);
    [2, 1, 1, 2].forEach((v, i) => assert.ok(Math.abs(root[i] - v) < 1e-10, `${i}: ${root[i]}`));
  });

  it('gives the Fréchet distance of the closed form for Gaussians, and 0 for a set against itself', () => {
    // Diagonal covariances: FD = |Δμ|² + Σ (σ₁ − σ₂)², computed here from the sample statistics.
    const a = featureStatistics(gaussian(4000, [0, 0, 1], [1, 2, 0.5], 1), 3);
    const b = featureStatistics(gaussian(4000, [1, -1, 1], [2, 2, 1], 2), 3);
    assert.ok(frechetDistance(a, a) < 1e-9, String(frechetDistance(a, a)));
    const expected = 1 + 1 + 0 + (1 - 2) ** 2 + 0 + (0.5 - 1) ** 2;
    const fd = frechetDistance(a, b);
    assert.ok(Math.abs(fd - expected) < 0.15, `FD ${fd}, closed form ${expected}`);
    // Symmetric in its arguments.
    assert.ok(Math.abs(frechetDistance(b, a) - fd) < 1e-9);
    // A shifted copy differs by exactly the squared shift.
    const x = gaussian(500, [0, 0], [1, 3], 4);
    const shifted = x.map((v, i) => v + (i % 2 ? 2 : -1));
    const shift = frechetDistance(featureStatistics(x, 2), featureStatistics(shifted, 2));
    assert.ok(Math.abs(shift - 5) < 1e-3, String(shift));
  });

  it('computes the unbiased KID of a hand-worked case, and about 0 for two samples of one distribution', () => {
    // 1-D features, k(x, y) = (xy + 1)³. x = {0, 1}: k(0,1) = 1; y = {1, 2}: k(1,2) = 27;
    // cross: k(0,1) = k(0,2) = 1, k(1,1) = 8, k(1,2) = 27 → mean 37 / 4.
    const kid = kernelInceptionDistance(Float32Array.from([0, 1]), Float32Array.from([1, 2]), 1);
    const expected = 1 + 27 - 2 * (37 / 4);
    assert.ok(Math.abs(kid - expected) < 1e-4, `${kid} vs ${expected}`);
    const same = kernelInceptionDistance(gaussian(400, [0, 0], [1, 1], 5), gaussian(400, [0, 0], [1, 1], 6), 2);
    const apart = kernelInceptionDistance(gaussian(400, [0, 0], [1, 1], 5), gaussian(400, [2, 0], [1, 1], 6), 2);
    assert.ok(Math.abs(same) < 0.05 * apart, `same ${same}, apart ${apart}`);
  });

  it('sums KID over blocks of rows as one pass over all pairs would', () => {
    // 300 and 200 rows: more than one block of 128 on each side.
    const a = gaussian(300, [0, 1, 0], [1, 1, 2], 7);
    const b = gaussian(200, [0.5, 1, 0], [1, 2, 1], 8);
    const k = (x: Float32Array, i: number, y: Float32Array, j: number) =>
      ((x[3 * i] * y[3 * j] + x[3 * i + 1] * y[3 * j + 1] + x[3 * i + 2] * y[3 * j + 2]) / 3 + 1) ** 3;
    let xx = 0;
    let yy = 0;
    let xy = 0;
    for (let i = 0; i < 300; i++) for (let j = 0; j < 300; j++) if (i !== j) xx += k(a, i, a, j);
    for (let i = 0; i < 200; i++) for (let j = 0; j < 200; j++) if (i !== j) yy += k(b, i, b, j);
    for (let i = 0; i < 300; i++) for (let j = 0; j < 200; j++) xy += k(a, i, b, j);
    const expected = xx / (300 * 299) + yy / (200 * 199) - (2 * xy) / (300 * 200);
    const kid = kernelInceptionDistance(a, b, 3);
    assert.ok(Math.abs(kid - expected) < 1e-3 * Math.abs(expected) + 1e-4, `${kid} vs ${expected}`);
  });

  it('counts the classes covered, the KL of the class frequencies and the confidence', () => {
    // Three classes, real frequencies 0.5 / 0.25 / 0.25; four samples: three of class 0, one of 1.
    const p = Float32Array.from([0.9, 0.05, 0.05, 0.8, 0.1, 0.1, 0.7, 0.2, 0.1, 0.2, 0.6, 0.2]);
    const s = classStatistics(p, [0.5, 0.25, 0.25]);
    assert.strictEqual(s.classesCovered, 2);
    assert.strictEqual(s.classCount, 3);
    const kl = 0.75 * Math.log(0.75 / 0.5) + 0.25 * Math.log(0.25 / 0.25);
    assert.ok(Math.abs(s.classKl - kl) < 1e-9, `${s.classKl} vs ${kl}`);
    assert.ok(Math.abs(s.confidence - (0.9 + 0.8 + 0.7 + 0.6) / 4) < 1e-6);
    // A class under a quarter of its real share is not covered; a class the data lack is not
    // counted, and samples of it raise the KL.
    const strays = new Float32Array(100 * 3);
    for (let i = 0; i < 100; i++) strays[i * 3 + (i < 95 ? 0 : 2)] = 1;
    const t = classStatistics(strays, [0.5, 0.5, 0]);
    assert.strictEqual(t.classesCovered, 1);
    assert.strictEqual(t.classCount, 2);
    assert.ok(t.classKl > 0.5, String(t.classKl));
  });
});
