// Convolution gradients as matrix products (im2col / col2im), for backends whose own kernels are
// missing (wasm has no Conv2DBackpropFilter) or slow (cpu's direct loops, wasm's
// Conv2DBackpropInput). The products run on the backend's own BatchMatMul (XNNPACK on wasm), a few
// images of the batch at a time: the patch matrix of a whole batch of 64x64 images is tens of
// megabytes, and the wasm heap never gives back what it once grew to.
// Runs in the trainer process; no VS Code API.
import {
  backend_util,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';

/** The few buffer operations the kernels need, over one backend's own storage. */
export interface BackendBuffers {
  /** The tensor's values in the backend's storage, writable. On wasm a view into the heap: any
   * allocation may move the heap, so take it again after one. */
  read(t: TensorInfo): Float32Array;
  create(shape: number[], values: Float32Array): TensorInfo;
  /** A new tensor whose values the caller fills (through `read`). */
  alloc(shape: number[]): TensorInfo;
  dispose(t: TensorInfo): void;
}

type AnyBackend = KernelBackend & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function buffersFor(backendName: string, backend: KernelBackend): BackendBuffers {
  const b = backend as AnyBackend;
  if (backendName === 'wasm') {
    return {
      // A view into the wasm heap: read it before anything else allocates (the heap may move).
      read: (t) => b.typedArrayFromHeap(t) as Float32Array,
      create: (shape, values) => b.makeOutput(shape, 'float32', undefined, values) as TensorInfo,
      alloc: (shape) => b.makeOutput(shape, 'float32') as TensorInfo,
      dispose: (t) => {
        b.disposeData(t.dataId);
      },
    };
  }
  return {
    read: (t) => b.readSync(t.dataId) as Float32Array,
    create: (shape, values) => b.makeTensorInfo(shape, 'float32', values) as TensorInfo,
    alloc: (shape) =>
      b.makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((x, y) => x * y, 1))) as TensorInfo,
    dispose: (t) => {
      b.disposeData(t.dataId);
    },
  };
}

/** Runs a registered kernel of `backendName` directly, as one kernel calls another. */
export function runKernel(
  name: string,
  backendName: string,
  backend: KernelBackend,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
): TensorInfo {
  const k = getKernel(name, backendName);
  if (!k) throw new Error(`Kernel ${name} is not registered for ${backendName}.`);
  return k.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

/** a [M,K] x b [K,N] on the backend, returned with `shape`. Disposes nothing it was given. */
function matMulReshaped(
  backendName: string,
  backend: KernelBackend,
  a: TensorInfo,
  b: TensorInfo,
  shape: number[],
): TensorInfo {
  const a3 = { ...a, shape: [1, ...a.shape] };
  const b3 = { ...b, shape: [1, ...b.shape] };
  const product = runKernel(
    'BatchMatMul',
    backendName,
    backend,
    { a: a3, b: b3 },
    { transposeA: false, transposeB: false },
  );
  const out = runKernel('Reshape', backendName, backend, { x: product }, { shape });
  backend.disposeData(product.dataId);
  return out;
}

/**
 * Where each patch pixel comes from: for output position m and kernel position p = kh*fw + kw,
 * entry m*fh*fw + p is the NHWC offset of the input pixel it sees, or -1 where it falls in the
 * padding. im2col and col2im walk the same map in opposite directions. Computed once per shape
 * (training repeats the same few every step).
 */
function patchSources(info: backend_util.Conv2DInfo): Int32Array {
  const {
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
  } = info;
  const key = [
    batchSize,
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  ].join(',');
  const cached = patchSourceCache.get(key);
  if (cached) return cached;
  const P = filterHeight * filterWidth;
  const map = new Int32Array(batchSize * outHeight * outWidth * P).fill(-1);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const m = (b * outHeight + oh) * outWidth + ow;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight - info.padInfo.top + kh;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth - info.padInfo.left + kw;
            if (iw >= 0 && iw < inWidth)
              map[m * P + kh * filterWidth + kw] = ((b * inHeight + ih) * inWidth + iw) * inChannels;
          }
        }
      }
    }
  }
  if (patchSourceCache.size >= PATCH_SOURCE_CACHE_SIZE) patchSourceCache.delete(patchSourceCache.keys().next().value!);
  patchSourceCache.set(key, map);
  return map;
}

