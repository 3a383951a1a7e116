// The trained generator of a run, loaded from its newest checkpoint as plain TensorFlow.js loads
// it (the moving average when the run kept one: it is what the run's samples showed), with what
// a user needs to feed it: the latent size and distribution, the output shape.
// Runs in Node with TensorFlow.js; no VS Code API.
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { readResumePoint } from '../run/resumePoint';
import { SeededRandom } from '../random';

export interface RunGenerator {
  model: tfl.LayersModel;
  /** The checkpoint's folder and step. */
  checkpointDir: string;
  step: number;
  /** Which network of the checkpoint this is. */
  network: 'generatorAverage' | 'generator';
  /** The JSON file of that network in the checkpoint. */
  file: string;
  name: string;
  latent: { dim: number; distribution: 'normal' | 'uniform' };
  /** One sample's shape, without the batch axis: [h, w, c] for images. */
  outputShape: number[];
}

/** Reads a layers model saved by the run store, through TensorFlow.js's own loader. */
export async function loadSavedModel(dir: string, file: string): Promise<tfl.LayersModel> {
  const json = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
    modelTopology: object;
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  };
  const group = json.weightsManifest[0];
  const bytes = fs.readFileSync(path.join(dir, group.paths[0]));
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tfl.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: group.weights, weightData }),
  );
}

/** The run's generator, or an error whose message says why there is none to use. */
export async function loadRunGenerator(runDir: string): Promise<RunGenerator> {
  const read = readResumePoint(runDir);
  if (!read.ok) throw new NoGeneratorError(read.message.replace('to continue from', 'to generate from'));
  const { state, checkpointDir, recorded } = read.point;
  const network = state.generatorAverage ? 'generatorAverage' : 'generator';
  const file = state.generatorAverage ?? state.generator;
  const model = await loadSavedModel(checkpointDir, file);
  const latent = recorded.latent as RunGenerator['latent'];
  return {
    model,
    checkpointDir,
    step: state.step,
    network,
    file,
    name: String(recorded.name ?? path.basename(runDir)),
    latent: { dim: latent.dim, distribution: latent.distribution ?? 'normal' },
    outputShape: (model.outputs[0].shape as number[]).slice(1),
  };
}

/** `count` latent vectors drawn from `seed` (the same seed gives the same vectors). */
export function latentsFor(g: Pick<RunGenerator, 'latent'>, count: number, seed: number): Float32Array {
  return new SeededRandom(seed).fill(new Float32Array(count * g.latent.dim), g.latent.distribution);
}

/** The generator's outputs for `latents` (count x dim), in inference mode, as one flat array. */
export function generate(g: RunGenerator, latents: Float32Array): Float32Array {
  const count = latents.length / g.latent.dim;
  return tf.tidy(() => {
    const z = tf.tensor2d(latents, [count, g.latent.dim]);
    return (g.model.predict(z) as tf.Tensor).dataSync() as Float32Array;
  });
}

export class NoGeneratorError extends Error {}
