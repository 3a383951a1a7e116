// The own-data benchmark: a folder of 60,000 images of 64x64 RGB (made here from the shipped MNIST
// digits, tinted six ways and resized), decoded into the cache, then a DCGAN trained on it
// streamed from the cache and on the same data held in memory. Prints the first epoch's decode
// rate, each run's steps/s and peak resident memory, and the streamed / in-memory ratio.
// `npm run bench:data [-- --steps N] [-- --images N]`
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const STEPS = arg('steps', 60);
const IMAGES = arg('images', 60_000);
const WORK = path.join(os.tmpdir(), 'gan-studio-bench-data');
const FOLDER = path.join(WORK, `digits-64-${IMAGES}`);

const TINTS: Array<[number, number, number]> = [
  [255, 80, 80],
  [80, 200, 255],
  [255, 220, 60],
  [120, 255, 120],
  [220, 120, 255],
  [255, 255, 255],
];

async function makeImages(): Promise<void> {
  if (fs.existsSync(FOLDER) && fs.readdirSync(FOLDER).length === IMAGES) return;
  fs.rmSync(FOLDER, { recursive: true, force: true });
  fs.mkdirSync(FOLDER, { recursive: true });
  const sharp = (await import('sharp')).default;
  const digitsDir = path.join(path.dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const digits: Float32Array[] = [];
  for (let d = 0; d < 10; d++) {
    const v = JSON.parse(fs.readFileSync(path.join(digitsDir, `${d}.json`), 'utf8')).data as number[];
    for (let o = 0; o + 784 <= v.length; o += 784) digits.push(Float32Array.from(v.slice(o, o + 784)));
  }
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < IMAGES; i = next++) {
      const digit = digits[i % digits.length];
      const [r, g, b] = TINTS[Math.floor(i / digits.length) % TINTS.length];
      const rgb = Buffer.alloc(28 * 28 * 3);
      for (let p = 0; p < 784; p++) {
        rgb[p * 3] = digit[p] * r;
        rgb[p * 3 + 1] = digit[p] * g;
        rgb[p * 3 + 2] = digit[p] * b;
      }
      await sharp(rgb, { raw: { width: 28, height: 28, channels: 3 } })
        .resize(64, 64)
        .png()
        .toFile(path.join(FOLDER, `img-${String(i).padStart(5, '0')}.png`));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  console.log(`made ${IMAGES} images of 64x64 RGB in ${((Date.now() - started) / 1000).toFixed(0)} s: ${FOLDER}`);
}

function writeExperiment(): string {
  const file = path.join(WORK, 'digits-64.gan.json');
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        name: 'digits-64',
        seed: 1,
        data: { source: 'images', path: path.basename(FOLDER), width: 64, height: 64, channels: 3 },
        latent: { dim: 64 },
        generator: {
          layers: [
            { type: 'dense', units: 4 * 4 * 64 },
            { type: 'leakyReLU', alpha: 0.2 },
            { type: 'reshape', targetShape: [4, 4, 64] },
            { type: 'conv2dTranspose', filters: 32, kernelSize: 4, strides: 2, padding: 'same' },
            { type: 'leakyReLU', alpha: 0.2 },
            { type: 'conv2dTranspose', filters: 16, kernelSize: 4, strides: 2, padding: 'same' },
            { type: 'leakyReLU', alpha: 0.2 },
            { type: 'conv2dTranspose', filters: 8, kernelSize: 4, strides: 2, padding: 'same' },
            { type: 'leakyReLU', alpha: 0.2 },
            { type: 'conv2dTranspose', filters: 3, kernelSize: 4, strides: 2, padding: 'same', activation: 'tanh' },
          ],
        },
        discriminator: {
          layers: [
            { type: 'conv2d', filters: 16, kernelSize: 4, strides: 2, padding: 'same' },
            { type: 'leakyReLU', alpha: 0.2 },
            { type: 'conv2d', filters: 32, kernelSize: 4, strides: 2, padding: 'same' },
            { type: 'leakyReLU', alpha: 0.2 },
            { type: 'conv2d', filters: 64, kernelSize: 4, strides: 2, padding: 'same' },
            { type: 'leakyReLU', alpha: 0.2 },
            { type: 'flatten' },
            { type: 'dense', units: 1 },
          ],
        },
        training: { steps: STEPS, batchSize: 64 },
        log: { every: 10 },
        samples: { every: 100000, count: 16, evaluationCount: 100 },
        checkpoint: { every: 100000 },
      },
      null,
      2,
    ),
  );
  return file;
}

