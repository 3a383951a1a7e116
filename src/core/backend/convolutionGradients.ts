// Convolution gradients as XNNPACK convolutions on wasm, instead of im2col/col2im around a matrix
// product: the backend's Conv2D reads its input through an indirection buffer, so no patch matrix
// is written out and nothing is scattered back in JavaScript.
// - The filter gradient is itself a convolution: with the batch as channels and the channels as the
//   batch, the input convolved with the output gradient, dilated by the stride.
// - The input gradient (and so every transposed convolution's forward pass) is, for a stride s,
//   s x s ordinary stride-1 convolutions of the output gradient with the kernel's taps of one phase
//   (sub-pixel convolution), each filling every s-th row and column of the result.
// Where a case does not fit (negative padding would be needed) or loses (very few channels), the
// im2col kernel it replaces runs instead. Runs in the trainer process; no VS Code API.
import {
  backend_util,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { buffersFor, convInfo, runKernel } from './im2colKernels';

const runWasm = (name: string, backend: KernelBackend, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap) =>
  runKernel(name, 'wasm', backend, inputs, attrs);

const transpose = (backend: KernelBackend, x: TensorInfo, perm: number[]) =>
  runWasm('Transpose', backend, { x }, { perm });

/** A stride-1 convolution with explicit padding [top, bottom, left, right] and dilation. */
const conv = (backend: KernelBackend, x: TensorInfo, filter: TensorInfo, pads: number[], dilations = [1, 1]) =>
  runWasm(
    'Conv2D',
    backend,
    { x, filter },
    {
      strides: [1, 1],
      pad: [
        [0, 0],
        [pads[0], pads[1]],
        [pads[2], pads[3]],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations,
      dimRoundingMode: undefined as unknown as string,
    },
  );

/**
 * Below this many channels on the side the matrix product runs along, XNNPACK's convolution loses
 * to im2col (measured with `npm run bench:kernels`: a one-channel output leaves its micro-kernel
 * mostly idle).
 */
export const MIN_CHANNELS = 4;

/** The padding after the input that makes the filter gradient's convolution produce exactly `k`
 * rows: negative where the output gradient never reaches the input's last rows. */
export function filterGradPadAfter(inSize: number, k: number, outSize: number, stride: number, padBefore: number) {
  return k - 1 + (outSize - 1) * stride + 1 - inSize - padBefore;
}

/**
 * dW[kh, kw, ci, co] = sum over n, oh, ow of x[n, oh*s + kh - pad, ow*s + kw - pad, ci] dy[n, oh, ow, co]:
 * the convolution of x as [ci, H, W, n] with dy as the filter [OH, OW, n, co], dilated by s.
 */
export function wasmConvFilterGradConfig(fallback: KernelConfig, minChannels = MIN_CHANNELS): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const backend = args.backend as KernelBackend;
      const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
      const attrs = args.attrs ?? {};
      const info = convInfo(x.shape, attrs.filterShape as number[], attrs);
      const { top, left } = info.padInfo;
      const padBottom = filterGradPadAfter(info.inHeight, info.filterHeight, info.outHeight, info.strideHeight, top);
      const padRight = filterGradPadAfter(info.inWidth, info.filterWidth, info.outWidth, info.strideWidth, left);
      // The product runs along the batch; its outputs are the output channels.
      if (padBottom < 0 || padRight < 0 || info.outChannels < minChannels) return fallback.kernelFunc(args);
      const xT = transpose(backend, x, [3, 1, 2, 0]);
      const dyT = transpose(backend, dy, [1, 2, 0, 3]);
      let product: TensorInfo | undefined;
      try {
        product = conv(backend, xT, dyT, [top, padBottom, left, padRight], [info.strideHeight, info.strideWidth]);
        return transpose(backend, product, [1, 2, 0, 3]);
      } finally {
        backend.disposeData(xT.dataId);
        backend.disposeData(dyT.dataId);
        if (product) backend.disposeData(product.dataId);
      }
    },
  };
}

/** One phase of a sub-pixel input gradient along one axis. */
export interface Phase {
  /** Kernel taps of this phase: a, a + s, ... (`taps` of them), used in reverse order. */
  first: number;
  taps: number;
  /** The first input row this phase fills, then every s-th: `count` rows. */
  start: number;
  count: number;
  /** The stride-1 convolution's padding of the output gradient. */
  padBefore: number;
  padAfter: number;
}

/**
 * The phases along one axis: input row i is filled by the phase a = (i + pad) mod s, from the
 * kernel taps a + s t and output rows q - t with q = (i + pad - a) / s. Null where a phase would
 * need negative padding (the output gradient has rows that reach no input row).
 */
