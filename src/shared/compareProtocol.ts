// Messages between the host and the Compare panel, and the guards that check them on arrival
// (webview input is untrusted). Pure; no VS Code API, no DOM.
import { isObject, isOneOf, isString } from './guards';
import { isMetricsColumns, type MetricsColumns } from './metricsColumns';

/** One run as Compare shows it. */
export interface CompareRun {
  dir: string;
  /** The run folder's name (its id), and what the run is called (runDisplayName). */
  id: string;
  label: string;
  experiment: string;
  /** The run's own colour (kept in its folder), the same in every comparison. */
  colour: string;
  status: string;
  steps: number;
  totalSteps: number;
  backend?: string;
  metrics: MetricsColumns;
  samples: Array<{ step: number; imageUri: string; kind: 'images' | 'points' }>;
}

/** A parameter row of the table: one value per run (as JSON text), and whether they differ. */
export interface ParameterRow {
  path: string;
  values: string[];
  differs: boolean;
}

export interface CompareSnapshot {
  runs: CompareRun[];
  parameters: ParameterRow[];
  /** Milliseconds the host took to build it (read, columns, decimation), for the benchmark. */
  builtInMs?: number;
}

export type HostToCompare = { type: 'snapshot'; snapshot: CompareSnapshot };
export type CompareToHost = { type: 'ready' } | { type: 'openDashboard'; dir: string };

export function isCompareToHost(m: unknown): m is CompareToHost {
  if (!isObject(m)) return false;
  if (m.type === 'ready') return true;
  return m.type === 'openDashboard' && isString(m.dir);
}

function isCompareRun(r: unknown): r is CompareRun {
  return (
    isObject(r) &&
    isString(r.dir) &&
    isString(r.id) &&
    isString(r.colour) &&
    isString(r.status) &&
    typeof r.steps === 'number' &&
    isMetricsColumns(r.metrics) &&
    Array.isArray(r.samples) &&
    r.samples.every(
      (s) =>
        isObject(s) &&
        typeof s.step === 'number' &&
        isString(s.imageUri) &&
        isOneOf(s.kind, ['images', 'points'] as const),
    )
  );
}

export function isHostToCompare(m: unknown): m is HostToCompare {
  if (!isObject(m) || m.type !== 'snapshot' || !isObject(m.snapshot)) return false;
  const s = m.snapshot;
  return (
    Array.isArray(s.runs) &&
    s.runs.every(isCompareRun) &&
    Array.isArray(s.parameters) &&
    s.parameters.every(
      (p) => isObject(p) && isString(p.path) && Array.isArray(p.values) && typeof p.differs === 'boolean',
    )
  );
}
