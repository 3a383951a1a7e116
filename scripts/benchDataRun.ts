// One run of the data benchmark, in a process of its own so its peak memory is its own:
// `node dist/benchDataRun.js decode|stream|memory EXPERIMENT_FILE STEPS` (benchData.ts bundles it
// into dist/ first). Prints one JSON line.
import * as fs from 'fs';
import * as path from 'path';
import { selectBackend } from '../src/core/backend/selectBackend';
import { openDataset } from '../src/core/data/createDataset';
import type { Dataset } from '../src/core/data/dataset';
import { SeededRandom } from '../src/core/random';
import { dataCacheDirFor } from '../src/core/run/runFolder';
import { runTraining } from '../src/core/training/runTraining';
import { loadExperiment } from '../src/trainer/loadExperiment';

const [mode, file, stepsArg] = process.argv.slice(2);

/** The largest of each part of the process's memory, sampled while it runs: where a peak comes from. */
const peaks = { heapMB: 0, externalMB: 0, wasmHeapMB: 0 };
function sampleMemory(): void {
  const m = process.memoryUsage();
  peaks.heapMB = Math.max(peaks.heapMB, m.heapUsed / 2 ** 20);
  peaks.externalMB = Math.max(peaks.externalMB, m.external / 2 ** 20);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the wasm backend's module, not in its types
  const wasm = (globalThis as any).__ganStudioWasmBackend?.wasm;
  if (wasm?.HEAPU8) peaks.wasmHeapMB = Math.max(peaks.wasmHeapMB, wasm.HEAPU8.length / 2 ** 20);
}
setInterval(sampleMemory, 100).unref();

async function main() {
  const loaded = loadExperiment(file, { steps: Number(stepsArg) });
  if (!loaded.ok) throw new Error(loaded.message);
  const exp = loaded.experiment;
  const options = { baseDir: path.dirname(path.resolve(file)), cacheRoot: dataCacheDirFor(file) };
  if (mode === 'decode') {
    // The first epoch's decoding, alone: every image through the decoder into the cache.
    const started = performance.now();
    const d = await openDataset(exp.data, exp.seed, options);
    const n = d.size!;
    await d.prefetch!(n);
    const seconds = (performance.now() - started) / 1000;
    d.dispose?.();
    return { mode, images: n, seconds, imagesPerSecond: n / seconds };
  }
  const backend = await selectBackend('wasm', { wasmDir: path.join(__dirname, 'wasm') });
  (globalThis as Record<string, unknown>).__ganStudioWasmBackend = (await import('@tensorflow/tfjs-core')).backend();
  const runDir = fs.mkdtempSync(path.join(path.dirname(path.resolve(file)), '.gan-runs', 'bench-'));
  let inMemory: (() => Promise<Dataset>) | undefined;
  if (mode === 'memory') {
    // The same samples, decoded, all held in memory as bytes, drawn in a seeded order.
    const source = await openDataset(exp.data, exp.seed, options);
    const n = source.size!;
    const size = source.sampleSize;
    await source.prefetch!(n);
    const bytes = new Uint8Array(n * size);
    const chunk = new Float32Array(1000 * size);
    for (let at = 0; at < n; at += 1000) {
      const m = Math.min(1000, n - at);
      source.sampleBatch(m, chunk);
      for (let k = 0; k < m * size; k++) bytes[at * size + k] = Math.round((chunk[k] + 1) * 127.5);
    }
    source.dispose?.();
    const rng = new SeededRandom(exp.seed);
    const memory: Dataset = {
      sampleShape: source.sampleShape,
      sampleSize: size,
      kind: 'images',
      size: n,
      sampleBatch(batch, out) {
        for (let b = 0; b < batch; b++) {
          const i = rng.int(n);
          for (let k = 0; k < size; k++) out[b * size + k] = bytes[i * size + k] / 127.5 - 1;
        }
      },
    };
    inMemory = async () => memory;
  }
  const summary = await runTraining({ experiment: exp, runDir, backend, dataset: options, openDataset: inMemory });
  fs.rmSync(runDir, { recursive: true, force: true });
  if (summary.status !== 'completed') throw new Error(summary.error);
  return { mode, steps: summary.steps, stepsPerSecond: summary.stepsPerSecond, wallSeconds: summary.wallSeconds };
}

main().then(
  (r) => {
    sampleMemory();
    console.log(JSON.stringify({ ...r, ...peaks, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  },
  (e) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
