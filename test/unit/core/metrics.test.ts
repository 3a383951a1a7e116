import * as assert from 'assert';
import { modeCoverage } from '../../../src/core/metrics/modeCoverage';
import { medianBandwidth, MmdReference, mmdSquared } from '../../../src/core/metrics/mmd';
import { SeededRandom } from '../../../src/core/random';
import { useBackend } from '../../helpers/backend';

describe('quality metrics', () => {
  before(() => useBackend());

  it('counts modes and high-quality samples as PacGAN defines them', () => {
    const modes = {
      centers: [
        [0, 0],
        [10, 0],
        [0, 10],
      ] as Array<[number, number]>,
      std: 1,
    };
    // 2.9 std from mode 0: high quality; 3.1 std from mode 1: not; nearest mode 1 but far: not.
    const points = [0, 2.9, 13.1, 0, 6, 0, 0.5, 0.5];
    assert.deepStrictEqual(modeCoverage(points, modes), { modesCovered: 1, modeCount: 3, highQualityFraction: 0.5 });
    assert.deepStrictEqual(modeCoverage([], modes), { modesCovered: 0, modeCount: 3, highQualityFraction: 0 });
  });

  it('computes the unbiased MMD^2 of a hand-worked case', () => {
    // x = {0, 1}, y = {3}: with sigma 1, Kxx off-diagonal = exp(-1/2); no Kyy pairs, so use y = {3, 3}.
    const x = Float32Array.from([0, 1]);
    const y = Float32Array.from([3, 3]);
    const kxx = Math.exp(-0.5);
    const kyy = 1;
    const kxy = (Math.exp(-9 / 2) * 2 + Math.exp(-4 / 2) * 2) / 4;
    assert.ok(Math.abs(mmdSquared(x, y, 1, 1) - (kxx + kyy - 2 * kxy)) < 1e-5);
  });

  it('gives about 0 for two samples of one distribution and more for shifted ones', () => {
    const rng = new SeededRandom(5);
    const draw = (shift: number) => {
      const a = new Float32Array(800);
      for (let i = 0; i < 800; i++) a[i] = rng.normal() + (i % 2 ? shift : 0);
      return a;
    };
    const a = draw(0);
    const sigma = medianBandwidth(a, 2);
    assert.ok(sigma > 1 && sigma < 2.5, String(sigma)); // median distance of 2-D N(0, I) is about 1.67
    const same = mmdSquared(a, draw(0), 2, sigma);
    const shifted = mmdSquared(a, draw(1), 2, sigma);
    assert.ok(Math.abs(same) < 0.01, String(same));
    assert.ok(shifted > 0.05, String(shifted));
  });

  it('gives the definition over sets larger than one block of rows, and so does the kept reference', () => {
    // 300 and 200 rows of 3 values: several 128-row blocks, the last ones short.
    const rng = new SeededRandom(9);
    const set = (rows: number, shift: number) => Float32Array.from({ length: rows * 3 }, () => rng.normal() + shift);
    const x = set(300, 0.3);
    const y = set(200, 0);
    const sigma = 1.7;
    const k = (a: Float32Array, i: number, b: Float32Array, j: number) => {
      let d = 0;
      for (let c = 0; c < 3; c++) d += (a[i * 3 + c] - b[j * 3 + c]) ** 2;
      return Math.exp(-d / (2 * sigma * sigma));
    };
    const mean = (a: Float32Array, b: Float32Array, distinct: boolean) => {
      let sum = 0;
      let count = 0;
      for (let i = 0; i < a.length / 3; i++)
        for (let j = 0; j < b.length / 3; j++) {
          if (distinct && i === j) continue;
          sum += k(a, i, b, j);
          count++;
        }
      return sum / count;
    };
    const expected = mean(x, x, true) + mean(y, y, true) - 2 * mean(x, y, false);
    assert.ok(Math.abs(mmdSquared(x, y, 3, sigma) - expected) < 1e-4, `${mmdSquared(x, y, 3, sigma)} vs ${expected}`);
    const reference = new MmdReference(y, 3);
    const viaReference = reference.mmdSquared(x);
    assert.ok(Math.abs(viaReference - mmdSquared(x, y, 3, reference.sigma)) < 1e-5);
    // The median of the 19,900 distinct pairwise distances of y, by sorting them here.
    const distances: number[] = [];
    for (let i = 0; i < 200; i++)
      for (let j = i + 1; j < 200; j++) {
        let d = 0;
        for (let c = 0; c < 3; c++) d += (y[i * 3 + c] - y[j * 3 + c]) ** 2;
        distances.push(d);
      }
    distances.sort((a, b) => a - b);
    assert.ok(Math.abs(reference.sigma - Math.sqrt(distances[Math.floor(distances.length / 2)])) < 1e-3);
  });
});
