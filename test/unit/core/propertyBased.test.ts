import * as assert from 'assert';
import * as fc from 'fast-check';
import * as fs from 'fs';
import { experimentAnnotations } from '../../../src/core/experiment/annotations';
import { applyEdits, quickFixesFor } from '../../../src/core/experiment/quickFixes';
import { validateExperimentText } from '../../../src/core/experiment/validateExperiment';
import { EXAMPLES_DIR, readExample } from '../../helpers/experiments';

const examples = fs
  .readdirSync(EXAMPLES_DIR)
  .filter((f) => f.endsWith('.gan.json'))
  .map(readExample);

/** A random edit: delete, insert or replace a span with JSON-ish text. */
const edit = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  remove: fc.nat({ max: 12 }),
  insert: fc.oneof(
    fc.constantFrom(
      '',
      '0',
      '-1',
      '1e9',
      '"',
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      'null',
      '"units": 3',
      '{ "type": "flatten" }',
      '// x\n',
      '/*',
      '\r\n',
    ),
    fc.string({ maxLength: 6 }),
  ),
});

describe('random edits of valid experiments (property-based)', () => {
  it('never crash validation, quick fixes or annotations, and every range lies in the text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(edit, { minLength: 1, maxLength: 4 }), (source, edits) => {
        let text = source;
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
        }
        const r = validateExperimentText(text);
        for (const d of r.diagnostics) {
          assert.ok(
            d.offset >= 0 && d.offset + d.length <= text.length,
            `${d.code} at ${d.offset}+${d.length} of ${text.length}`,
          );
          assert.ok(d.message.length > 0);
          for (const fix of quickFixesFor(text, d)) {
            for (const te of fix.edits) assert.ok(te.offset >= 0 && te.offset + te.length <= text.length);
            validateExperimentText(applyEdits(text, fix.edits));
          }
        }
        for (const a of experimentAnnotations(text)) assert.ok(a.offset >= 0 && a.offset <= text.length);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
