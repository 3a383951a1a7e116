// Image metrics by a classifier of the real data: per evaluation, the classes the generator covers,
// the KL divergence of its class frequencies from the real ones, the classifier's mean confidence,
// the Fréchet distance and KID on the classifier's penultimate features; and the same measured on
// held-out real samples, the value a perfect generator would get at this sample size (real vs
// real). Runs in the trainer process.
import { classStatistics } from './classStatistics';
import { DataClassifier, FEATURES, heldOutCount, splitOrder } from './dataClassifier';
import { featureStatistics, frechetDistance, withSquareRoot, type FeatureStatistics } from './frechet';
import type { ClassifierQuality, ClassifierSummary } from '../run/runRecords';
import { KidReference } from './kid';
import { classFrequencies, keptSample, type LabelledSamples } from '../data/labelledSamples';

/** Training samples whose features make the reference Gaussian (FID) and, the first KID_REFERENCE
 * of them, the reference set of KID. */
const REFERENCE_SAMPLES = 2000;
const KID_REFERENCE = 1000;

export class ClassifierMetrics {
  private readonly reference: FeatureStatistics;
  private readonly kidReference: KidReference;
  private readonly frequencies: number[];
  readonly summary: ClassifierSummary;

  private constructor(
    private readonly classifier: DataClassifier,
    data: LabelledSamples,
    evaluationCount: number,
  ) {
    const size = data.samples.length / data.labels.length;
    const order = splitOrder(data.labels.length);
    const heldOut = heldOutCount(order.length);
    const isKept = keptSample(data);
    // Kept samples, held-out ones first: real vs real takes its samples from the front (unseen by
    // the classifier where there are enough), the reference Gaussian the rest.
    const kept = order.filter((i) => isKept(i));
    const keptHeldOut = order.subarray(0, heldOut).filter((i) => isKept(i)).length;
    const realSamples = Math.min(evaluationCount, Math.max(keptHeldOut, Math.floor(kept.length / 2)));
    const pick = (from: number, count: number) => {
      const out = new Float32Array(count * size);
      for (let k = 0; k < count; k++) {
        const i = kept[from + k];
        out.set(data.samples.subarray(i * size, (i + 1) * size), k * size);
      }
      return out;
    };
    const referenceCount = Math.min(REFERENCE_SAMPLES, kept.length - realSamples);
    const features = classifier.classify(pick(realSamples, referenceCount)).features;
    const dim = features.length / referenceCount;
    this.reference = withSquareRoot(featureStatistics(features, dim));
    this.kidReference = new KidReference(features.slice(0, Math.min(KID_REFERENCE, referenceCount) * dim), dim);
    this.frequencies = classFrequencies(data);
    this.summary = { ...classifier.info, realVsReal: this.measure(pick(0, realSamples)), realSamples };
  }

  /**
   * The metrics of `data`'s classifier (trained now or read from `cacheRoot`), with its real-vs-real
   * reference at `evaluationCount` samples. Undefined when the data are too few to hold any out.
   */
  static async prepare(
    data: LabelledSamples,
    evaluationCount: number,
    cacheRoot?: string,
  ): Promise<ClassifierMetrics | undefined> {
    const isKept = keptSample(data); // one set of kept classes, not one per sample
    const kept = data.labels.filter((_, i) => isKept(i)).length;
    // Too few to fit a covariance of the features on both sides: no metric would mean anything.
    if (heldOutCount(data.labels.length) < 2 || data.classNames.length < 2 || kept < 4 * FEATURES) return undefined;
    const classifier = await DataClassifier.obtain(data, cacheRoot);
    try {
      return new ClassifierMetrics(classifier, data, evaluationCount);
    } catch (err) {
      classifier.dispose();
      throw err;
    }
  }

  static isCached(data: LabelledSamples, cacheRoot?: string): boolean {
    return DataClassifier.isCached(data, cacheRoot);
  }

  /** The metrics of n generated samples (flat, one image each). */
  measure(samples: Float32Array): ClassifierQuality {
    const { probabilities, features } = this.classifier.classify(samples);
    const dim = this.reference.dim;
    return {
      ...classStatistics(probabilities, this.frequencies),
      fid: frechetDistance(this.reference, featureStatistics(features, dim)),
      kid: this.kidReference.distance(features),
    };
  }

  dispose(): void {
    this.classifier.dispose();
  }
}
