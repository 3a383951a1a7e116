import * as assert from 'assert';
import { flattenParameters } from '../../../src/core/experiment/parameterDiff';
import { parseRunFilter, type RunFacts } from '../../../src/core/run/runFilter';

const run = (experiment: object, values: Record<string, unknown>, words: string[] = []): RunFacts => ({
  words,
  parameters: flattenParameters(experiment),
  values,
});
const lsgan = run(
  {
    loss: 'lsgan',
    training: { generatorOptimizer: { learningRate: 0.0002 }, discriminatorOptimizer: { learningRate: 0.001 } },
  },
  { modesCovered: 8, status: 'completed', mmd: 0.01 },
  ['2026-01-01T00-00-00', 'wide D', 'ring-8', 'completed'],
);
const bce = run(
  {
    loss: 'bce',
    training: { generatorOptimizer: { learningRate: 0.0002 }, discriminatorOptimizer: { learningRate: 0.0002 } },
  },
  { modesCovered: 5, status: 'failed' },
  ['2026-01-02T00-00-00', 'ring-8', 'failed'],
);
const matching = (text: string) => {
  const f = parseRunFilter(text);
  assert.ok(f.ok, f.ok ? '' : f.message);
  return [lsgan, bce].filter(f.matches).map((r) => r.words[0]);
};

describe('the runs filter', () => {
  it('compares parameters and final metrics, by full path or by the last part of one', () => {
    assert.deepStrictEqual(matching('loss == lsgan'), ['2026-01-01T00-00-00']);
    assert.deepStrictEqual(matching('modesCovered >= 8'), ['2026-01-01T00-00-00']);
    assert.deepStrictEqual(matching('modesCovered < 8'), ['2026-01-02T00-00-00']);
    assert.deepStrictEqual(matching('training.discriminatorOptimizer.learningRate = 0.0002'), ['2026-01-02T00-00-00']);
    // `learningRate` names both optimisers' rates: a run matches when one of them does.
    assert.deepStrictEqual(matching('learningRate > 0.0005'), ['2026-01-01T00-00-00']);
    assert.deepStrictEqual(matching('mmd < 1'), ['2026-01-01T00-00-00'], 'a run without the metric does not match');
  });

  it('matches words in the name, label and status, and joins clauses with commas or "and"', () => {
    assert.deepStrictEqual(matching('wide'), ['2026-01-01T00-00-00']);
    assert.deepStrictEqual(matching('RING-8'), ['2026-01-01T00-00-00', '2026-01-02T00-00-00']);
    assert.deepStrictEqual(matching('ring-8, failed'), ['2026-01-02T00-00-00']);
    assert.deepStrictEqual(matching('loss != bce and modesCovered > 1'), ['2026-01-01T00-00-00']);
    assert.deepStrictEqual(matching(''), ['2026-01-01T00-00-00', '2026-01-02T00-00-00']);
  });

  it('says what is wrong with a clause it cannot read', () => {
    const f = parseRunFilter('loss > lsgan');
    assert.ok(!f.ok && /> needs a number/.test(f.message));
    const g = parseRunFilter('modes >=');
    assert.ok(!g.ok && /neither a word nor a comparison/.test(g.message));
  });
});
