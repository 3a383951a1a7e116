import * as assert from 'assert';
import { createDataset } from '../../../src/core/data/createDataset';
import { gridCenters, ringCenters } from '../../../src/core/data/synthetic';
import { modeCoverage } from '../../../src/core/metrics/modeCoverage';

const batch = (source: Record<string, unknown>, n: number, seed = 1) => {
  const ds = createDataset(source as never, seed);
  const out = new Float32Array(n * ds.sampleSize);
  ds.sampleBatch(n, out);
  return { ds, out };
};

describe('datasets', () => {
  it('places ring modes evenly on the circle', () => {
    const c = ringCenters({ modes: 4, radius: 2 });
    const round = (v: number) => Math.round(v * 1e9) / 1e9 + 0;
    assert.deepStrictEqual(
      c.map(([x, y]) => [round(x), round(y)]),
      [
        [2, 0],
        [0, 2],
        [-2, 0],
        [0, -2],
      ],
    );
  });

  it('places grid modes at -4..4 for grid-25', () => {
    const c = gridCenters({ size: 5, spacing: 2 });
    assert.strictEqual(c.length, 25);
    assert.deepStrictEqual(c[0], [-4, -4]);
    assert.deepStrictEqual(c[24], [4, 4]);
    assert.deepStrictEqual(c[12], [0, 0]);
  });

  it('draws ring and grid samples that are all high quality and cover every mode', () => {
    for (const spec of [
      { source: 'ring', modes: 8, radius: 1, std: 0.01 },
      { source: 'grid', size: 5, spacing: 2, std: 0.05 },
    ]) {
      const { ds, out } = batch(spec, 2500);
      const m = modeCoverage(out, ds.modes!);
      assert.strictEqual(m.modesCovered, m.modeCount);
      // 3 std in 2-D holds 98.9 % of a Gaussian's mass.
      assert.ok(m.highQualityFraction > 0.98 && m.highQualityFraction < 0.995, String(m.highQualityFraction));
    }
  });

  it('repeats the same batches under the same seed and differs under another', () => {
    const spec = { source: 'moons', noise: 0.05 };
    assert.deepStrictEqual(batch(spec, 10, 4).out, batch(spec, 10, 4).out);
    assert.notDeepStrictEqual(batch(spec, 10, 4).out, batch(spec, 10, 5).out);
  });

  it('keeps spiral and moons within their expected extent', () => {
    const extent: Array<[Record<string, unknown>, number]> = [
      [{ source: 'spiral', turns: 2, noise: 0 }, 1],
      [{ source: 'moons', noise: 0 }, 1.5],
    ];
    for (const [spec, limit] of extent) {
      const { out } = batch(spec, 500);
      for (const v of out) assert.ok(Math.abs(v) <= limit + 1e-6, `${spec.source}: ${v}`);
    }
  });

  it('draws an n-dimensional Gaussian with the asked mean and std', () => {
    const { ds, out } = batch({ source: 'gaussian', dim: 5, mean: 3, std: 2 }, 4000);
    assert.deepStrictEqual(ds.sampleShape, [5]);
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    const std = Math.sqrt(out.reduce((a, b) => a + (b - mean) ** 2, 0) / out.length);
    assert.ok(Math.abs(mean - 3) < 0.05 && Math.abs(std - 2) < 0.05, `${mean} ${std}`);
  });

  it('loads the 10,000 real MNIST digits scaled to [-1, 1]', () => {
    const ds = createDataset({ source: 'mnist', flatten: false }, 1);
    assert.strictEqual(ds.size, 10000);
    assert.deepStrictEqual(ds.sampleShape, [28, 28, 1]);
    const out = new Float32Array(64 * 784);
    ds.sampleBatch(64, out);
    const min = Math.min(...out),
      max = Math.max(...out);
    assert.strictEqual(min, -1);
    assert.ok(max > 0.99 && max <= 1);
    // A digit is mostly background: about 80 % of pixels are -1.
    const background = out.filter((v) => v === -1).length / out.length;
    assert.ok(background > 0.7 && background < 0.9, String(background));
  });

  it('keeps only the asked digits, up to the limit', () => {
    const ones = createDataset({ source: 'mnist', digits: [1], flatten: true }, 1);
    const all = createDataset({ source: 'mnist', flatten: true }, 1);
    assert.ok(ones.size! > 1000 && ones.size! < 1200, String(ones.size));
    assert.deepStrictEqual(ones.sampleShape, [784]);
    assert.strictEqual(createDataset({ source: 'mnist', limit: 300, flatten: true }, 1).size, 300);
    // Ones light fewer pixels than the average digit.
    const lit = (ds: typeof ones) => {
      const o = new Float32Array(200 * 784);
      ds.sampleBatch(200, o);
      return o.filter((v) => v > 0).length;
    };
    const ratio = lit(ones) / lit(all);
    assert.ok(ratio < 0.7, String(ratio));
  });
});
