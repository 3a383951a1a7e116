// The bytes of a checkpoint: networks saved as TensorFlow.js layers models (loadable with plain
// tf.loadLayersModel), optimiser slots as encoded weights, and both read back into live objects.
// Runs in the trainer process; no VS Code API.
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { OptimizerFile } from './checkpointState';

const joined = (data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer =>
  data === undefined ? new ArrayBuffer(0) : data instanceof ArrayBuffer ? data : tf.io.CompositeArrayBuffer.join(data);

/** Writes `<name>.json` (topology and weights manifest) and `<name>.weights.bin` into `dir`. */
export async function saveModel(model: tfl.LayersModel, dir: string, name = model.name): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      fs.writeFileSync(path.join(dir, `${name}.weights.bin`), Buffer.from(joined(artifacts.weightData)));
      fs.writeFileSync(
        path.join(dir, `${name}.json`),
        JSON.stringify({
          format: 'layers-model',
          generatedBy: 'GAN Studio',
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [`${name}.weights.bin`], weights: artifacts.weightSpecs }],
        }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

/** Optimisers whose running scalars TensorFlow.js does not restore bit for bit (see OptimizerFile). */
interface WithAccumulatedPowers {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

/** Writes the optimiser's slots to `dir/file` and returns their description for state.json. */
export async function saveOptimizer(optimizer: tf.Optimizer, dir: string, file: string): Promise<OptimizerFile> {
  const named = await optimizer.getWeights();
  // getWeights() hands out the optimiser's own slot variables plus a fresh `iter` scalar made for
  // this call: that one is ours to dispose, or every checkpoint leaks a tensor.
  const { data, specs } = await tf.io
    .encodeWeights(named)
    .finally(() => named.find((w) => w.name === 'iter')?.tensor.dispose());
  fs.writeFileSync(path.join(dir, file), Buffer.from(joined(data)));
  const o = optimizer as unknown as WithAccumulatedPowers;
  const scalars: Record<string, number> = {};
  if (o.accBeta1 && o.accBeta2) {
    scalars.accBeta1 = o.accBeta1.dataSync()[0];
    scalars.accBeta2 = o.accBeta2.dataSync()[0];
  }
  return {
    file,
    weights: specs.map((s) => ({ name: s.name, shape: s.shape, dtype: s.dtype })),
    ...(Object.keys(scalars).length ? { scalars } : {}),
  };
}

const byteSize = (s: tf.io.WeightsManifestEntry): number =>
  s.shape.reduce((a, b) => a * b, 1) * (s.dtype === 'bool' ? 1 : 4);

function decodeInOrder(bytes: Buffer, specs: tf.io.WeightsManifestEntry[], what: string): tf.Tensor[] {
  const expected = specs.reduce((n, s) => n + byteSize(s), 0);
  if (bytes.byteLength !== expected)
    throw new Error(`${what} holds ${bytes.byteLength} bytes where its manifest needs ${expected} (a damaged file)`);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  // Specs may repeat a name (two layers' weights of the same name): decode each span on its own.
  const tensors: tf.Tensor[] = [];
  let offset = 0;
  for (const spec of specs) {
    const size = byteSize(spec);
    const one = tf.io.decodeWeights(buffer.slice(offset, offset + size), [spec]);
    tensors.push(one[spec.name]);
    offset += size;
  }
  return tensors;
}

/** Sets `model`'s weights from `<dir>/<file>` (a file saveModel wrote), matched in order and by shape. */
export function loadModelWeights(model: tfl.LayersModel, dir: string, file: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
    weightsManifest: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
  };
  const group = manifest.weightsManifest[0];
  const specs = group.weights;
  const target = model.weights;
  if (specs.length !== target.length)
    throw new ArchitectureMismatch(`${model.name} has ${target.length} weights, the checkpoint ${specs.length}`);
  specs.forEach((spec, i) => {
    if (spec.shape.join('x') !== target[i].shape.join('x'))
      throw new ArchitectureMismatch(
        `${model.name}'s weight ${i + 1} (${target[i].originalName}) is [${target[i].shape.join(', ')}], the checkpoint's [${spec.shape.join(', ')}]`,
      );
  });
  const tensors = decodeInOrder(fs.readFileSync(path.join(dir, group.paths[0])), specs, group.paths[0]);
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/** Sets an optimiser's slots and iteration count from what saveOptimizer wrote. */
export async function loadOptimizer(optimizer: tf.Optimizer, dir: string, saved: OptimizerFile): Promise<void> {
  const specs = saved.weights as tf.io.WeightsManifestEntry[];
  const tensors = decodeInOrder(fs.readFileSync(path.join(dir, saved.file)), specs, saved.file);
  try {
    await optimizer.setWeights(specs.map((s, i) => ({ name: s.name, tensor: tensors[i] })));
  } finally {
    tf.dispose(tensors);
  }
  const o = optimizer as unknown as WithAccumulatedPowers;
  if (saved.scalars && o.accBeta1 && o.accBeta2) {
    const { accBeta1, accBeta2 } = saved.scalars;
    tf.tidy(() => {
      o.accBeta1!.assign(tf.scalar(accBeta1));
      o.accBeta2!.assign(tf.scalar(accBeta2));
    });
  }
}

/** The checkpoint's networks do not fit the experiment's: the message says which weight differs. */
export class ArchitectureMismatch extends Error {}
