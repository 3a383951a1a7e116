// Parses and checks a `.gan.json` text in one pass: syntax, schema, then semantics. Pure and fast:
// the CLI, the trainer and the editor all call this one function.
import { getNodeValue, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { shapesDespite, type PartialShapes } from './partialShapes';
import type { Diagnostic } from './diagnostic';
import { applyDefaults } from './schema';
import { checkSchema } from './schemaCheck';
import { checkSemantics, type ExperimentShapes } from './semanticCheck';
import { isFileData } from './types';
import { probeData, type DataProbe } from '../data/files/probeData';
import { SourceText } from './sourceText';
import { duplicateKeys, MAX_NESTING, parseTreeSafely, tooDeepAt } from './structureCheck';
import type { Experiment } from './types';

export interface ValidationResult {
  /** The experiment with defaults filled, when there is no error (warnings allowed). */
  experiment?: Experiment;
  diagnostics: Diagnostic[];
  /** Shapes per layer: of every layer when the file is schema-valid (also with semantic errors);
   * with schema errors, of the parts still valid (see shapesCutAt). */
  shapes?: ExperimentShapes;
  /** With schema errors: networks whose layers from this index on have no shape, nor a total. */
  shapesCutAt?: PartialShapes['cutAt'];
  source: SourceText;
  /** What the data's files hold, when the experiment reads files and `baseDir` was given. */
  dataProbe?: DataProbe;
}

export interface ValidationOptions {
  /**
   * The experiment file's folder: data paths are resolved against it and their headers read (a
   * few bytes each, cached). Without it, nothing is read and the shapes of array and table files
   * stay unknown (the editor in an untrusted workspace).
   */
  baseDir?: string;
}

const SYNTAX_HINTS: Record<string, string> = {
  CommaExpected: 'add a comma between the items',
  PropertyNameExpected: 'write a key in double quotes',
  ValueExpected: 'write a value here',
  ColonExpected: 'add a colon after the key',
  CloseBraceExpected: 'close the object with }',
  CloseBracketExpected: 'close the array with ]',
  EndOfFileExpected: 'remove what follows the closing }',
  InvalidSymbol: 'remove this character, or quote it as a string',
  UnexpectedEndOfString: 'close the string with "',
  InvalidNumberFormat: 'write a plain number such as 0.001',
};

/** Validates `text`; `experiment` is set only when no diagnostic is an error. */
export function validateExperimentText(text: string, options: ValidationOptions = {}): ValidationResult {
  // Checked before parsing: the parser (and everything after it) recurses once per level.
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    const source = new SourceText(text, undefined);
    return {
      diagnostics: [
        source.diagnostic(
          'error',
          'too-deep',
          `JSON nested more than ${MAX_NESTING} levels deep here; an experiment needs about 5: remove the extra brackets.`,
          [],
          { offset: deep, length: 1 },
        ),
      ],
      source,
    };
  }
  const parseErrors: ParseError[] = [];
  const root = parseTreeSafely(text, parseErrors);
  const source = new SourceText(text, root);
  if (parseErrors.length || !root) {
    const diagnostics = parseErrors.map((e) => {
      const code = printParseErrorCode(e.error);
      return source.diagnostic('error', 'syntax', `JSON syntax: ${SYNTAX_HINTS[code] ?? code}.`, [], {
        offset: e.offset,
        length: Math.max(1, e.length),
      });
    });
    if (!diagnostics.length)
      diagnostics.push(
        source.diagnostic('error', 'syntax', 'The file is empty: write an experiment object { ... }.', []),
      );
    return { diagnostics, source };
  }
  const value: unknown = root.type === 'object' ? getNodeValue(root) : undefined;
  if (value === undefined) {
    return {
      diagnostics: [source.diagnostic('error', 'bad-type', 'An experiment must be a JSON object { ... }.', [])],
      source,
    };
  }
  const duplicates = duplicateKeys(root, source);
  if (duplicates.length) return { diagnostics: duplicates, source };
  const schemaErrors = checkSchema(value, source);
  if (schemaErrors.length) {
    // The parts still valid keep their shapes (inline in the editor) while the user fixes one.
    const partial = shapesDespite(value, schemaErrors, source);
    return {
      diagnostics: schemaErrors.sort((a, b) => a.offset - b.offset),
      source,
      shapes: partial?.shapes,
      shapesCutAt: partial?.cutAt,
    };
  }
  const experiment = applyDefaults(value) as Experiment;
  const dataProbe =
    isFileData(experiment.data) && options.baseDir !== undefined
      ? probeData(experiment.data, options.baseDir)
      : undefined;
  const { diagnostics, shapes } = checkSemantics(experiment, source, dataProbe?.sampleShape);
  for (const p of dataProbe?.problems ?? []) {
    diagnostics.push(
      source.diagnostic(p.severity === 'error' ? 'error' : 'info', 'data-file', p.message, [
        'data',
        ...(Array.isArray(p.field) ? p.field : [p.field]),
      ]),
    );
  }
  diagnostics.sort((a, b) => a.offset - b.offset);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  return { experiment: ok ? experiment : undefined, diagnostics, shapes, source, dataProbe };
}
