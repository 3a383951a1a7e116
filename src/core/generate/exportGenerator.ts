// "Export Generator": a folder that plain TensorFlow.js loads with tf.loadLayersModel, in the
// browser (over HTTP) and in Node, with the latent size and distribution it expects in its
// metadata and a README that shows how. Runs in Node with TensorFlow.js; no VS Code API.
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { makeDirs } from '../run/runFolder';
import type { RunGenerator } from './runGenerator';

export interface ExportedGenerator {
  dir: string;
  files: string[];
}

const joined = (data: ArrayBuffer | ArrayBuffer[] | undefined): ArrayBuffer =>
  data === undefined ? new ArrayBuffer(0) : data instanceof ArrayBuffer ? data : tf.io.CompositeArrayBuffer.join(data);

function readme(g: RunGenerator): string {
  const dim = g.latent.dim;
  const draw =
    g.latent.distribution === 'normal' ? `tf.randomNormal([16, ${dim}])` : `tf.randomUniform([16, ${dim}], -1, 1)`;
  return `# ${g.name}: a trained GAN generator

Trained with GAN Studio to step ${g.step} (${g.network === 'generatorAverage' ? 'the moving average of its weights' : 'its weights'}).
It maps a latent vector of ${dim} values drawn from ${g.latent.distribution === 'normal' ? 'a standard normal N(0, 1)' : 'a uniform U(-1, 1)'}
to one sample of shape [${g.outputShape.join(', ')}] with values in [-1, 1]${g.outputShape.length === 3 ? ' (pixel = (value + 1) * 127.5)' : ''}.
\`generator.json\` says the same for programs.

## In the browser
Serve this folder, then:

\`\`\`js
import * as tf from '@tensorflow/tfjs';
const generator = await tf.loadLayersModel('/path/to/this/folder/model.json');
const samples = generator.predict(${draw}); // [16, ${g.outputShape.join(', ')}]
\`\`\`

## In Node
\`\`\`js
const tf = require('@tensorflow/tfjs-node');
const generator = await tf.loadLayersModel('file:///path/to/this/folder/model.json');
const samples = generator.predict(${draw});
\`\`\`

Without \`@tensorflow/tfjs-node\`, read the two files and use \`tf.io.fromMemory\`:

\`\`\`js
const fs = require('fs');
const tf = require('@tensorflow/tfjs');
const model = JSON.parse(fs.readFileSync('model.json', 'utf8'));
const bytes = fs.readFileSync('weights.bin');
const generator = await tf.loadLayersModel(tf.io.fromMemory({
  modelTopology: model.modelTopology,
  weightSpecs: model.weightsManifest[0].weights,
  weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
}));
\`\`\`
`;
}

/** Writes model.json, weights.bin, generator.json (metadata) and README.md into `outDir`. */
export async function exportGenerator(g: RunGenerator, outDir: string): Promise<ExportedGenerator> {
  makeDirs(outDir);
  await g.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      fs.writeFileSync(path.join(outDir, 'weights.bin'), Buffer.from(joined(artifacts.weightData)));
      fs.writeFileSync(
        path.join(outDir, 'model.json'),
        JSON.stringify({
          format: 'layers-model',
          generatedBy: 'GAN Studio',
          convertedBy: null,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
        }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const metadata = {
    name: g.name,
    step: g.step,
    network: g.network,
    latent: {
      dim: g.latent.dim,
      distribution: g.latent.distribution,
      ...(g.latent.distribution === 'uniform' ? { range: [-1, 1] } : { mean: 0, std: 1 }),
    },
    outputShape: g.outputShape,
    outputRange: [-1, 1],
  };
  fs.writeFileSync(path.join(outDir, 'generator.json'), JSON.stringify(metadata, null, 2) + '\n');
  fs.writeFileSync(path.join(outDir, 'README.md'), readme(g));
  return { dir: outDir, files: ['model.json', 'weights.bin', 'generator.json', 'README.md'] };
}