/** A network has a few convolutions, each seen in two or three shapes (training, samples). */
const PATCH_SOURCE_CACHE_SIZE = 16;
const patchSourceCache = new Map<string, Int32Array>();

/**
 * Lays out the patches of `x` (NHWC) as the columns of a [K, M] matrix: column m holds the
 * filterHeight*filterWidth*inChannels (K) values that output position m sees, zero in the padding.
 */
export function im2col(
  x: Float32Array,
  info: backend_util.Conv2DInfo,
  out: Float32Array = new Float32Array(
    info.filterHeight * info.filterWidth * info.inChannels * info.batchSize * info.outHeight * info.outWidth,
  ),
): Float32Array {
  const sources = patchSources(info);
  const C = info.inChannels;
  const P = info.filterHeight * info.filterWidth;
  const M = info.batchSize * info.outHeight * info.outWidth;
  out.fill(0); // the padding's columns
  for (let m = 0; m < M; m++) {
    for (let p = 0; p < P; p++) {
      const src = sources[m * P + p];
      if (src < 0) continue;
      for (let c = 0; c < C; c++) out[(p * C + c) * M + m] = x[src + c];
    }
  }
  return out;
}

/** The inverse scatter of im2col, from rows: adds row m of an [M, K] matrix back into an NHWC
 * image (`dx`, zeroed first). */
export function col2im(
  cols: Float32Array,
  info: backend_util.Conv2DInfo,
  dx: Float32Array = new Float32Array(info.batchSize * info.inHeight * info.inWidth * info.inChannels),
): Float32Array {
  const sources = patchSources(info);
  const C = info.inChannels;
  const P = info.filterHeight * info.filterWidth;
  const M = info.batchSize * info.outHeight * info.outWidth;
  dx.fill(0);
  for (let m = 0; m < M; m++) {
    for (let p = 0; p < P; p++) {
      const dst = sources[m * P + p];
      if (dst < 0) continue;
      const row = (m * P + p) * C;
      for (let c = 0; c < C; c++) dx[dst + c] += cols[row + c];
    }
  }
  return dx;
}

/** The convolution's geometry from a gradient kernel's attributes (NHWC only). */
export function convInfo(xShape: number[], filterShape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides as [number, number],
    1,
    attrs.pad as 'same',
    attrs.dimRoundingMode as 'floor' | undefined,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat as 'NHWC'),
  );
  if (info.dataFormat !== 'channelsLast') throw new Error('Only NHWC convolutions are supported.');
  return info;
}

/** Floats of patch matrix made at once (16 MB): a few images of a 64x64 batch, all of a small one. */
let chunkBudget = 1 << 22;

/** Sets the patch-matrix budget, in floats; returns the previous one (tests make it small). */
export function setIm2colChunkBudget(floats: number): number {
  const previous = chunkBudget;
  chunkBudget = Math.max(1, floats);
  return previous;
}

/** Images per chunk when each image's patch matrix holds `perImage` floats: at least one. */
export function imagesPerChunk(perImage: number, batch: number, budget = chunkBudget): number {
  return Math.max(1, Math.min(batch, Math.floor(budget / perImage)));
}

/** `info` for images `count` of the batch: the patch map of a chunk is the same for every chunk. */
const chunkInfo = (info: backend_util.Conv2DInfo, count: number): backend_util.Conv2DInfo => ({
  ...info,
  batchSize: count,
  inShape: [count, info.inHeight, info.inWidth, info.inChannels],
  outShape: [count, info.outHeight, info.outWidth, info.outChannels],
});

