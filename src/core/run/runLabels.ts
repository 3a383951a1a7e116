// What the user adds to a run in the runs view, kept in the run folder beside what the trainer
// writes (view.json, which the trainer never touches): a label and the run's colour in
// comparisons. Runs in Node; no TensorFlow.js, no VS Code API.
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from './runFolder';

export interface RunLabels {
  /** Shown instead of the run's id; the folder keeps its name. */
  label?: string;
  /** The run's colour wherever runs are compared, once given: one of COMPARE_COLOURS. */
  colour?: string;
}

/** Eight colours told apart in light and dark themes and by most colour-blind eyes (Okabe-Ito,
 * with black replaced by a grey that shows on dark backgrounds). */
export const COMPARE_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#999999'];

export const LABELS_FILE = 'view.json';

export function readRunLabels(runDir: string): RunLabels {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(runDir, LABELS_FILE), 'utf8')) as RunLabels;
    return {
      ...(typeof v.label === 'string' && v.label.trim() ? { label: v.label.trim().slice(0, 200) } : {}),
      ...(typeof v.colour === 'string' && /^#[0-9A-Fa-f]{6}$/.test(v.colour) ? { colour: v.colour } : {}),
    };
  } catch {
    return {};
  }
}

export function writeRunLabels(runDir: string, labels: RunLabels): void {
  writeFileAtomic(path.join(runDir, LABELS_FILE), JSON.stringify(labels, null, 2) + '\n');
}

/** The first colour none of `taken` has (they cycle past eight). */
export function freeColour(taken: Array<string | undefined>): string {
  const used = new Set(taken.filter(Boolean));
  return COMPARE_COLOURS.find((c) => !used.has(c)) ?? COMPARE_COLOURS[taken.length % COMPARE_COLOURS.length];
}
