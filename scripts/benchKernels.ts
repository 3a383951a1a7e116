// `npm run bench:kernels`: on wasm, one thread,
// - the matrix products of the reference models' training steps (batch 64), our kernels
//   (src/core/backend/gemmKernels.ts) against XNNPACK's through TensorFlow.js's BatchMatMul, in
//   milliseconds per call and GFLOP/s, with a new right operand each call as in training;
// - the convolution gradients on the DCGAN's shapes, XNNPACK convolutions against im2col/col2im
//   (whose products are ours), and what the backend uses for each. The threshold in
//   src/core/backend/convolutionGradients.ts (MIN_CHANNELS) comes from these rows.
import * as tf from '@tensorflow/tfjs-core';
import { instantiateGemm } from '../src/core/backend/gemmKernels';
import { originalKernel, selectBackend } from '../src/core/backend/selectBackend';
import { wasmConvFilterGradConfig, wasmConvInputGradConfig } from '../src/core/backend/convolutionGradients';
import { conv2dBackpropFilterConfig, conv2dBackpropInputConfig } from '../src/core/backend/im2colKernels';

interface Shape {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
}
const SHAPES: Shape[] = [
  // The generator's transposed convolutions have the same shapes, the other way round: their
  // forward pass is this input gradient, their input gradient a forward convolution.
  { name: 'D conv 1, G deconv 2 (28x28x1, 14x14x32)', x: [64, 28, 28, 1], filter: [4, 4, 1, 32], stride: 2 },
  { name: 'D conv 2, G deconv 1 (14x14x32, 7x7x64)', x: [64, 14, 14, 32], filter: [4, 4, 32, 64], stride: 2 },
];

/** A fallback that throws: the XNNPACK path alone, or an error where it would hand over. */
const refuse = (kernelName: string): tf.KernelConfig => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: () => {
    throw new Error('falls back');
  },
});

function time(fn: () => tf.TensorInfo, backend: tf.KernelBackend, repeat: number): number {
  const once = () => backend.disposeData(fn().dataId);
  once(); // the first call creates XNNPACK operators and caches
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) once();
  return (performance.now() - t0) / repeat;
}

/** [m, k, n, transposeA]: seed-dense's forward products, weight gradients (x^T dy) and the
 * dcgan generator's first layer. */
const PRODUCTS: Array<[number, number, number, boolean]> = [
  [64, 100, 128, false],
  [64, 784, 128, false],
  [64, 64, 784, false],
  [784, 64, 128, true],
  [128, 64, 64, true],
  [64, 100, 3136, false],
];

/** Our kernels against the stock BatchMatMul, each on a fresh right operand per call. */
function benchProducts(repeat: number) {
  const backend = tf.backend() as tf.KernelBackend & { getMemoryOffset(id: object): number };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Emscripten module's exports
  const gemm = instantiateGemm((backend as any).wasm.asm.memory);
  console.log('product (m x k x n)'.padEnd(28) + '   ours ms  GFLOP/s   XNNPACK ms  GFLOP/s   ratio');
  const stock = originalKernel('BatchMatMul', 'wasm')!;
  for (const [m, k, n, ta] of PRODUCTS) {
    const a = tf.randomNormal(ta ? [1, k, m] : [1, m, k]);
    const bs = Array.from({ length: repeat + 1 }, () => tf.randomNormal([1, k, n]));
    const out = tf.zeros([1, m, n]);
    const at = (t: tf.Tensor) => backend.getMemoryOffset(t.dataId);
    const timeEach = (fn: (b: tf.Tensor) => void) => {
      fn(bs[repeat]);
      const t0 = performance.now();
      for (let i = 0; i < repeat; i++) fn(bs[i]);
      return (performance.now() - t0) / repeat;
    };
    const ours = timeEach((b) => (ta ? gemm.tn : gemm.nn)(at(a), at(b), at(out), m, k, n));
    // The XNNPACK path, with the transposed operand made plain first as the backend does.
    const plainA = ta ? tf.transpose(a, [0, 2, 1]) : a;
    const theirs = timeEach((b) => {
      const r = stock.kernelFunc({
        inputs: { a: plainA, b },
        backend,
        attrs: { transposeA: false, transposeB: false },
      }) as tf.TensorInfo;
      backend.disposeData(r.dataId);
    });
    const gflops = (ms: number) => ((2 * m * k * n) / ms / 1e6).toFixed(1);
    console.log(
      `${`${m} x ${k} x ${n}${ta ? ' (A^T B)' : ''}`.padEnd(28)}${ours.toFixed(3).padStart(10)}${gflops(ours).padStart(9)}${theirs.toFixed(3).padStart(13)}${gflops(theirs).padStart(9)}${(theirs / ours).toFixed(2).padStart(8)}x`,
    );
    tf.dispose([a, out, ...bs, ...(ta ? [plainA] : [])]);
  }
  console.log('');
}

