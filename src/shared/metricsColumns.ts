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
  const n = records.length;
  const col = () => new Float64Array(n);
  const c: MetricsColumns = {
    step: col(),
    dLoss: col(),
    gLoss: col(),
    dReal: col(),
    dFake: col(),
    wallSeconds: col(),
    modesCovered: col(),
    modeCount: col(),
    highQualityFraction: col(),
    mmd: col(),
  };
  // One loop with every field named: a keyed lookup per field would cost ten times as much on a
  // run of 100,000 steps (measured: about 60 ms against 5).
  for (let i = 0; i < n; i++) {
    const r = records[i];
    c.step[i] = r.step;
    c.dLoss[i] = r.dLoss;
    c.gLoss[i] = r.gLoss;
    c.dReal[i] = r.dReal;
    c.dFake[i] = r.dFake;
    c.wallSeconds[i] = r.wallSeconds;
    c.modesCovered[i] = r.modesCovered ?? NaN;
    c.modeCount[i] = r.modeCount ?? NaN;
    c.highQualityFraction[i] = r.highQualityFraction ?? NaN;
    c.mmd[i] = r.mmd ?? NaN;
  }
  return c;
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
