// Chooses and starts the TensorFlow.js backend: native TensorFlow when `@tensorflow/tfjs-node`
// loads, else WebAssembly, else plain JavaScript; and adds the kernels those backends lack.
// Runs in the trainer process; no VS Code API.
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
// Registers the gradient of every op, which training needs on any backend: tfjs-core registers
// them only from an ES module of its own, which the CommonJS build never loads; tfjs-layers does.
import '@tensorflow/tfjs-layers';
import {
  adamUpdateConfig,
  leakyReluConfig,
  leakyReluGradConfig,
  registerLeakyReluGradient,
  sharedIdentityConfig,
} from './fusedKernels';
import { wasmConvFilterGradConfig, wasmConvInputGradConfig } from './convolutionGradients';
import { conv2dBackpropFilterConfig, conv2dBackpropInputConfig } from './im2colKernels';
import { instantiateElementwise } from './elementwiseKernels';
import { instantiateGemm } from './gemmKernels';
import { wasmMatMulConfig } from './matMulOrientation';
import { wasmTanhConfig } from './tanhKernel';
import {
  wasmAdamUpdateConfig,
  wasmLeadingSumConfig,
  wasmLeakyReluConfig,
  wasmLeakyReluGradConfig,
  wasmTanhSimdConfig,
} from './wasmFusedKernels';
import { autoThreads, MAX_THREADS, registerThreadedWasm, wasmThreadControl } from './wasmThreads';

import { BACKEND_NAMES, NOT_INSTALLED, type BackendName, type BackendRequest } from './backendNames';

export { BACKEND_NAMES, type BackendName, type BackendRequest };

export interface BackendChoice {
  name: BackendName;
  /** One line for people: which backend, and why the better ones were passed over. */
  description: string;
  /** Why each backend tried before this one could not be used. */
  skipped: Array<{ name: BackendName; reason: string }>;
}

export interface BackendOptions {
  /** Where `@tensorflow/tfjs-node` is installed, when not in node_modules (e.g. global storage). */
  tfjsNodePath?: string;
  /** Folder holding the `tfjs-backend-wasm*.wasm` files. */
  wasmDir?: string;
  /** WebAssembly threads: a count, or 'auto' (the default: see autoThreads). */
  threads?: number | 'auto';
}

