// A run's logged steps as one typed array per field: how a whole run crosses to a webview. VS Code
// hands typed arrays over as bytes, where an array of 100,000 objects would be serialised key by
// key on the extension host's event loop. Pure; used by the host and the webview.
import type { MetricsRecord } from '../core/run/runRecords';
import { isObject } from './guards';

const REQUIRED = ['step', 'dLoss', 'gLoss', 'dReal', 'dFake', 'wallSeconds'] as const;
/** Fields only some steps have (quality on sample steps): NaN where a step has none. */
const OPTIONAL = ['modesCovered', 'modeCount', 'highQualityFraction', 'mmd'] as const;
const FIELDS = [...REQUIRED, ...OPTIONAL] as const;

export type MetricsColumns = { [K in (typeof FIELDS)[number]]: Float64Array };

export function toColumns(records: readonly MetricsRecord[]): MetricsColumns {
  const columns = Object.fromEntries(FIELDS.map((f) => [f, new Float64Array(records.length)])) as MetricsColumns;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    for (const f of REQUIRED) columns[f][i] = r[f];
    for (const f of OPTIONAL) columns[f][i] = r[f] ?? NaN;
  }
  return columns;
}

export function fromColumns(columns: MetricsColumns): MetricsRecord[] {
  const n = columns.step.length;
  const out: MetricsRecord[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = {} as MetricsRecord;
    for (const f of REQUIRED) r[f] = columns[f][i];
    for (const f of OPTIONAL) {
      const v = columns[f][i];
      if (!Number.isNaN(v)) r[f] = v;
    }
    out[i] = r;
  }
  return out;
}

/** Every field a typed array of the same length. */
export function isMetricsColumns(v: unknown): v is MetricsColumns {
  if (!isObject(v) || !(v.step instanceof Float64Array)) return false;
  const n = v.step.length;
  return FIELDS.every((f) => v[f] instanceof Float64Array && (v[f] as Float64Array).length === n);
}
