// Starts TensorFlow.js's threaded WebAssembly build in Node, which its own init never does there
// (WASM_HAS_MULTITHREAD_SUPPORT is forced false in Node, tfjs issue 3830) and could not: it hands
// Emscripten Blob URLs for the worker and main scripts, which Node's worker_threads cannot load.
// Here both are files, the thread count is ours (the C++ side caps it at the logical cores / 2,
// which is 1 on a 2-vCPU machine), and the workers do not hold the process open.
// Runs in the trainer process; no VS Code API.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';

export const THREADED_GLUE = 'tfjs-backend-wasm-threaded-simd.js';
export const THREADED_WORKER = 'tfjs-backend-wasm-threaded-simd.worker.js';
const THREADED_BINARY = 'tfjs-backend-wasm-threaded-simd.wasm';

/** The most threads asked for: the build pre-creates 8 workers, its pool's limit. */
export const MAX_THREADS = 8;

/**
 * The thread count `auto` means: two where there are two logical processors or more. Measured on
 * 2-vCPU machines, a second thread halves XNNPACK's convolutions while the other vCPU is idle
 * (`npm run bench`); more than 4 rarely pays for a batch of 64.
 */
export function autoThreads(logicalCores = os.cpus().length): number {
  return Math.max(1, Math.min(4, logicalCores));
}

/** Node's WebAssembly global (the DOM library that types it is not in this project's). */
const webAssembly = (
  globalThis as unknown as {
    WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object; module: object }> };
  }
).WebAssembly;

/** The subset of an Emscripten module the backend needs. */
interface EmscriptenModule {
  cwrap(name: string, returns: string | null, args: string[]): (...a: number[]) => number;
  PThread?: { runningWorkers: Array<{ unref?: () => void }>; unusedWorkers: Array<{ unref?: () => void }> };
  tfjs?: Record<string, unknown>;
}

/** The threaded build's files: the glue script and binary beside the other binaries, or in the
 * package's wasm-out folder; the worker script written out where the package ships it as a string. */
export function threadedFiles(wasmDir: string): { glue: string; worker: string; binary: string } {
  let pkg: string | undefined;
  try {
    pkg = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  } catch {
    /* inside the extension's bundle: its build put the files beside the binaries */
  }
  const pick = (name: string) =>
    [path.join(wasmDir, name), pkg && path.join(pkg, 'wasm-out', name)].find((f) => f && fs.existsSync(f));
  const glue = pick(THREADED_GLUE);
  const binary = pick(THREADED_BINARY);
  if (!glue || !binary) throw new Error(`the threaded WebAssembly build (${THREADED_GLUE}) was not found`);
  let worker = path.join(wasmDir, THREADED_WORKER);
  if (!isWorkerScript(worker)) {
    if (!pkg) throw new Error(`the threaded WebAssembly build's worker (${THREADED_WORKER}) was not found`);
    // From the sources, the package's worker file is a module exporting the script as a string.
    worker = path.join(os.tmpdir(), `gan-studio-${fs.statSync(glue).size}-${THREADED_WORKER}`);
    if (!isWorkerScript(worker)) fs.writeFileSync(worker, workerScript(path.join(pkg, 'wasm-out', THREADED_WORKER)));
  }
  return { glue, worker, binary };
}

/** The worker script from the package's module of it (newlines escaped inside its strings, as
 * TensorFlow.js's own init does before making a Blob of it). */
export function workerScript(packagedWorker: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file of the wasm package, by path
  const contents = (require(packagedWorker) as { wasmWorkerContents: string }).wasmWorkerContents;
  return contents.replace(/\n/g, '\\n');
}

const isWorkerScript = (file: string) =>
  fs.existsSync(file) && !fs.readFileSync(file, 'utf8').startsWith('module.exports');

/**
 * Builds the threaded module with `threads` threads and registers it as the 'wasm' backend. Throws
 * (leaving the one-thread backend registered) when the threaded start fails.
 */
export async function registerThreadedWasm(threads: number, wasmDir: string, auto = false): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const files = threadedFiles(wasmDir);
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- Emscripten's glue, by path
  const factory = require(files.glue) as (config: object) => Promise<EmscriptenModule>;
  // The pool's workers are unref'd as they load, so nothing else keeps the process alive while
  // the module starts.
  const keepAlive = setInterval(() => undefined, 1000);
  // The glue adds process handlers that rethrow every uncaught error from inside its minified
  // source (printing a whole line of it): the trainer reports its own errors.
  const before = {
    uncaughtException: process.listeners('uncaughtException'),
    unhandledRejection: process.listeners('unhandledRejection'),
  };
  let module: EmscriptenModule;
  try {
    module = await withTimeout(
      factory({
        locateFile: (file: string) => (file.endsWith('.worker.js') ? files.worker : path.join(wasmDir, file)),
        mainScriptUrlOrBlob: files.glue,
        instantiateWasm: (imports: { env: Record<string, unknown> }, receive: (i: object, m: object) => void) => {
          // The C++ side sizes its pool as min(asked, logical cores / 2): say there are enough.
          imports.env.emscripten_num_logical_cores = () => 2 * threads;
          webAssembly.instantiate(fs.readFileSync(files.binary), imports).then((r) => receive(r.instance, r.module));
          return {};
        },
        print: () => undefined,
        printErr: () => undefined,
      }),
      30_000,
    );
  } finally {
    clearInterval(keepAlive);
    for (const event of ['uncaughtException', 'unhandledRejection'] as const)
      for (const listener of process.listeners(event as 'uncaughtException'))
        if (!(before[event] as unknown[]).includes(listener))
          process.removeListener(event as 'uncaughtException', listener);
  }
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  wasm.setThreadsCount(threads);
  const backend = new wasm.BackendWasm(module as never);
  // The pool's threads wait on the shared memory, not on Node's event loop: let the process end.
  const unrefWorkers = () => {
    for (const w of [...(module.PThread?.runningWorkers ?? []), ...(module.PThread?.unusedWorkers ?? [])]) w.unref?.();
  };
  unrefWorkers();
  const initWithThreadsCount = module.tfjs.initWithThreadsCount as (n: number) => void;
  control = {
    threads,
    auto,
    current: threads,
    // A new pool each time (the old one's threads idle on): XNNPACK takes the pool per call, so
    // operators made before keep working. Switches are few (ThreadTuner makes at most two).
    set(n: number) {
      if (n === this.current) return;
      initWithThreadsCount(n);
      this.current = n;
      unrefWorkers();
    },
  };
  // (Not findBackend: it would start the one-thread module first.)
  if ('wasm' in (tf.engine() as unknown as { registryFactory: object }).registryFactory) tf.removeBackend('wasm');
  tf.registerBackend('wasm', () => backend, 2);
}

/** Switches the threaded backend's thread count while it runs (results do not depend on it:
 * XNNPACK splits the work by output tiles, each summed in the same order). */
export interface ThreadControl {
  /** The count it was started with. */
  readonly threads: number;
  /** Asked for as 'auto': the run may choose fewer by timing its steps. */
  readonly auto: boolean;
  current: number;
  set(n: number): void;
}
let control: ThreadControl | undefined;

/** The running threaded backend's control; undefined on one thread. */
export function wasmThreadControl(): ThreadControl | undefined {
  return control;
}

/** The threads the running wasm backend has (1 for the one-thread build). */
export async function wasmThreadCount(): Promise<number> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return Math.max(1, wasm.getThreadsCount());
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the threaded WebAssembly build did not start in ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
