// Reads and validates an experiment file, applying command-line overrides. Runs in Node.
import * as fs from 'fs';
import * as path from 'path';
import { formatDiagnostic, type Diagnostic } from '../core/experiment/diagnostic';
import type { Experiment } from '../core/experiment/types';
import { describeFsError } from '../core/run/runFolder';
import { validateExperimentText } from '../core/experiment/validateExperiment';

export interface Overrides {
  steps?: number;
  seed?: number;
}

export type LoadResult =
  | { ok: true; experiment: Experiment; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; message: string };

/** Validates `file` (read now, or `text` when the editor holds unsaved content). */
export function loadExperiment(file: string, overrides: Overrides = {}, text?: string): LoadResult {
  let source: string;
  try {
    source = text ?? fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, diagnostics: [], message: `Cannot read ${file}: ${describeFsError(err)}.` };
  }
  // Data paths are relative to the experiment file; their headers are read to check them.
  const result = validateExperimentText(source, { baseDir: path.dirname(path.resolve(file)) });
  if (!result.experiment) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    return {
      ok: false,
      diagnostics: result.diagnostics,
      message:
        `${file} has ${errors.length} error${errors.length === 1 ? '' : 's'}:\n` +
        result.diagnostics.map((d) => formatDiagnostic(file, d)).join('\n'),
    };
  }
  const experiment = structuredClone(result.experiment);
  if (overrides.steps !== undefined) experiment.training.steps = overrides.steps;
  if (overrides.seed !== undefined) experiment.seed = overrides.seed;
  return { ok: true, experiment, warnings: result.diagnostics };
}
