// What a data classifier's verdicts on generated samples say: which classes the generator makes, how
// far its class frequencies are from the real ones, and how sure the classifier is. Pure.

export interface ClassStatistics {
  /** Classes of the real data with at least a quarter of their real share of the samples. */
  classesCovered: number;
  /** Classes the real data have (the experiment's kept classes). */
  classCount: number;
  /** KL(generated ‖ real) of the class frequencies, in nats: 0 when they match, ln 10 ≈ 2.3 for a
   * generator of one digit of ten equally frequent ones. */
  classKl: number;
  /** Mean of the classifier's largest probability per sample: low when samples look like no class. */
  confidence: number;
}

/** A class counts as covered with this fraction of its real share: a stray misclassified sample or
 * two does not cover a class, a class made a little less often than in the data still does. */
export const COVERED_SHARE = 0.25;
/** Added to every real frequency so a class the data lacks gives a large, finite KL. */
const KL_FLOOR = 1e-6;

/**
 * @param probabilities n x K row-major softmax outputs
 * @param realFrequencies the K classes' frequencies in the real data (summing to 1; 0 for a class
 *   the classifier knows but the experiment leaves out: samples of it raise the KL)
 */
export function classStatistics(probabilities: Float32Array, realFrequencies: readonly number[]): ClassStatistics {
  const k = realFrequencies.length;
  const n = Math.floor(probabilities.length / k);
  const counts = new Float64Array(k);
  let confidence = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probabilities[i * k + c] > probabilities[i * k + best]) best = c;
    counts[best]++;
    confidence += probabilities[i * k + best];
  }
  let covered = 0;
  let classCount = 0;
  let kl = 0;
  for (let c = 0; c < k; c++) {
    const share = counts[c] / n;
    if (realFrequencies[c] > 0) {
      classCount++;
      if (counts[c] > 0 && share >= COVERED_SHARE * realFrequencies[c]) covered++;
    }
    if (share > 0) kl += share * Math.log(share / Math.max(realFrequencies[c], KL_FLOOR));
  }
  return { classesCovered: covered, classCount, classKl: Math.max(0, kl), confidence: n ? confidence / n : 0 };
}
