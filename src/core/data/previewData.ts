// A picture of what the discriminator sees of the data: a grid of real samples after resizing,
// channels and scaling, or for other data a scatter of their first two coordinates. Used by the
// Preview Data command and as samples/real.png of every run. Runs in the trainer process.
import { boundsOf, imageGridPng, scatterPng } from '../render/samplePlots';
import type { Dataset } from './dataset';

export interface DataPreview {
  png: Buffer;
  /** Samples drawn in the picture. */
  shown: number;
}

/** Draws `count` samples of `dataset` (the next ones in its order) as a PNG. */
export async function previewData(dataset: Dataset, count: number): Promise<DataPreview> {
  const n = Math.max(1, Math.min(count, dataset.size ?? count));
  await dataset.prefetch?.(n);
  const values = new Float32Array(n * dataset.sampleSize);
  dataset.sampleBatch(n, values);
  return { png: picture(values, n, dataset), shown: n };
}

/** The picture of samples already drawn (values in [-1, 1], one after another). */
export function picture(values: Float32Array, n: number, dataset: Pick<Dataset, 'sampleShape' | 'sampleSize'>): Buffer {
  const shape = dataset.sampleShape;
  if (shape.length === 3) return imageGridPng(values, n, shape[0], shape[1], shape[2]);
  const d = dataset.sampleSize;
  const points: number[] = [];
  for (let i = 0; i < n; i++) points.push(values[i * d], d > 1 ? values[i * d + 1] : 0);
  return scatterPng(points, [], boundsOf(points));
}
