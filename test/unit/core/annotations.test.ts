import * as assert from 'assert';
import { experimentAnnotations } from '../../../src/core/experiment/annotations';
import { readExample } from '../../helpers/experiments';

describe('inline shape annotations', () => {
  it("labels every DCGAN layer with its output shape and parameters, and each network's total", () => {
    const text = readExample('mnist-dcgan.gan.json');
    const a = experimentAnnotations(text);
    const labels = a.map((x) => x.label);
    assert.deepStrictEqual(labels.slice(0, 7), [
      '→ [3136] · 316,736 params',
      '→ [3136] · 0 params',
      '→ [7,7,64] · 0 params',
      '→ [14,14,32] · 32,800 params',
      '→ [14,14,32] · 0 params',
      '→ [28,28,1] · 513 params',
      'Σ 350,049 params',
    ]);
    assert.strictEqual(labels[7], '→ [14,14,32] · 544 params');
    // Each label sits right after its layer's closing brace.
    for (const x of a.slice(0, 6)) assert.strictEqual(text[x.offset - 1], '}');
    assert.match(a[3].hover, /size × stride: 7×2, 7×2/);
    assert.match(a[7].hover, /ceil\(28\/2\)/);
  });

  it('keeps the shapes it knows when a later layer is wrong', () => {
    const text = readExample('ring-8.gan.json').replace('"units": 2 }', '"units": 3 }');
    const labels = experimentAnnotations(text).map((x) => x.label);
    assert.ok(labels.includes('→ [3] · 387 params'), labels.join(' | '));
  });

  it('keeps every shape while an optional key is misspelt, as if it were not written', () => {
    const text = readExample('mnist-dcgan.gan.json');
    const good = experimentAnnotations(text).map((x) => x.label);
    // A leaky ReLU's slope misspelt: the layer has its default slope, and the same shape.
    const optional = text.replace('"alpha"', '"alpah"');
    assert.notStrictEqual(optional, text);
    assert.deepStrictEqual(
      experimentAnnotations(optional).map((x) => x.label),
      good,
    );
  });

  it('cuts a network before a layer in error, with no total, and keeps the other network whole', () => {
    const text = readExample('mnist-dcgan.gan.json');
    const good = experimentAnnotations(text).map((x) => x.label);
    // A required key misspelt: the layer has no shape without it.
    const broken = text.replace('"filters": 1', '"filterz": 1');
    assert.notStrictEqual(broken, text);
    const labels = experimentAnnotations(broken).map((x) => x.label);
    // The generator's first five layers, then nothing of it; the discriminator as before.
    assert.deepStrictEqual(labels.slice(0, 5), good.slice(0, 5));
    assert.ok(!labels.includes(good[6]), 'no generator total');
    assert.deepStrictEqual(labels.slice(5), good.slice(7));
  });

  it('gives nothing for a file that does not parse', () => {
    assert.deepStrictEqual(experimentAnnotations('{ "name": '), []);
  });
});
