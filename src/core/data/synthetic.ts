// 2-D and n-D synthetic distributions drawn fresh for every batch from the seeded source. Pure.
import type { GaussianData, GridData, MoonsData, RingData, SpiralData } from '../experiment/types';
import type { SeededRandom } from '../random';
import type { Dataset, MixtureModes } from './dataset';

function mixture(centers: Array<[number, number]>, std: number, rng: SeededRandom): Dataset {
  const modes: MixtureModes = { centers, std };
  return {
    sampleShape: [2],
    sampleSize: 2,
    modes,
    kind: 'points',
    sampleBatch(batch, out) {
      for (let i = 0; i < batch; i++) {
        const [cx, cy] = centers[rng.int(centers.length)];
        out[2 * i] = cx + std * rng.normal();
        out[2 * i + 1] = cy + std * rng.normal();
      }
    },
  };
}

/** Mode centres of ring data: evenly spaced on a circle, the first on the positive x axis. */
export function ringCenters(spec: Pick<RingData, 'modes' | 'radius'>): Array<[number, number]> {
  return Array.from({ length: spec.modes }, (_, k): [number, number] => {
    const a = (2 * Math.PI * k) / spec.modes;
    return [spec.radius * Math.cos(a), spec.radius * Math.sin(a)];
  });
}

/** Mode centres of grid data: size x size points, `spacing` apart, centred on the origin. */
export function gridCenters(spec: Pick<GridData, 'size' | 'spacing'>): Array<[number, number]> {
  const offset = ((spec.size - 1) * spec.spacing) / 2;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < spec.size; i++) {
    for (let j = 0; j < spec.size; j++) out.push([i * spec.spacing - offset, j * spec.spacing - offset]);
  }
  return out;
}

export const ringDataset = (spec: RingData, rng: SeededRandom): Dataset => mixture(ringCenters(spec), spec.std, rng);
export const gridDataset = (spec: GridData, rng: SeededRandom): Dataset => mixture(gridCenters(spec), spec.std, rng);

/** An Archimedean spiral from the centre out to radius 1, `turns` times round. */
export function spiralDataset(spec: SpiralData, rng: SeededRandom): Dataset {
  return {
    sampleShape: [2],
    sampleSize: 2,
    kind: 'points',
    sampleBatch(batch, out) {
      for (let i = 0; i < batch; i++) {
        const t = Math.sqrt(rng.next());
        const a = 2 * Math.PI * spec.turns * t;
        out[2 * i] = t * Math.cos(a) + spec.noise * rng.normal();
        out[2 * i + 1] = t * Math.sin(a) + spec.noise * rng.normal();
      }
    },
  };
}

/** Two interleaving half circles, centred on the origin, as scikit-learn's make_moons. */
export function moonsDataset(spec: MoonsData, rng: SeededRandom): Dataset {
  return {
    sampleShape: [2],
    sampleSize: 2,
    kind: 'points',
    sampleBatch(batch, out) {
      for (let i = 0; i < batch; i++) {
        const a = Math.PI * rng.next();
        const upper = rng.next() < 0.5;
        const x = upper ? Math.cos(a) : 1 - Math.cos(a);
        const y = upper ? Math.sin(a) : 0.5 - Math.sin(a);
        out[2 * i] = x - 0.5 + spec.noise * rng.normal();
        out[2 * i + 1] = y - 0.25 + spec.noise * rng.normal();
      }
    },
  };
}

export function gaussianDataset(spec: GaussianData, rng: SeededRandom): Dataset {
  return {
    sampleShape: [spec.dim],
    sampleSize: spec.dim,
    kind: 'points',
    sampleBatch(batch, out) {
      for (let i = 0; i < batch * spec.dim; i++) out[i] = spec.mean + spec.std * rng.normal();
    },
  };
}