/** dW = sum over chunks of im2col(x)^T * dy, reshaped to [fh, fw, inC, outC]. */
export function conv2dBackpropFilterConfig(backendName: string): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName,
    kernelFunc: ({ inputs, backend: anyBackend, attrs = {} }) => {
      const backend = anyBackend as KernelBackend;
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const filterShape = attrs.filterShape as number[];
      const info = convInfo(x.shape, filterShape, attrs);
      const buf = buffersFor(backendName, backend);
      const K = info.filterHeight * info.filterWidth * info.inChannels;
      const outC = info.outChannels;
      const perImage = info.outHeight * info.outWidth;
      const inPerImage = info.inHeight * info.inWidth * info.inChannels;
      const step = imagesPerChunk(K * perImage, info.batchSize);
      const dw = new Float32Array(K * outC);
      for (let b0 = 0; b0 < info.batchSize; b0 += step) {
        const count = Math.min(step, info.batchSize - b0);
        const part = chunkInfo(info, count);
        const Mc = count * perImage;
        const colsT = buf.alloc([K, Mc]);
        const dyPart = buf.alloc([Mc, outC]);
        let product: TensorInfo | undefined;
        try {
          // The views after the allocations: these may have moved the heap.
          im2col(buf.read(x).subarray(b0 * inPerImage, (b0 + count) * inPerImage), part, buf.read(colsT));
          buf.read(dyPart).set(buf.read(dy).subarray(b0 * perImage * outC, (b0 + count) * perImage * outC));
          product = matMulReshaped(backendName, backend, colsT, dyPart, [K, outC]);
          const values = buf.read(product);
          for (let i = 0; i < dw.length; i++) dw[i] += values[i];
        } finally {
          buf.dispose(colsT);
          buf.dispose(dyPart);
          if (product) buf.dispose(product);
        }
      }
      return buf.create(filterShape, dw);
    },
  };
}

/** dx = col2im(dy * W^T), a chunk of images at a time: the transposed convolution as matrix
 * products plus a scatter. */
export function conv2dBackpropInputConfig(backendName: string): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName,
    kernelFunc: ({ inputs, backend: anyBackend, attrs = {} }) => {
      const backend = anyBackend as KernelBackend;
      const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
      const info = convInfo(attrs.inputShape as number[], filter.shape, attrs);
      const buf = buffersFor(backendName, backend);
      const K = info.filterHeight * info.filterWidth * info.inChannels;
      const outC = info.outChannels;
      // W is [K, outC]; lay out W^T [outC, K] here, since a transposed operand is slow on wasm.
      const w = buf.read(filter);
      const wT = new Float32Array(K * outC);
      for (let k = 0; k < K; k++) for (let o = 0; o < outC; o++) wT[o * K + k] = w[k * outC + o];
      const wTInfo = buf.create([outC, K], wT);
      const perImage = info.outHeight * info.outWidth;
      const inPerImage = info.inHeight * info.inWidth * info.inChannels;
      const step = imagesPerChunk(K * perImage, info.batchSize);
      const dx = buf.alloc(info.inShape);
      try {
        for (let b0 = 0; b0 < info.batchSize; b0 += step) {
          const count = Math.min(step, info.batchSize - b0);
          const Mc = count * perImage;
          const dyPart = buf.alloc([Mc, outC]);
          let cols: TensorInfo | undefined;
          try {
            buf.read(dyPart).set(buf.read(dy).subarray(b0 * perImage * outC, (b0 + count) * perImage * outC));
            cols = matMulReshaped(backendName, backend, dyPart, wTInfo, [Mc, K]);
            const target = buf.read(dx).subarray(b0 * inPerImage, (b0 + count) * inPerImage);
            col2im(buf.read(cols), chunkInfo(info, count), target);
          } finally {
            buf.dispose(dyPart);
            if (cols) buf.dispose(cols);
          }
        }
        return dx;
      } catch (err) {
        buf.dispose(dx);
        throw err;
      } finally {
        buf.dispose(wTInfo);
      }
    },
  };
}
