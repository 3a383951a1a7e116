import * as assert from 'assert';
import { linearTickLabels, logTickLabels } from '../../../webview/ticks';

/** Ticks as uPlot places them: multiples of an increment of 1, 2, 2.5 or 5 times a power of ten. */
function ticks(min: number, max: number, count: number): number[] {
  const raw = (max - min) / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const incr = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((i) => i >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(min / incr) * incr; v <= max + incr * 1e-9; v += incr) out.push(v);
  return out;
}

describe('axis tick labels', () => {
  it('never prints two ticks of a narrow range alike', () => {
    assert.deepStrictEqual(linearTickLabels([0.004, 0.0045, 0.005, 0.0055]), ['0.0040', '0.0045', '0.0050', '0.0055']);
  });

  it('gives a spacing of 0.25 its two decimals', () => {
    assert.deepStrictEqual(linearTickLabels([0, 0.25, 0.5, 0.75, 1]), ['0.00', '0.25', '0.50', '0.75', '1.00']);
  });

  it('prints whole numbers whole', () => {
    assert.deepStrictEqual(linearTickLabels([0, 20, 40, 60, 80, 100]), ['0', '20', '40', '60', '80', '100']);
    assert.deepStrictEqual(linearTickLabels([-2, -1, 0, 1]), ['-2', '-1', '0', '1']);
  });

  it('writes tiny and huge values in exponent form, still distinct', () => {
    assert.deepStrictEqual(linearTickLabels([1e-7, 2e-7, 3e-7]), ['1e-7', '2e-7', '3e-7']);
    assert.deepStrictEqual(linearTickLabels([1.2e-5, 1.25e-5]), ['1.20e-5', '1.25e-5']);
    assert.deepStrictEqual(linearTickLabels([2e8, 4e8]), ['2e+8', '4e+8']);
  });

  it('labels every tick distinctly over ranges of every size (seeded)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const size = 10 ** (random() * 16 - 9);
      const min = (random() - 0.5) * size * 20;
      const values = ticks(min, min + size, 3 + Math.floor(random() * 6));
      const labels = linearTickLabels(values);
      assert.strictEqual(new Set(labels).size, values.length, `${values.join(', ')} -> ${labels.join(', ')}`);
      for (const [k, label] of labels.entries())
        assert.ok(Math.abs(Number(label) - values[k]) <= (size / 2) * 1e-3 + 1e-300, `${label} for ${values[k]}`);
    }
  });

  it('labels a log axis by each value', () => {
    assert.deepStrictEqual(logTickLabels([0.001, 0.01, 0.1, 1, 10]), ['0.001', '0.01', '0.1', '1', '10']);
  });

  it('leaves the ticks uPlot passes as null unlabelled (it did throw, and the chart was never drawn)', () => {
    assert.deepStrictEqual(logTickLabels([10, null, null, 40, null]), ['10', '', '', '40', '']);
  });
});
