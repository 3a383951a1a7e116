// Formats the one-line training progress a terminal shows. Pure.
import type { MetricsRecord } from '../core/run/runRecords';

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(r).padStart(2, '0')}s` : `${r}s`;
}

/** "step 1200/3000  105.2 steps/s  ETA 17s  D 1.234  G 0.876  modes 8/8  hq 91.2%" */
export function progressLine(
  r: MetricsRecord,
  total: number,
  stepsPerSecond: number,
  etaSeconds: number,
  skipped = 0,
): string {
  const parts = [
    `step ${r.step}/${total}`,
    `${stepsPerSecond.toFixed(1)} steps/s`,
    `ETA ${formatDuration(etaSeconds)}`,
    `D ${r.dLoss.toFixed(3)}`,
    `G ${r.gLoss.toFixed(3)}`,
  ];
  if (r.modesCovered !== undefined) parts.push(`modes ${r.modesCovered}/${r.modeCount}`);
  if (r.highQualityFraction !== undefined) parts.push(`hq ${(100 * r.highQualityFraction).toFixed(1)}%`);
  if (r.mmd !== undefined) parts.push(`mmd ${r.mmd.toFixed(4)}`);
  if (skipped) parts.push(`skipped ${skipped} file${skipped === 1 ? '' : 's'}`);
  return parts.join('  ');
}