function findWasmDir(explicit?: string): string {
  const candidates = [explicit, path.join(__dirname, 'wasm'), path.join(__dirname, '..', 'dist', 'wasm')];
  try {
    candidates.push(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')));
  } catch {
    /* not resolvable from a bundle: the folders beside it are tried */
  }
  for (const dir of candidates) if (dir && fs.existsSync(path.join(dir, 'tfjs-backend-wasm-simd.wasm'))) return dir;
  throw new Error('The WebAssembly binaries (tfjs-backend-wasm*.wasm) were not found.');
}

async function startTensorflow(options: BackendOptions): Promise<void> {
  const target = options.tfjsNodePath
    ? path.join(options.tfjsNodePath, 'node_modules', '@tensorflow', 'tfjs-node')
    : '@tensorflow/tfjs-node';
  // Run-time requires of computed names: the bundler leaves them alone, as an optional native
  // module must be. "Not installed" and "installed but its native library would not load" are
  // different problems with different remedies, so they are told apart here.
  const resolve = require.resolve;
  try {
    resolve(`${target}/package.json`);
  } catch {
    throw new Error(NOT_INSTALLED);
  }
  try {
    // Loading it registers the 'tensorflow' backend on the engine shared through globalThis.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an optional native module, by a computed name
    require(target);
  } catch (err) {
    throw new Error(`installed, but it failed to load: ${firstLine(err)}`, { cause: err });
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error('tfjs-node loaded but its backend did not start');
}

/** Kernels are registered per process, once: a second start must not wrap the wrapper. */
let wasmPatched = false;

/** The threads the wasm backend was started with, and why not more when a threaded start failed. */
let wasmThreads: { count: number; failure?: string } | undefined;

async function startWasm(options: BackendOptions): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dir = findWasmDir(options.wasmDir);
  wasm.setWasmPaths(dir + path.sep);
  const auto = options.threads === undefined || options.threads === 'auto';
  const wanted = auto ? autoThreads() : (options.threads as number);
  const threads = Math.max(1, Math.min(MAX_THREADS, Math.floor(wanted)));
  // One module per process: a second start keeps the first one's threads.
  if (!wasmThreads) {
    wasmThreads = { count: 1 };
    if (threads > 1) {
      try {
        await registerThreadedWasm(threads, dir, auto);
        wasmThreads = { count: threads };
      } catch (err) {
        wasmThreads = { count: 1, failure: firstLine(err) };
      }
    }
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('the WebAssembly module did not start');
  if (wasmPatched) return;
  wasmPatched = true;
  const heap = wasmHeap();
  const gemm = heap && ownKernels(() => instantiateGemm(heap));
  const matMul = tf.getKernel('BatchMatMul', 'wasm');
  if (matMul) replaceKernel(wasmMatMulConfig(matMul, gemm));
  // XNNPACK convolutions where they win, im2col where they do not.
  replaceKernel(wasmConvFilterGradConfig(conv2dBackpropFilterConfig('wasm')));
  replaceKernel(wasmConvInputGradConfig(conv2dBackpropInputConfig('wasm')));
  const identity = tf.getKernel('Identity', 'wasm');
  if (identity) replaceKernel(sharedIdentityConfig('wasm', identity));
  const elementwise = heap && ownKernels(() => instantiateElementwise(heap));
  if (elementwise) {
    replaceKernel(wasmTanhSimdConfig(elementwise));
    replaceKernel(wasmLeakyReluConfig(elementwise));
    replaceKernel(wasmAdamUpdateConfig(elementwise));
    replaceKernel(wasmLeakyReluGradConfig(elementwise));
    const sum = tf.getKernel('Sum', 'wasm');
    if (sum) replaceKernel(wasmLeadingSumConfig(elementwise, sum));
  } else {
    replaceKernel(wasmTanhConfig());
    replaceKernel(leakyReluConfig('wasm'));
    replaceKernel(adamUpdateConfig('wasm'));
    replaceKernel(leakyReluGradConfig('wasm'));
  }
  registerLeakyReluGradient();
}

/** Why the wasm backend runs on TensorFlow.js's kernels alone, when ours could not start. */
let ownKernelFailure: string | undefined;

/** The wasm backend's heap, which our kernels (gemmKernels.ts, elementwiseKernels.ts) work in. */
function wasmHeap(): WebAssembly.Memory | undefined {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Emscripten module's exports are untyped
  const module = (tf.backend() as any).wasm;
  const memory = module?.asm?.memory ?? module?.wasmMemory;
  if (memory instanceof WebAssembly.Memory) return memory;
  ownKernelFailure = 'the wasm heap is not reachable';
  return undefined;
}

/** Our kernels, or undefined (and the reason kept) if the engine refuses their module. */
function ownKernels<T>(instantiate: () => T): T | undefined {
  try {
    return instantiate();
  } catch (err) {
    ownKernelFailure = firstLine(err);
    return undefined;
  }
}

async function startCpu(): Promise<void> {
  await import('@tensorflow/tfjs-backend-cpu');
  tf.enableProdMode(); // silences the banner that suggests tfjs-node: we already say which backend runs
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not start');
  replaceKernel(conv2dBackpropFilterConfig('cpu'));
  replaceKernel(conv2dBackpropInputConfig('cpu'));
  replaceKernel(leakyReluConfig('cpu'));
  replaceKernel(adamUpdateConfig('cpu'));
  replaceKernel(leakyReluGradConfig('cpu'));
  registerLeakyReluGradient();
}

/** TensorFlow.js's own kernels that ours replaced, by backend and name (for `npm run bench:kernels`). */
const replaced = new Map<string, tf.KernelConfig>();

function replaceKernel(config: tf.KernelConfig): void {
  const original = tf.getKernel(config.kernelName, config.backendName);
  if (original) {
    const key = `${config.backendName}/${config.kernelName}`;
    if (!replaced.has(key)) replaced.set(key, original);
    tf.unregisterKernel(config.kernelName, config.backendName);
  }
  tf.registerKernel(config);
}

/** The kernel TensorFlow.js registered under this name, before ours replaced it. */
export function originalKernel(kernelName: string, backendName: BackendName): tf.KernelConfig | undefined {
  return replaced.get(`${backendName}/${kernelName}`) ?? tf.getKernel(kernelName, backendName);
}

const starters: Record<BackendName, (o: BackendOptions) => Promise<void>> = {
  tensorflow: startTensorflow,
  wasm: startWasm,
  cpu: startCpu,
};

const describe: Record<BackendName, () => string> = {
  tensorflow: () => 'tensorflow (native TensorFlow through @tensorflow/tfjs-node)',
  wasm: () => {
    const t = wasmThreads ?? { count: 1 };
    const threads =
      t.count === 1
        ? 'one thread'
        : wasmThreadControl()?.auto
          ? `up to ${t.count} threads, as many as its first steps run fastest on`
          : `${t.count} threads`;
    const failures = [
      t.failure && `the threaded build did not start: ${t.failure}`,
      ownKernelFailure && `TensorFlow.js's own kernels: ${ownKernelFailure}`,
    ].filter(Boolean);
    return `wasm (WebAssembly with SIMD, ${threads}${failures.length ? `: ${failures.join('; ')}` : ''})`;
  },
  cpu: () => 'cpu (plain JavaScript, slowest)',
};

/**
 * Starts the requested backend, or with 'auto' the best one that loads. A forced backend that
 * cannot start is an error; 'auto' records why it passed over the others.
 */
export async function selectBackend(request: BackendRequest, options: BackendOptions = {}): Promise<BackendChoice> {
  const order = request === 'auto' ? BACKEND_NAMES : [request];
  const skipped: BackendChoice['skipped'] = [];
  for (const name of order) {
    try {
      await starters[name](options);
      const why = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
      return { name, skipped, description: describe[name]() + (why ? ` — not used: ${why}` : '') };
    } catch (err) {
      const reason = firstLine(err);
      if (request !== 'auto') throw new Error(`Backend ${name} could not start: ${reason}`, { cause: err });
      skipped.push({ name, reason });
    }
  }
  throw new Error(`No TensorFlow.js backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
