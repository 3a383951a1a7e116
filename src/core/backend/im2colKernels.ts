// Convolution gradients as one big matrix product (im2col / col2im), for backends whose own kernels
// are missing (wasm has no Conv2DBackpropFilter) or slow (cpu's direct loops, wasm's
// Conv2DBackpropInput). The matrix product runs on the backend's own BatchMatMul (XNNPACK on wasm).
// Runs in the trainer process; no VS Code API.
import {
  backend_util, getKernel, type KernelBackend, type KernelConfig, type NamedAttrMap, type TensorInfo,
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
      dispose: (t) => { b.disposeData(t.dataId); },
    };
  }
  return {
    read: (t) => b.readSync(t.dataId) as Float32Array,
    create: (shape, values) => b.makeTensorInfo(shape, 'float32', values) as TensorInfo,
    dispose: (t) => { b.disposeData(t.dataId); },
  };
}

function runKernel(name: string, backendName: string, backend: KernelBackend, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo {
  const k = getKernel(name, backendName);
  if (!k) throw new Error(`Kernel ${name} is not registered for ${backendName}.`);
  return k.kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

/** a [M,K] x b [K,N] on the backend, returned with `shape`. Disposes nothing it was given. */
function matMulReshaped(backendName: string, backend: KernelBackend, a: TensorInfo, b: TensorInfo, shape: number[]): TensorInfo {
  const a3 = { ...a, shape: [1, ...a.shape] };
  const b3 = { ...b, shape: [1, ...b.shape] };
  const product = runKernel('BatchMatMul', backendName, backend, { a: a3, b: b3 }, { transposeA: false, transposeB: false });
  const out = runKernel('Reshape', backendName, backend, { x: product }, { shape });
  backend.disposeData(product.dataId);
  return out;
}

/**
 * Lays out the patches of `x` (NHWC) that each output position sees, as rows of length
 * filterHeight*filterWidth*inChannels; `transposed` writes them as columns instead.
 */
export function im2col(x: Float32Array, info: backend_util.Conv2DInfo, transposed: boolean): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const K = filterHeight * filterWidth * inChannels;
  const M = batchSize * outHeight * outWidth;
  const out = new Float32Array(K * M);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const m = (b * outHeight + oh) * outWidth + ow;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight - top + kh;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth - left + kw;
            if (iw < 0 || iw >= inWidth) continue;
            const src = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const k0 = (kh * filterWidth + kw) * inChannels;
            if (transposed) for (let c = 0; c < inChannels; c++) out[(k0 + c) * M + m] = x[src + c];
            else out.set(x.subarray(src, src + inChannels), m * K + k0);
          }
        }
      }
    }
  }
  return out;
}

/** The inverse scatter of im2col: adds each row's values back into an NHWC image. */
export function col2im(cols: Float32Array, info: backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const K = filterHeight * filterWidth * inChannels;
  const dx = new Float32Array(batchSize * inHeight * inWidth * inChannels);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const row = ((b * outHeight + oh) * outWidth + ow) * K;
        for (let kh = 0; kh < filterHeight; kh++) {
          const ih = oh * strideHeight - top + kh;
          if (ih < 0 || ih >= inHeight) continue;
          for (let kw = 0; kw < filterWidth; kw++) {
            const iw = ow * strideWidth - left + kw;
            if (iw < 0 || iw >= inWidth) continue;
            const dst = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const k0 = row + (kh * filterWidth + kw) * inChannels;
            for (let c = 0; c < inChannels; c++) dx[dst + c] += cols[k0 + c];
          }
        }
      }
    }
  }
  return dx;
}

function convInfo(xShape: number[], filterShape: number[], attrs: NamedAttrMap): backend_util.Conv2DInfo {
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape as [number, number, number, number],
    attrs.strides as [number, number], 1, attrs.pad as 'same', attrs.dimRoundingMode as 'floor' | undefined,
    false, backend_util.convertConv2DDataFormat(attrs.dataFormat as 'NHWC'));
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
      const colsT = buf.create([K, M], im2col(buf.read(x), info, true));
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
        return original.kernelFunc({ inputs: { a: aT, b: bT }, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
      } finally {
        if (aT !== a) backend.disposeData(aT.dataId);
        if (bT !== b) backend.disposeData(bT.dataId);
      }
    },
  };
}
