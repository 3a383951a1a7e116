import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { applyEdits, quickFixesFor } from '../../../src/core/experiment/quickFixes';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';
import { FIXTURES_DIR } from '../../helpers/experiments';

/** Applies the preferred fix of the first diagnostic with `code`, and returns the new text. */
function fixOnce(text: string, code: string): { text: string; title: string } {
  const d = validateExperimentText(text).diagnostics.find((x) => x.code === code);
  assert.ok(d, `no ${code} diagnostic`);
  const fixes = quickFixesFor(text, d);
  const fix = fixes.find((f) => f.isPreferred) ?? fixes[0];
  assert.ok(fix, `no fix for ${code}`);
  return { text: applyEdits(text, fix.edits), title: fix.title };
}

const codes = (text: string) => validateExperimentText(text).diagnostics.map((d) => d.code);

describe('quick fixes', () => {
  const base = `{
  // comment kept
  "name": "x",
  "data": { "source": "ring" },
  "generator": { "layers": [ { "type": "dense", "units": 16, "activation": "relu" }, { "type": "dense", "units": 3 } ] },
  "discriminator": {
    "layers": [
      { "type": "dense", "units": 16, "activation": "relu" },
      { "type": "dense", "units": 1 }
    ]
  }
}`;

  it("sets the generator's last units to the data's size, touching nothing else", () => {
    const { text, title } = fixOnce(base, 'generator-output');
    assert.strictEqual(title, "Set the generator's last units to 2");
    assert.strictEqual(text, base.replace('"units": 3 }', '"units": 2 }'));
    assert.deepStrictEqual(codes(text), []);
  });

  it('adds the reshape that makes an image generator meet the data', () => {
    const text = base
      .replace('"source": "ring"', '"source": "mnist"')
      .replace('"units": 3 }', '"units": 784, "activation": "tanh" }')
      .replace(
        '{ "type": "dense", "units": 16, "activation": "relu" },\n      { "type": "dense", "units": 1 }',
        '{ "type": "flatten" },\n      { "type": "dense", "units": 1 }',
      );
    const fixed = fixOnce(text, 'generator-output');
    assert.match(fixed.title, /Add a reshape to \[28, 28, 1\]/);
    assert.match(fixed.text, /"activation": "tanh" }, \{ "type": "reshape", "targetShape": \[28, 28, 1\] \} \] \}/);
    assert.deepStrictEqual(codes(fixed.text), []);
  });

  it('removes a sigmoid before a logit loss, on its own line in a multi-line array', () => {
    const text = base
      .replace('{ "type": "dense", "units": 1 }', '{ "type": "dense", "units": 1, "activation": "sigmoid" }')
      .replace('"units": 3 }', '"units": 2 }');
    const fixed = fixOnce(text, 'squashed-logit');
    assert.strictEqual(fixed.text, base.replace('"units": 3 }', '"units": 2 }'));
  });

  it('removes a sigmoid activation layer at the end of the discriminator', () => {
    const text = base
      .replace(
        '{ "type": "dense", "units": 1 }',
        '{ "type": "dense", "units": 1 },\n      { "type": "activation", "activation": "sigmoid" }',
      )
      .replace('"units": 3 }', '"units": 2 }');
    const fixed = fixOnce(text, 'squashed-logit');
    assert.strictEqual(fixed.text, base.replace('"units": 3 }', '"units": 2 }'));
  });

  it('inserts the missing flatten before a dense layer on images, keeping the indentation', () => {
    const text = base
      .replace('"source": "ring"', '"source": "mnist"')
      .replace('"units": 3 }', '"units": 784 }, { "type": "reshape", "targetShape": [28, 28, 1] }')
      .replace(
        '{ "type": "dense", "units": 16, "activation": "relu" },\n',
        '{ "type": "conv2d", "filters": 8, "kernelSize": 4, "strides": 2 },\n',
      );
    const fixed = fixOnce(text, 'dense-needs-flat');
    assert.match(fixed.text, /"strides": 2 \},\n {6}\{ "type": "flatten" \},\n {6}\{ "type": "dense", "units": 1 \}/);
    assert.deepStrictEqual(codes(fixed.text), []);
  });

  it('ends the discriminator in one unit', () => {
    const text = base
      .replace('{ "type": "dense", "units": 1 }', '{ "type": "dense", "units": 4 }')
      .replace('"units": 3 }', '"units": 2 }');
    assert.deepStrictEqual(codes(fixOnce(text, 'discriminator-output').text), []);
  });

  it('renames a misspelt key and corrects a misspelt value', () => {
    const text = base.replace('"units": 3 }', '"unit": 2 }');
    const renamed = fixOnce(text, 'unknown-key');
    assert.strictEqual(renamed.title, 'Rename "unit" to "units"');
    assert.strictEqual(renamed.text, base.replace('"units": 3 }', '"units": 2 }'));
    const value = base.replace(
      '"activation": "relu" }, { "type": "dense", "units": 3 }',
      '"activation": "rleu" }, { "type": "dense", "units": 2 }',
    );
    assert.deepStrictEqual(codes(fixOnce(value, 'bad-enum').text), []);
  });

  /** A reshape of the 16 units to [4, 5], which holds 20. */
  const reshapeOf20 = base
    .replace('"units": 3 }', '"units": 2 }')
    .replace(
      '{ "type": "dense", "units": 16, "activation": "relu" }, {',
      '{ "type": "dense", "units": 16, "activation": "relu" }, { "type": "reshape", "targetShape": [4, 5] }, { "type": "flatten" }, {',
    );

  it('fixes a reshape whose element count does not match', () => {
    const text = reshapeOf20;
    assert.deepStrictEqual(codes(fixOnce(text, 'reshape-count').text), []);
  });

  it("says a wrong stride at that stride, and sets it, in the file's own style", () => {
    const dcgan = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'examples', 'mnist-dcgan.gan.json'), 'utf8');
    // The first upsampling layer's stride 2 written as 1: 7 -> 7 -> 14, not 28.
    const text = dcgan.replace(
      '"filters": 32, "kernelSize": 4, "strides": 2',
      '"filters": 32, "kernelSize": 4, "strides": 1',
    );
    assert.notStrictEqual(text, dcgan);
    const [d] = validateExperimentText(text).diagnostics;
    assert.strictEqual(d.code, 'generator-output');
    assert.strictEqual(d.jsonPath, '$.generator.layers[3].strides', 'at the stride, not the last layer');
    assert.match(
      d.message,
      /outputs \[14,14,1\].*\[28,28,1\]: layer 3 \(conv2dTranspose\) keeps the size with strides 1; set its strides to 2\./,
    );
    const fixed = fixOnce(text, 'generator-output');
    assert.strictEqual(fixed.title, 'Set strides to 2');
    assert.strictEqual(fixed.text, dcgan);
  });

  it('writes a list the way the file writes its lists', () => {
    const spaced = reshapeOf20;
    assert.match(fixOnce(spaced, 'reshape-count').text, /"targetShape": \[4, 4\]/);
    const tight = spaced.replace('[4, 5]', '[4,5]');
    assert.match(fixOnce(tight, 'reshape-count').text, /"targetShape": \[4,4\]/);
  });

  it("makes the design article's GAN valid: the diagnostic names [10] and [784], the fixes make it train", () => {
    let text = fs.readFileSync(path.join(FIXTURES_DIR, 'design-article.gan.json'), 'utf8');
    const first = validateExperimentText(text).diagnostics.find((d) => d.code === 'generator-output')!;
    assert.match(first.message, /\[10\].*\[784\]/);
    for (let i = 0; i < 5 && validateExperimentText(text).diagnostics.length; i++) {
      const d = validateExperimentText(text).diagnostics[0];
      const fixes = quickFixesFor(text, d);
      text = applyEdits(text, (fixes.find((f) => f.isPreferred) ?? fixes[0]).edits);
    }
    const r = validateExperimentText(text);
    assert.deepStrictEqual(r.diagnostics, []);
    assert.ok(r.experiment);
  });
});
