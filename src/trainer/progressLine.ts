// Formats the one-line training progress a terminal shows. Pure.
import type { MetricsRecord, RunSummary } from '../core/run/runRecords';

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
  if (r.classesCovered !== undefined) parts.push(`classes ${r.classesCovered}/${r.classCount}`);
  if (r.fid !== undefined) parts.push(`fid ${r.fid.toFixed(1)}`);
  if (skipped) parts.push(`skipped ${skipped} file${skipped === 1 ? '' : 's'}`);
  return parts.join('  ');
}

/**
 * "image metrics: 10/10 classes, KL 0.012, confidence 0.97, FID 12.3 (real vs real 3.4), KID 4.1
 * (real -2.0); classifier 98.4 % accurate, 95 ms per evaluation (0.8 % of training)"
 */
export function describeImageMetrics(s: RunSummary): string | undefined {
  const m = s.metrics;
  const c = s.classifier;
  if (!c || m.fid === undefined) return undefined;
  const real = c.realVsReal;
  const cost =
    c.evaluationMs !== undefined && c.evaluations && s.wallSeconds > 0
      ? `, ${c.evaluationMs.toFixed(0)} ms per evaluation (${((100 * c.evaluationMs * c.evaluations) / 1000 / s.wallSeconds).toFixed(1)} % of training)`
      : '';
  return (
    `image metrics: ${m.classesCovered}/${m.classCount} classes, KL ${m.classKl?.toFixed(3)}, ` +
    `confidence ${m.confidence?.toFixed(2)}, FID ${m.fid.toFixed(1)} (real vs real ${real.fid.toFixed(1)}), ` +
    `KID ${m.kid?.toFixed(1)} (real vs real ${real.kid.toFixed(1)}); classifier ${(100 * c.accuracy).toFixed(1)} % accurate on ${c.heldOut} held-out samples${cost}`
  );
}
