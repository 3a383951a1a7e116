// The Fréchet distance between two Gaussians fitted to feature vectors: FID's formula (Heusel et
// al. 2017), here on the penultimate features of a small classifier of the data, as done for MNIST
// where Inception features mean nothing. Pure.
import { symmetricEigen } from './symmetricEigen';

/** Mean and covariance of a set of feature vectors. */
export interface FeatureStatistics {
  dim: number;
  count: number;
  mean: Float64Array;
  /** dim x dim, row-major, with the unbiased 1 / (count - 1). */
  covariance: Float64Array;
  /** The covariance's symmetric square root, kept so comparing against a fixed reference costs one
   * eigen-decomposition, not two. Filled by `withSquareRoot`. */
  sqrtCovariance?: Float64Array;
}

/** The statistics of `count = features.length / dim` row vectors. */
export function featureStatistics(features: Float32Array, dim: number): FeatureStatistics {
  const count = Math.floor(features.length / dim);
  if (count < 2) throw new Error('a covariance needs at least two feature vectors');
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let k = 0; k < dim; k++) mean[k] += features[i * dim + k];
  for (let k = 0; k < dim; k++) mean[k] /= count;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < dim; k++) centred[k] = features[i * dim + k] - mean[k];
    for (let r = 0; r < dim; r++) {
      const cr = centred[r];
      if (cr === 0) continue;
      for (let c = r; c < dim; c++) covariance[r * dim + c] += cr * centred[c];
    }
  }
  for (let r = 0; r < dim; r++) {
    for (let c = r; c < dim; c++) {
      const v = covariance[r * dim + c] / (count - 1);
      covariance[r * dim + c] = v;
      covariance[c * dim + r] = v;
    }
  }
  return { dim, count, mean, covariance };
}

/** The symmetric positive semi-definite square root of `m` (negative rounding noise clipped). */
export function symmetricSqrt(m: Float64Array, n: number): Float64Array {
  const { values, vectors } = symmetricEigen(m, n);
  const out = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const root = Math.sqrt(Math.max(0, values[k]));
    if (root === 0) continue;
    for (let r = 0; r < n; r++) {
      const vr = vectors[r * n + k] * root;
      for (let c = 0; c < n; c++) out[r * n + c] += vr * vectors[c * n + k];
    }
  }
  return out;
}

/** `s` with its covariance's square root computed, for use as a fixed reference. */
export function withSquareRoot(s: FeatureStatistics): FeatureStatistics {
  return { ...s, sqrtCovariance: s.sqrtCovariance ?? symmetricSqrt(s.covariance, s.dim) };
}

function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let r = 0; r < n; r++)
    for (let k = 0; k < n; k++) {
      const ark = a[r * n + k];
      if (ark === 0) continue;
      for (let c = 0; c < n; c++) out[r * n + c] += ark * b[k * n + c];
    }
  return out;
}

/**
 * |μ₁ − μ₂|² + Tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^½). Tr((Σ₁Σ₂)^½) is computed as the sum of the roots of the
 * eigenvalues of Σ₁^½ Σ₂ Σ₁^½, which is symmetric and has the same spectrum as Σ₁Σ₂, so no
 * non-symmetric square root (scipy's sqrtm in FID's reference code) is needed. Never negative.
 */
export function frechetDistance(reference: FeatureStatistics, other: FeatureStatistics): number {
  const n = reference.dim;
  if (other.dim !== n) throw new Error(`feature sizes differ: ${n} and ${other.dim}`);
  let meanTerm = 0;
  for (let k = 0; k < n; k++) meanTerm += (reference.mean[k] - other.mean[k]) ** 2;
  let trace = 0;
  for (let k = 0; k < n; k++) trace += reference.covariance[k * n + k] + other.covariance[k * n + k];
  const root = reference.sqrtCovariance ?? symmetricSqrt(reference.covariance, n);
  const inner = multiply(multiply(root, other.covariance, n), root, n);
  // Rounding leaves the product a hair off symmetric; the decomposition wants it exact.
  for (let r = 0; r < n; r++)
    for (let c = r + 1; c < n; c++) inner[r * n + c] = inner[c * n + r] = (inner[r * n + c] + inner[c * n + r]) / 2;
  const { values } = symmetricEigen(inner, n);
  let cross = 0;
  for (const v of values) cross += Math.sqrt(Math.max(0, v));
  return Math.max(0, meanTerm + trace - 2 * cross);
}
