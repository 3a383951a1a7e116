// Convolution gradients as one big matrix product (im2col / col2im), for backends whose own kernels
// are missing (wasm has no Conv2DBackpropFilter) or slow (cpu's direct loops, wasm's
// Conv2DBackpropInput). The matrix product runs on the backend's own BatchMatMul (XNNPACK on wasm).
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
  read(t: TensorInfo): Float32Array;
  create(shape: number[], values: Float32Array): TensorInfo;
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
      dispose: (t) => {
        b.disposeData(t.dataId);
      },
    };
  }
  return {
    read: (t) => b.readSync(t.dataId) as Float32Array,
    create: (shape, values) => b.makeTensorInfo(shape, 'float32', values) as TensorInfo,
    dispose: (t) => {
      b.disposeData(t.dataId);
    },
  };
}

function runKernel(
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
export function im2col(x: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const sources = patchSources(info);
  const C = info.inChannels;
  const P = info.filterHeight * info.filterWidth;
  const M = info.batchSize * info.outHeight * info.outWidth;
  const out = new Float32Array(P * C * M);
  for (let m = 0; m < M; m++) {
    for (let p = 0; p < P; p++) {
      const src = sources[m * P + p];
      if (src < 0) continue;
      for (let c = 0; c < C; c++) out[(p * C + c) * M + m] = x[src + c];
    }
  }
  return out;
}

/** The inverse scatter of im2col, from rows: adds row m of an [M, K] matrix back into an NHWC image. */
export function col2im(cols: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const sources = patchSources(info);
  const C = info.inChannels;
  const P = info.filterHeight * info.filterWidth;
  const M = info.batchSize * info.outHeight * info.outWidth;
  const dx = new Float32Array(info.batchSize * info.inHeight * info.inWidth * C);
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

function convInfo(xShape: number[], filterShape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
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

/** dW = im2col(x)^T * dy, reshaped to [fh, fw, inC, outC]. */
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
      const M = info.batchSize * info.outHeight * info.outWidth;
      const colsT = buf.create([K, M], im2col(buf.read(x), info));
      const dy2 = { ...dy, shape: [M, info.outChannels] };
      try {
        return matMulReshaped(backendName, backend, colsT, dy2, filterShape);
      } finally {
        buf.dispose(colsT);
      }
    },
  };
}

/** dx = col2im(dy * W^T): the transposed convolution as one matrix product plus a scatter. */
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
      const M = info.batchSize * info.outHeight * info.outWidth;
      let cols: TensorInfo | undefined;
      try {
        cols = matMulReshaped(backendName, backend, { ...dy, shape: [M, outC] }, wTInfo, [M, K]);
        return buf.create(info.inShape, col2im(buf.read(cols), info));
      } finally {
        buf.dispose(wTInfo);
        if (cols) buf.dispose(cols);
      }
    },
  };
}

/**
 * Wasm's BatchMatMul takes a naive loop whenever an operand is transposed (every dense layer's
 * backward pass), about 10x slower than its XNNPACK path: transpose with the fast Transpose kernel
 * first, then multiply plainly.
 */
export function wasmTransposingMatMulConfig(original: KernelConfig): KernelConfig {
  return {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, attrs = {} } = args;
      const backend = args.backend as KernelBackend;
      const { a, b } = inputs as { a: TensorInfo; b: TensorInfo };
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return original.kernelFunc(args);
      const swap = (t: TensorInfo): TensorInfo => {
        const perm = t.shape.map((_, i) => i);
        const r = perm.length;
        [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
        return runKernel('Transpose', 'wasm', backend, { x: t }, { perm });
      };
      const aT = transposeA ? swap(a) : a;
      const bT = transposeB ? swap(b) : b;
      try {
        return original.kernelFunc({
          inputs: { a: aT, b: bT },
          backend,
          attrs: { ...attrs, transposeA: false, transposeB: false },
        });
      } finally {
        if (aT !== a) backend.disposeData(aT.dataId);
        if (bT !== b) backend.disposeData(bT.dataId);
      }
    },
  };
}