async function main() {
  await selectBackend('wasm', { threads: 1 });
  const backend = tf.backend();
  const repeat = Number(process.argv[process.argv.indexOf('--repeat') + 1]) || 5;
  benchProducts(Math.max(repeat, 20));
  const filterIm2col = conv2dBackpropFilterConfig('wasm');
  const inputIm2col = conv2dBackpropInputConfig('wasm');
  const filterXnn = wasmConvFilterGradConfig(refuse('Conv2DBackpropFilter'));
  const inputXnn = wasmConvInputGradConfig(refuse('Conv2DBackpropInput'));
  console.log(`ms per call, mean of ${repeat} after one warm-up, wasm, one thread\n`);
  console.log('shape'.padEnd(44) + 'gradient  im2col   XNNPACK  ratio   used');
  for (const shape of SHAPES) {
    const x = tf.randomNormal(shape.x);
    const filter = tf.randomNormal(shape.filter);
    const dy = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, shape.stride, 'same');
    const attrs = {
      strides: [shape.stride, shape.stride],
      pad: 'same',
      dataFormat: 'NHWC',
      dimRoundingMode: undefined,
    };
    for (const [kind, im2col, xnn, inputs, extra] of [
      ['filter', filterIm2col, filterXnn, { x, dy }, { filterShape: shape.filter }],
      ['input', inputIm2col, inputXnn, { dy, filter }, { inputShape: shape.x }],
    ] as const) {
      const run = (config: tf.KernelConfig) => () =>
        config.kernelFunc({
          inputs: inputs as unknown as tf.NamedTensorInfoMap,
          backend,
          attrs: { ...attrs, ...extra } as unknown as tf.NamedAttrMap,
        }) as tf.TensorInfo;
      const a = time(run(im2col), backend, repeat);
      let b: number | undefined;
      try {
        b = time(run(xnn), backend, repeat);
      } catch {
        b = undefined; // below the threshold: the backend uses im2col
      }
      const used = b === undefined ? 'im2col' : 'XNNPACK';
      const forced = b ?? timeForced(kind, run, shape, backend, repeat);
      console.log(
        `${shape.name.padEnd(44)}${kind.padEnd(8)}${a.toFixed(1).padStart(8)}${forced.toFixed(1).padStart(10)}${(a / forced).toFixed(2).padStart(7)}   ${used}`,
      );
    }
    tf.dispose([x, filter, dy]);
  }
}

/** The XNNPACK path with the channel threshold lifted, to show what the threshold avoids. */
function timeForced(
  kind: string,
  run: (c: tf.KernelConfig) => () => tf.TensorInfo,
  _shape: Shape,
  backend: tf.KernelBackend,
  repeat: number,
): number {
  const config =
    kind === 'filter' ? wasmConvFilterGradConfig(refuse(kind), 1) : wasmConvInputGradConfig(refuse(kind), 1);
  return time(run(config), backend, repeat);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
