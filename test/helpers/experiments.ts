// Small valid experiments for tests, written as text so positions can be asserted.
import * as fs from 'fs';
import * as path from 'path';

export const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');
export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures');

export function readExample(name: string): string {
  return fs.readFileSync(path.join(EXAMPLES_DIR, name), 'utf8');
}

/** A tiny 2-D experiment as an object; tests change it and stringify it. */
export function tinyExperiment(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'tiny',
    seed: 3,
    data: { source: 'ring', modes: 4, radius: 1, std: 0.05 },
    latent: { dim: 4 },
    generator: {
      layers: [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 2 },
      ],
    },
    discriminator: {
      layers: [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: 1 },
      ],
    },
    training: { steps: 20, batchSize: 16 },
    log: { every: 5 },
    samples: { every: 10, count: 16, evaluationCount: 200 },
    checkpoint: { every: 10 },
    ...overrides,
  };
}

/** Offset of the `n`th (0-based) occurrence of `needle` in `text`; throws when absent. */
export function offsetOf(text: string, needle: string, n = 0): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" #${n} not in text`);
  }
  return at;
}
