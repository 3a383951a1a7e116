// Real samples with their class labels: what a data classifier is trained and tested on. Pure type.

export interface LabelledSamples {
  /** count samples of imageShape, row after row, scaled as the dataset gives them (to [-1, 1]). */
  samples: Float32Array;
  /** Each sample's class, an index into classNames. */
  labels: Int32Array;
  /** What each class is called in the data ("7" for MNIST's sevens). */
  classNames: string[];
  /** The classes the experiment trains on (`digits`, `classes`), as indices into classNames;
   * the rest train the classifier only, and generated samples that look like them count against
   * the generator. All classes when absent. */
  keptClasses?: number[];
  /** One sample as an image [height, width, channels] (flattened data is reshaped to it). */
  imageShape: [number, number, number];
}

/** Whether sample i is of a class the experiment keeps. */
export function keptSample(data: LabelledSamples): (i: number) => boolean {
  if (!data.keptClasses) return () => true;
  const kept = new Set(data.keptClasses);
  return (i) => kept.has(data.labels[i]);
}

/** Each class's share of the kept samples (0 for the classes left out). */
export function classFrequencies(data: LabelledSamples): number[] {
  const counts = new Array<number>(data.classNames.length).fill(0);
  const isKept = keptSample(data);
  let n = 0;
  data.labels.forEach((label, i) => {
    if (!isKept(i)) return;
    counts[label]++;
    n++;
  });
  return counts.map((c) => c / Math.max(1, n));
}