export function subPixelPhases(inSize: number, outSize: number, k: number, s: number, pad: number): Phase[] | null {
  const phases: Phase[] = [];
  for (let a = 0; a < s; a++) {
    const taps = Math.max(0, Math.ceil((k - a) / s));
    const qMin = Math.ceil((pad - a) / s);
    const qMax = Math.floor((inSize - 1 + pad - a) / s);
    const count = Math.max(0, qMax - qMin + 1);
    const start = qMin * s + a - pad;
    const padBefore = taps - 1 - qMin;
    const padAfter = count - outSize - padBefore + taps - 1;
    if (taps > 0 && count > 0 && (padBefore < 0 || padAfter < 0)) return null;
    phases.push({ first: a, taps, start, count, padBefore, padAfter });
  }
  return phases;
}

/**
 * The kernel of phase (py, px): taps first + s*(taps - 1 - u) of W [kh, kw, ci, co], as a
 * convolution filter [ty, tx, co, ci] over the output gradient.
 */
export function phaseKernel(w: Float32Array, shape: number[], s: [number, number], py: Phase, px: Phase): Float32Array {
  const [, kw, ci, co] = shape;
  const out = new Float32Array(py.taps * px.taps * co * ci);
  for (let u = 0; u < py.taps; u++) {
    const ky = py.first + s[0] * (py.taps - 1 - u);
    for (let v = 0; v < px.taps; v++) {
      const kx = px.first + s[1] * (px.taps - 1 - v);
      const src = (ky * kw + kx) * ci * co;
      const dst = (u * px.taps + v) * co * ci;
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) out[dst + o * ci + i] = w[src + i * co + o];
    }
  }
  return out;
}

/**
 * dx = the transposed convolution of dy with W: per phase pair, one stride-1 convolution whose
 * result goes to every s-th row and column of dx, starting at the phase's first.
 */
export function wasmConvInputGradConfig(fallback: KernelConfig, minChannels = MIN_CHANNELS): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const backend = args.backend as KernelBackend;
      const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
      const attrs = args.attrs ?? {};
      const info = convInfo(attrs.inputShape as number[], filter.shape, attrs);
      const rows = subPixelPhases(
        info.inHeight,
        info.outHeight,
        info.filterHeight,
        info.strideHeight,
        info.padInfo.top,
      );
      const cols = subPixelPhases(info.inWidth, info.outWidth, info.filterWidth, info.strideWidth, info.padInfo.left);
      // The product runs along dy's channels; its outputs are dx's channels.
      if (!rows || !cols || info.inChannels < minChannels) return fallback.kernelFunc(args);
      const buf = buffersFor('wasm', backend);
      const stride: [number, number] = [info.strideHeight, info.strideWidth];
      const phaseConv = (py: Phase, px: Phase): TensorInfo => {
        const kernel = buf.create(
          [py.taps, px.taps, info.outChannels, info.inChannels],
          phaseKernel(buf.read(filter), filter.shape, stride, py, px),
        );
        try {
          return conv(backend, dy, kernel, [py.padBefore, py.padAfter, px.padBefore, px.padAfter]);
        } finally {
          buf.dispose(kernel);
        }
      };
      if (rows.length === 1 && cols.length === 1) return phaseConv(rows[0], cols[0]); // stride 1: one phase is dx
      const dx = buf.alloc(info.inShape);
      try {
        buf.read(dx).fill(0); // phases without taps leave zeros
        for (const py of rows) {
          for (const px of cols) {
            if (py.taps === 0 || px.taps === 0 || py.count === 0 || px.count === 0) continue;
            const part = phaseConv(py, px);
            try {
              interleave(buf.read(part), buf.read(dx), info, py, px);
            } finally {
              buf.dispose(part);
            }
          }
        }
        return dx;
      } catch (err) {
        buf.dispose(dx);
        throw err;
      }
    },
  };
}

/** Writes a phase's [n, py.count, px.count, c] result into every s-th row and column of dx. */
function interleave(part: Float32Array, dx: Float32Array, info: backend_util.Conv2DInfo, py: Phase, px: Phase): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, strideHeight: sy, strideWidth: sx } = info;
  let src = 0;
  for (let b = 0; b < n; b++) {
    for (let r = 0; r < py.count; r++) {
      const row = (b * h + py.start + r * sy) * w;
      for (let q = 0; q < px.count; q++) {
        const dst = (row + px.start + q * sx) * c;
        for (let i = 0; i < c; i++) dx[dst + i] = part[src++];
      }
    }
  }
}
