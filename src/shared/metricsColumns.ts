// A run's logged steps as one typed array per field (core/run/metricsColumns) as they cross to a
// webview: VS Code hands typed arrays over as bytes, where an array of 100,000 objects would be
// serialised key by key on the extension host's event loop. Pure; used by the host and the webview.
import { METRICS_FIELDS, type MetricsColumns } from '../core/run/metricsColumns';
import { isObject } from './guards';

export { fromColumns, METRICS_FIELDS, toColumns, type MetricsColumns } from '../core/run/metricsColumns';

const FIELDS = METRICS_FIELDS;

/** Every field a typed array of the same length. */
export function isMetricsColumns(v: unknown): v is MetricsColumns {
  if (!isObject(v) || !(v.step instanceof Float64Array)) return false;
  const n = v.step.length;
  return FIELDS.every((f) => v[f] instanceof Float64Array && (v[f] as Float64Array).length === n);
}

/**
 * At most about `maxRows` rows for a chart a few thousand pixels wide: the losses and scores as
 * means over consecutive buckets of steps (at the bucket's last step), every quality measurement
 * kept as it was (they are sparse), and the last record exactly as logged, so final values stay
 * true. TensorBoard likewise draws a sample of a long series. Returns `c` when it is short enough.
 */
export function decimateColumns(c: MetricsColumns, maxRows: number): MetricsColumns {
  const n = c.step.length;
  if (n <= maxRows || n < 2) return c;
  const k = Math.ceil((n - 1) / Math.max(1, maxRows - 1));
  // Rows out: at most one per bucket plus the quality rows plus the last; sized for the worst case.
  const cap = Math.ceil((n - 1) / k) + 1 + countQuality(c);
  const out = Object.fromEntries(FIELDS.map((f) => [f, new Float64Array(cap)])) as MetricsColumns;
  let o = 0;
  const copyRow = (i: number) => {
    for (const f of FIELDS) out[f][o] = c[f][i];
    o++;
  };
  for (let start = 0; start < n - 1; start += k) {
    const end = Math.min(start + k, n - 1); // the last record is added on its own below
    let dLoss = 0,
      gLoss = 0,
      dReal = 0,
      dFake = 0,
      wall = 0;
    for (let i = start; i < end; i++) {
      dLoss += c.dLoss[i];
      gLoss += c.gLoss[i];
      dReal += c.dReal[i];
      dFake += c.dFake[i];
      wall += c.wallSeconds[i];
      // A quality measurement inside the bucket keeps its own step and values (its losses are in
      // the bucket's means).
      if (i !== end - 1 && hasQuality(c, i)) {
        copyRow(i);
        out.dLoss[o - 1] = out.gLoss[o - 1] = out.dReal[o - 1] = out.dFake[o - 1] = out.wallSeconds[o - 1] = NaN;
      }
    }
    const m = end - start;
    copyRow(end - 1);
    out.dLoss[o - 1] = dLoss / m;
    out.gLoss[o - 1] = gLoss / m;
    out.dReal[o - 1] = dReal / m;
    out.dFake[o - 1] = dFake / m;
    out.wallSeconds[o - 1] = wall / m;
  }
  copyRow(n - 1);
  return Object.fromEntries(FIELDS.map((f) => [f, out[f].slice(0, o)])) as MetricsColumns;
}

function hasQuality(c: MetricsColumns, i: number): boolean {
  return (
    !Number.isNaN(c.mmd[i]) ||
    !Number.isNaN(c.modesCovered[i]) ||
    !Number.isNaN(c.highQualityFraction[i]) ||
    !Number.isNaN(c.duplicateFraction[i]) ||
    !Number.isNaN(c.fid[i]) ||
    !Number.isNaN(c.kid[i])
  );
}

function countQuality(c: MetricsColumns): number {
  let q = 0;
  for (let i = 0; i < c.step.length; i++) if (hasQuality(c, i)) q++;
  return q;
}
