// Mode coverage of 2-D Gaussian mixtures, as PacGAN's MetricLogger defines it. Pure.
import type { MixtureModes } from '../data/dataset';

export interface ModeCoverage {
  /** Modes with at least one high-quality sample assigned to them. */
  modesCovered: number;
  modeCount: number;
  /** Fraction of samples within 3 std of their nearest mode. */
  highQualityFraction: number;
}

/**
 * Assigns each sample (x, y pairs in `points`) to its nearest mode, counting it high quality when
 * that distance is under 3 standard deviations.
 */
export function modeCoverage(points: ArrayLike<number>, modes: MixtureModes): ModeCoverage {
  const n = Math.floor(points.length / 2);
  const covered = new Uint8Array(modes.centers.length);
  const limit = 3 * modes.std;
  let high = 0;
  for (let i = 0; i < n; i++) {
    const x = points[2 * i];
    const y = points[2 * i + 1];
    let best = -1;
    let bestD = Infinity;
    modes.centers.forEach(([cx, cy], k) => {
      const d = Math.hypot(x - cx, y - cy);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    if (bestD < limit) {
      high++;
      covered[best] = 1;
    }
  }
  return {
    modesCovered: covered.reduce((a, b) => a + b, 0),
    modeCount: modes.centers.length,
    highQualityFraction: n ? high / n : 0,
  };
}
