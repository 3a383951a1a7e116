import * as assert from 'assert';
import { experimentAnnotations } from '../../../src/core/experiment/annotations';
import { experimentNameIn, MAX_NESTING, tooDeepAt } from '../../../src/core/experiment/structureCheck';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';
import { offsetOf, tinyExperiment } from '../../helpers/experiments';

describe('structure checks before parsing', () => {
  it('refuses JSON nested hundreds of thousands deep with one located error, without overflowing the stack', () => {
    const depth = 300_000;
    const text = `{ "name": "deep",\n  "data": ${'['.repeat(depth)}${']'.repeat(depth)} }`;
    const r = validateExperimentText(text);
    assert.strictEqual(r.diagnostics.length, 1);
    const d = r.diagnostics[0];
    assert.strictEqual(d.code, 'too-deep');
    assert.deepStrictEqual(d.start, { line: 2, column: 11 + MAX_NESTING - 1 });
    assert.match(d.message, /nested more than 64 levels/);
    assert.strictEqual(r.experiment, undefined);
    assert.deepStrictEqual(experimentAnnotations(text), [], "the editor's inline shapes do not throw either");
    assert.strictEqual(experimentNameIn(text), undefined);
  });

  it('counts brackets in code only, not in strings or comments', () => {
    const brackets = '['.repeat(100);
    assert.strictEqual(tooDeepAt(`{ "a": "${brackets}" // ${brackets}\n /* ${brackets} */ }`), undefined);
    assert.strictEqual(tooDeepAt(`{ "a": "\\"${brackets}" }`), undefined, 'an escaped quote does not end the string');
    assert.strictEqual(tooDeepAt('['.repeat(65)), 64);
  });

  it('says which key is written twice, and where, instead of keeping the last', () => {
    const text = JSON.stringify(tinyExperiment(), null, 2).replace('"seed": 3,', '"seed": 3,\n  "seed": 4,');
    const r = validateExperimentText(text);
    assert.strictEqual(r.experiment, undefined);
    assert.strictEqual(r.diagnostics.length, 1);
    const d = r.diagnostics[0];
    assert.strictEqual(d.code, 'duplicate-key');
    assert.strictEqual(d.severity, 'error');
    assert.strictEqual(d.offset, offsetOf(text, '"seed"', 1));
    assert.strictEqual(d.jsonPath, '$.seed');
    assert.match(d.message, /"seed" is written twice in this object \(first on line 3\)/);
  });

  it('finds a key written twice deep inside a layer', () => {
    const exp = tinyExperiment();
    const text = JSON.stringify(exp, null, 2).replace('"units": 16,', '"units": 16, "units": 8,');
    const d = validateExperimentText(text).diagnostics;
    assert.deepStrictEqual(
      d.map((x) => x.jsonPath),
      ['$.generator.layers[0].units'],
    );
  });
});
