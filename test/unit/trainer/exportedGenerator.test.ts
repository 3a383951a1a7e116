// An exported generator as its users meet it: this file imports nothing of the project. It trains
// through the built command line, exports, then loads the folder with plain TensorFlow.js's
// tf.loadLayersModel over HTTP (as a browser does) and checks it makes the samples that
// `gan-studio generate` made from the same latent vectors.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import sharp from 'sharp';

const ROOT = path.join(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'gan-studio.js');

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Serves `dir` on 127.0.0.1, as a user serves an exported model to a page. */
async function serve(dir: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(decodeURIComponent(new URL(req.url!, 'http://x').pathname)));
    if (!fs.existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

const csvRows = (file: string): number[][] =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number));

const dense = {
  name: 'points',
  seed: 5,
  data: { source: 'ring', modes: 4, radius: 1, std: 0.05 },
  latent: { dim: 3, distribution: 'uniform' },
  generator: {
    layers: [
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dropout', rate: 0.1 },
      { type: 'dense', units: 2 },
    ],
  },
  discriminator: {
    layers: [
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dense', units: 1 },
    ],
  },
  training: { steps: 40, batchSize: 16, generatorAverage: 0.9 },
  log: { every: 10 },
  samples: { every: 20, count: 16, evaluationCount: 100 },
  checkpoint: { every: 20 },
};

const conv = {
  name: 'digits',
  seed: 2,
  data: { source: 'mnist', digits: [1, 7], limit: 256 },
  latent: { dim: 8 },
  generator: {
    layers: [
      { type: 'dense', units: 196 },
      { type: 'leakyReLU', alpha: 0.2 },
      { type: 'reshape', targetShape: [7, 7, 4] },
      { type: 'batchNormalization' },
      { type: 'conv2dTranspose', filters: 4, kernelSize: 4, strides: 2, padding: 'same' },
      { type: 'leakyReLU', alpha: 0.2 },
      { type: 'conv2dTranspose', filters: 1, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' },
    ],
  },
  discriminator: {
    layers: [
      { type: 'conv2d', filters: 4, kernelSize: 4, strides: 2, padding: 'same' },
      { type: 'leakyReLU', alpha: 0.2 },
      { type: 'flatten' },
      { type: 'dense', units: 1 },
    ],
  },
  training: { steps: 6, batchSize: 16 },
  log: { every: 2 },
  samples: { every: 6, count: 4, evaluationCount: 100 },
  checkpoint: { every: 6 },
};

describe('an exported generator, loaded with plain TensorFlow.js', function () {
  this.timeout(180_000);
  let dir: string;
  before(async () => {
    await tf.setBackend('cpu');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-export-'));
  });

  async function trainAndExport(experiment: object) {
    const name = (experiment as { name: string }).name;
    const file = path.join(dir, `${name}.gan.json`);
    fs.writeFileSync(file, JSON.stringify(experiment));
    const run = path.join(dir, `${name}-run`);
    const trained = await cli(['train', file, '--out', run, '--backend', 'wasm']);
    assert.strictEqual(trained.code, 0, trained.stderr);
    const exported = await cli(['export', run, '--out', path.join(dir, `${name}-export`)]);
    assert.strictEqual(exported.code, 0, exported.stderr);
    // On the backend this test loads the export with, so the numbers can be compared exactly.
    const generated = await cli([
      'generate',
      run,
      '--out',
      path.join(dir, `${name}-samples`),
      '--count',
      '6',
      '--seed',
      '9',
      '--backend',
      'cpu',
    ]);
    assert.strictEqual(generated.code, 0, generated.stderr);
    const served = await serve(path.join(dir, `${name}-export`));
    try {
      const model = await tfl.loadLayersModel(`${served.url}/model.json`);
      const meta = JSON.parse(fs.readFileSync(path.join(dir, `${name}-export`, 'generator.json'), 'utf8'));
      const latents = csvRows(path.join(dir, `${name}-samples`, 'latents.csv'));
      assert.strictEqual(latents[0].length, meta.latent.dim);
      const out = tf.tidy(() => model.predict(tf.tensor2d(latents)) as tf.Tensor);
      assert.deepStrictEqual(out.shape.slice(1), meta.outputShape);
      const values = Array.from(out.dataSync());
      out.dispose();
      model.dispose();
      return { values, meta, samples: path.join(dir, `${name}-samples`) };
    } finally {
      served.close();
    }
  }

  it('makes exactly the samples of `gan-studio generate` for the same latents (vectors)', async () => {
    const { values, meta, samples } = await trainAndExport(dense);
    assert.deepStrictEqual(meta.latent, { dim: 3, distribution: 'uniform', range: [-1, 1] });
    assert.strictEqual(meta.network, 'generatorAverage', 'the average is what the run showed');
    const expected = csvRows(path.join(samples, 'samples.csv')).flat();
    assert.deepStrictEqual(
      values.map((v) => Math.fround(v)),
      expected.map((v) => Math.fround(v)),
    );
  });

  it('makes the images of `gan-studio generate` for the same latents (a DCGAN with batch norm)', async () => {
    const { values, meta, samples } = await trainAndExport(conv);
    assert.deepStrictEqual(meta.outputShape, [28, 28, 1]);
    const files = fs
      .readdirSync(samples)
      .filter((f) => /^sample-\d+\.png$/.test(f))
      .sort();
    assert.strictEqual(files.length, 6);
    for (const [i, f] of files.entries()) {
      const png = sharp(path.join(samples, f));
      const header = await png.metadata();
      assert.deepStrictEqual([header.height, header.width, header.channels], [28, 28, 1], 'a grayscale 28x28 PNG');
      const data = await png.extractChannel(0).raw().toBuffer();
      const mine = values
        .slice(i * 784, (i + 1) * 784)
        .map((v) => Math.max(0, Math.min(255, Math.round((v + 1) * 127.5))));
      const worst = Math.max(...mine.map((p, k) => Math.abs(p - data[k])));
      assert.strictEqual(worst, 0, `${f}: pixels differ by up to ${worst}`);
    }
  });
});