/** The run script bundled as the trainer is (dist/, beside the wasm binaries), so memory and speed
 * are the shipped code's, not a TypeScript loader's. */
async function bundleRunner(): Promise<string> {
  const esbuild = await import('esbuild');
  const out = path.join(ROOT, 'dist', 'benchDataRun.js');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'scripts', 'benchDataRun.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    minify: true,
    external: ['sharp', '@tensorflow/tfjs-node'],
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  return out;
}

let runner = '';
function run(mode: string, file: string): Record<string, number> {
  const out = execFileSync(process.execPath, [runner, mode, file, String(STEPS)], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

(async () => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'wasm')))
    execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js')], { cwd: ROOT, stdio: 'inherit' });
  runner = await bundleRunner();
  await makeImages();
  const file = writeExperiment();
  const clearCache = () => fs.rmSync(path.join(WORK, '.gan-runs', '.cache'), { recursive: true, force: true });
  clearCache();
  const decode = run('decode', file);
  console.log(
    `first epoch alone: decoded ${decode.images} images in ${decode.seconds.toFixed(1)} s = ${decode.imagesPerSecond.toFixed(0)} images/s (peak RSS ${decode.maxRssMB.toFixed(0)} MB)`,
  );
  clearCache();
  const cold = run('stream', file);
  console.log(
    `training with an empty cache (decoding beside the steps): ${cold.stepsPerSecond.toFixed(2)} steps/s (peak RSS ${cold.maxRssMB.toFixed(0)} MB)`,
  );
  const pairs: Array<[Record<string, number>, Record<string, number>]> = [];
  for (let i = 0; i < 2; i++) {
    const stream = run('stream', file);
    const memory = run('memory', file);
    console.log(
      `pair ${i + 1}: streamed ${stream.stepsPerSecond.toFixed(2)} steps/s (peak RSS ${stream.maxRssMB.toFixed(0)} MB); in memory ${memory.stepsPerSecond.toFixed(2)} steps/s (peak RSS ${memory.maxRssMB.toFixed(0)} MB)`,
    );
    pairs.push([stream, memory]);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(pairs.map((p) => p[0].stepsPerSecond)) / mean(pairs.map((p) => p[1].stepsPerSecond));
  const peak = Math.max(cold.maxRssMB, ...pairs.map((p) => p[0].maxRssMB));
  const memoryPeak = Math.max(...pairs.map((p) => p[1].maxRssMB));
  console.log(`\n${IMAGES} images of 64x64 RGB, DCGAN, batch 64, ${STEPS} steps, wasm`);
  console.log(
    `streamed / in memory: ${ratio.toFixed(3)} (target >= 0.9); with an empty cache / in memory: ${(cold.stepsPerSecond / mean(pairs.map((p) => p[1].stepsPerSecond))).toFixed(3)}`,
  );
  console.log(
    `trainer peak RSS: streamed ${peak.toFixed(0)} MB (target < 512 MB), in memory ${memoryPeak.toFixed(0)} MB; first-epoch decode ${decode.imagesPerSecond.toFixed(0)} images/s`,
  );
  // Where the streamed peak comes from: the wasm heap (tensors, kernels' scratch), other buffers
  // outside the JS heap (the wasm heap included), the JS heap.
  const parts = (r: Record<string, number>) =>
    `wasm heap ${r.wasmHeapMB.toFixed(0)} MB, buffers ${r.externalMB.toFixed(0)} MB, JS heap ${r.heapMB.toFixed(0)} MB`;
  console.log(`streamed with an empty cache: ${parts(cold)}; streamed from the cache: ${parts(pairs[0][0])}`);
})().catch((e) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
