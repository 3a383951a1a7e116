// What Compare computes from runs: the parameter table (differences first) and, per metric, each
// run's final, best and at-step values. Pure; used by the host and the Compare webview.
import { flattenParameters } from '../core/experiment/parameterDiff';
import type { MetricsColumns } from './metricsColumns';
import type { ParameterRow } from './compareProtocol';

/** Fields of a run's recorded experiment that say nothing about how it trained. */
const NOT_PARAMETERS = new Set(['version', 'description', 'backend']);

/** Every parameter of the runs' experiments, one value per run; differing rows first, each group
 * in document order. */
export function parameterRows(experiments: Array<Record<string, unknown> | undefined>): ParameterRow[] {
  const flat = experiments.map((e) => flattenParameters(e ?? {}));
  const paths: string[] = [];
  const seen = new Set<string>();
  for (const f of flat)
    for (const p of f.keys())
      if (!seen.has(p) && !NOT_PARAMETERS.has(p.split(/[.[]/)[0])) {
        seen.add(p);
        paths.push(p);
      }
  const rows = paths.map((path) => {
    const values = flat.map((f) => (f.has(path) ? JSON.stringify(f.get(path)) : '—'));
    return { path, values, differs: values.some((v) => v !== values[0]) };
  });
  return [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
}

export interface MetricSpec {
  key: keyof MetricsColumns;
  label: string;
  /** Which way is better, for "best"; undefined: no best (a loss says little on its own in a GAN). */
  better?: 'min' | 'max';
}

export const COMPARED_METRICS: MetricSpec[] = [
  { key: 'dLoss', label: 'D loss' },
  { key: 'gLoss', label: 'G loss' },
  { key: 'dReal', label: 'D(x)' },
  { key: 'dFake', label: 'D(G(z))' },
  { key: 'modesCovered', label: 'modes covered', better: 'max' },
  { key: 'highQualityFraction', label: 'high-quality fraction', better: 'max' },
  { key: 'mmd', label: 'MMD²', better: 'min' },
  { key: 'classesCovered', label: 'classes covered', better: 'max' },
  { key: 'fid', label: 'FID (classifier)', better: 'min' },
  { key: 'kid', label: 'KID', better: 'min' },
];

export interface MetricValues {
  final?: number;
  best?: { value: number; step: number };
  /** At the logged step nearest to (at or before) the step asked for. */
  atStep?: { value: number; step: number };
}

/** Index of the last step <= `step` in a sorted step column, or -1. */
export function indexAtOrBefore(steps: ArrayLike<number>, step: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid] <= step) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Final, best and at-step values of one metric of one run (NaN entries are steps without it). */
export function metricValues(columns: MetricsColumns, spec: MetricSpec, atStep?: number): MetricValues {
  const values = columns[spec.key];
  const steps = columns.step;
  const out: MetricValues = {};
  for (let i = values.length - 1; i >= 0; i--)
    if (!Number.isNaN(values[i])) {
      out.final = values[i];
      break;
    }
  if (spec.better) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isNaN(v)) continue;
      if (!out.best || (spec.better === 'min' ? v < out.best.value : v > out.best.value))
        out.best = { value: v, step: steps[i] };
    }
  }
  if (atStep !== undefined)
    for (let i = indexAtOrBefore(steps, atStep); i >= 0; i--)
      if (!Number.isNaN(values[i])) {
        out.atStep = { value: values[i], step: steps[i] };
        break;
      }
  return out;
}
