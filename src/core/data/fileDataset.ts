// Opens a file data source for training: the right reader, the cache it needs, the samples kept
// (classes, limit), and the streamed dataset over them. Runs in the trainer process.
import * as fs from 'fs';
import * as path from 'path';
import type { FileDataSpec } from '../experiment/types';
import { SeededRandom } from '../random';
import { writeFileAtomic } from '../run/runFolder';
import type { Dataset } from './dataset';
import type { LabelledSamples } from './labelledSamples';
import { openArraySource, readIdxLabels } from './files/arraySources';
import { openCsvSource } from './files/csvSource';
import { openImageSource } from './files/imageSource';
import { resolveDataPath } from './files/probeData';
import { DataFileError, type FillResult, type SampleSource } from './files/sampleSource';
import { SampleCache } from './sampleCache';
import { StreamedDataset } from './streamedDataset';

export interface FileDatasetOptions {
  baseDir: string;
  /** Folder for decoded-sample caches, one subfolder per source and options. */
  cacheRoot: string;
}

function openSource(spec: FileDataSpec, file: string): SampleSource {
  switch (spec.source) {
    case 'images':
      return openImageSource(spec, file);
    case 'csv':
      return openCsvSource(spec, file);
    case 'npy':
    case 'idx':
      return openArraySource(spec, file);
  }
}

/** Fills a one-pass source's cache unless an earlier run did (complete.json records it). */
async function filled(source: SampleSource, cache: SampleCache): Promise<FillResult> {
  const marker = path.join(cache.dir, 'complete.json');
  try {
    return JSON.parse(fs.readFileSync(marker, 'utf8')) as FillResult;
  } catch {
    const result = await source.fill!(cache);
    writeFileAtomic(marker, JSON.stringify(result));
    return result;
  }
}

export async function openFileDataset(
  spec: FileDataSpec,
  rng: SeededRandom,
  options: FileDatasetOptions,
): Promise<Dataset> {
  const file = resolveDataPath(options.baseDir, spec.path);
  if (!fs.existsSync(file))
    throw new DataFileError(file, "it does not exist (data paths are relative to the experiment file's folder)");
  const source = openSource(spec, file);
  // Independent streams, so decoding ahead or a limit never shifts the order's draws.
  const orderRng = new SeededRandom(rng.fork());
  const flipRng = new SeededRandom(rng.fork());
  const subsetRng = new SeededRandom(rng.fork());
  let cache: SampleCache | undefined;
  try {
    cache = source.readSync
      ? undefined
      : SampleCache.open(options.cacheRoot, {
          key: source.cacheKey,
          count: source.count,
          sampleSize: source.sampleSize,
          storage: source.storage,
        });
    const fill = source.fill ? await filled(source, cache!) : undefined;
    const count = fill?.count ?? source.count;
    const range = source.range ?? fill?.range;
    if (!range) throw new DataFileError(file, 'the range of its values is unknown: declare "range"');
    let indices = Array.from({ length: count }, (_, i) => i);
    let labels: Uint8Array | undefined;
    if (spec.source === 'idx' && spec.labels) {
      const labelsFile = resolveDataPath(options.baseDir, spec.labels);
      try {
        labels = readIdxLabels(labelsFile);
      } catch (err) {
        throw new DataFileError(labelsFile, (err as Error).message);
      }
    }
    if (spec.source === 'idx' && labels && spec.classes) {
      const keep = new Set(spec.classes);
      const kept = labels;
      indices = indices.filter((i) => keep.has(kept[i]));
      if (!indices.length)
        throw new DataFileError(
          resolveDataPath(options.baseDir, spec.labels!),
          `no sample has one of the classes ${spec.classes.join(', ')}`,
        );
    }
    if (spec.limit && spec.limit < indices.length) {
      // A seeded subset, kept in source order so the cache is read front to back.
      for (let i = indices.length - 1; i > 0; i--) {
        const j = subsetRng.int(i + 1);
        [indices[i], indices[j]] = [indices[j], indices[i]];
      }
      indices = indices.slice(0, spec.limit).sort((a, b) => a - b);
    }
    const dataset = new StreamedDataset(source, cache, {
      indices,
      orderRng,
      flipRng,
      range,
      flip: spec.source === 'images' && spec.flip,
      onError: spec.source === 'images' ? spec.onError : 'stop',
    });
    if (labels && labels.length === count) {
      const all = labels;
      const kept = spec.source === 'idx' ? spec.classes : undefined;
      return Object.assign(dataset, { labelled: async () => labelledSamples(dataset, all, kept) });
    }
    if (source.labelOf) {
      const labelOf = source.labelOf;
      return Object.assign(dataset, { labelled: () => folderLabelledSamples(dataset, count, labelOf) });
    }
    return dataset;
  } catch (err) {
    source.close();
    cache?.close();
    throw err;
  }
}

/**
 * Every image of a folder read with `labels: "folders"` that decodes, with its subfolder as its
 * class; images directly in the folder have no class and are left out. Decodes the whole folder
 * into the cache (which training then reads).
 */
async function folderLabelledSamples(
  dataset: StreamedDataset,
  count: number,
  labelOf: (i: number) => string | undefined,
): Promise<LabelledSamples> {
  const all = Array.from({ length: count }, (_, i) => i).filter((i) => labelOf(i) !== undefined);
  await dataset.decodeAll(all);
  const ready = all.filter((i) => dataset.isReady(i));
  const classNames = [...new Set(ready.map((i) => labelOf(i)!))].sort();
  const index = new Map(classNames.map((c, k) => [c, k]));
  const size = dataset.sampleSize;
  const samples = new Float32Array(ready.length * size);
  ready.forEach((i, k) => dataset.readSource(i, samples, k * size));
  const [h, w, c] = dataset.sampleShape;
  return {
    samples,
    labels: Int32Array.from(ready, (i) => index.get(labelOf(i)!)!),
    classNames,
    imageShape: [h, w, c],
  };
}

/**
 * Every sample of the source with its label (the classes left out too: the classifier learns
 * them, so generated samples that look like them are caught). Labels are class values 0 to 255;
 * the classes are the values present, in order.
 */
function labelledSamples(dataset: StreamedDataset, labels: Uint8Array, keptValues?: number[]): LabelledSamples {
  const values = [...new Set(labels)].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const size = dataset.sampleSize;
  const samples = new Float32Array(labels.length * size);
  for (let i = 0; i < labels.length; i++) dataset.readSource(i, samples, i * size);
  const shape = dataset.sampleShape;
  const side = Math.round(Math.sqrt(size));
  const imageShape: [number, number, number] =
    shape.length === 3 ? [shape[0], shape[1], shape[2]] : side * side === size ? [side, side, 1] : [1, size, 1];
  return {
    samples,
    labels: Int32Array.from(labels, (v) => index.get(v)!),
    classNames: values.map(String),
    keptClasses: keptValues?.flatMap((v) => (index.has(v) ? [index.get(v)!] : [])),
    imageShape,
  };
}
