// "Generate Samples": new samples from a run's trained generator, into a folder a user can open:
// a PNG grid and one file per sample, and optionally a strip between two seeds' latents.
// Runs in Node with TensorFlow.js; no VS Code API.
import * as fs from 'fs';
import * as path from 'path';
import { boundsOf, imageGridPng, imagePng, scatterPng } from '../render/samplePlots';
import { makeDirs } from '../run/runFolder';
import { generate, latentsFor, type RunGenerator } from './runGenerator';

export interface GenerateOptions {
  /** Samples to draw (1 to 10,000). */
  count: number;
  /** Seed of the latent vectors; the same seed draws the same samples. */
  seed: number;
  /** Frames of a latent interpolation strip between the seeds `interpolate[0]` and `[1]`. */
  interpolate?: { from: number; to: number; frames: number };
}

export interface Generated {
  /** Every file written, relative to the output folder. */
  files: string[];
  /** What one sample became: a PNG each, or a row of samples.csv. */
  kind: 'images' | 'vectors';
  grid: string;
  interpolation?: string;
}

/** Spherical interpolation for Gaussian latents (which live near a sphere: a straight line
 * passes through the unlikely middle), linear for uniform ones. White, "Sampling Generative
 * Networks", 2016. */
function interpolate(a: Float32Array, b: Float32Array, t: number, spherical: boolean): Float32Array {
  const out = new Float32Array(a.length);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  const omega = Math.acos(Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb || 1))));
  if (!spherical || omega < 1e-6) for (let i = 0; i < a.length; i++) out[i] = (1 - t) * a[i] + t * b[i];
  else {
    const s = Math.sin(omega);
    const wa = Math.sin((1 - t) * omega) / s;
    const wb = Math.sin(t * omega) / s;
    for (let i = 0; i < a.length; i++) out[i] = wa * a[i] + wb * b[i];
  }
  return out;
}

const pad = (i: number, n: number) => String(i + 1).padStart(String(n).length, '0');

export function generateSamples(g: RunGenerator, outDir: string, options: GenerateOptions): Generated {
  makeDirs(outDir);
  const { count, seed } = options;
  const size = g.outputShape.reduce((a, b) => a * b, 1);
  const latents = latentsFor(g, count, seed);
  const values = generate(g, latents);
  const files: string[] = [];
  const write = (name: string, data: Buffer | string) => {
    fs.writeFileSync(path.join(outDir, name), data);
    files.push(name);
  };
  const csv = (data: Float32Array, width: number, name: string) =>
    `${Array.from({ length: width }, (_, k) => `${name}${k}`).join(',')}\n` +
    Array.from({ length: data.length / width }, (_, i) =>
      Array.from(data.subarray(i * width, (i + 1) * width)).join(','),
    ).join('\n') +
    '\n';
  // Row i is the latent vector of sample i: any sample can be made again, or fed to an export.
  write('latents.csv', csv(latents, g.latent.dim, 'z'));
  const isImage = g.outputShape.length === 3;
  if (isImage) {
    const [h, w, c] = g.outputShape;
    write('grid.png', imageGridPng(values, count, h, w, c));
    for (let i = 0; i < count; i++)
      write(`sample-${pad(i, count)}.png`, imagePng(values.subarray(i * size, (i + 1) * size), h, w, c));
  } else {
    write('samples.csv', csv(values, size, 'x'));
    const xy = new Float32Array(count * 2);
    for (let i = 0; i < count; i++) {
      xy[2 * i] = values[i * size];
      xy[2 * i + 1] = size > 1 ? values[i * size + 1] : 0;
    }
    write('grid.png', scatterPng([], Array.from(xy), boundsOf(xy)));
  }
  let strip: string | undefined;
  if (options.interpolate) {
    const { from, to, frames } = options.interpolate;
    const a = latentsFor(g, 1, from);
    const b = latentsFor(g, 1, to);
    const z = new Float32Array(frames * g.latent.dim);
    for (let f = 0; f < frames; f++)
      z.set(
        interpolate(a, b, frames === 1 ? 0 : f / (frames - 1), g.latent.distribution === 'normal'),
        f * g.latent.dim,
      );
    const out = generate(g, z);
    strip = `interpolation-${from}-${to}.png`;
    if (isImage) {
      const [h, w, c] = g.outputShape;
      write(strip, imageGridPng(out, frames, h, w, c, frames));
    } else {
      const xy = new Float32Array(frames * 2);
      for (let f = 0; f < frames; f++) {
        xy[2 * f] = out[f * size];
        xy[2 * f + 1] = size > 1 ? out[f * size + 1] : 0;
      }
      write(strip, scatterPng([], Array.from(xy), boundsOf(xy)));
    }
  }
  write(
    'generated.json',
    JSON.stringify(
      {
        run: g.name,
        checkpointStep: g.step,
        network: g.network,
        seed,
        count,
        latent: g.latent,
        outputShape: g.outputShape,
        ...(options.interpolate ? { interpolate: options.interpolate } : {}),
      },
      null,
      2,
    ) + '\n',
  );
  return { files, kind: isImage ? 'images' : 'vectors', grid: 'grid.png', interpolation: strip };
}
