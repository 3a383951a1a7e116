// Words for a run's outcome, shared by the CodeLens and messages. Pure.
import type { MetricsRecord, RunSummary } from '../core/run/runRecords';

/** "completed 3000 steps, 8/8 modes, 92% high quality" / "failed at step 120: ..." */
export function describeResult(
  summary: Pick<RunSummary, 'status' | 'steps' | 'error'> & { metrics?: Partial<MetricsRecord> },
): string {
  const m = summary.metrics ?? {};
  const parts = [`${summary.status} ${summary.steps} steps`];
  if (m.modesCovered !== undefined) parts.push(`${m.modesCovered}/${m.modeCount} modes`);
  if (m.highQualityFraction !== undefined) parts.push(`${Math.round(100 * m.highQualityFraction)}% high quality`);
  else if (m.mmd !== undefined) parts.push(`MMD ${m.mmd.toFixed(3)}`);
  return parts.join(', ');
}
