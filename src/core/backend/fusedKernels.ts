// Kernels that save the wasm backend work TensorFlow.js does not: an Identity that shares its
// input's buffer (as Reshape does, and as the cpu backend's Identity does) instead of copying it,
// and the leaky ReLU's gradient as one pass instead of Greater, Select and Multiply. Runs in the
// trainer process; no VS Code API.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelConfig, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { buffersFor } from './im2colKernels';

type RefCounting = KernelBackend & { incRef(dataId: object): void };

/** Identity by reference: the engine counts the buffer's users, so nothing is copied. */
export function sharedIdentityConfig(backendName: string, original: KernelConfig): KernelConfig {
  return {
    kernelName: 'Identity',
    backendName,
    kernelFunc: (args) => {
      const x = (args.inputs as { x: TensorInfo }).x;
      if (x.dtype === 'string') return original.kernelFunc(args);
      (args.backend as RefCounting).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
}

/** The kernel of the leaky ReLU's gradient: dx = dy where x > 0, else alpha * dy. */
export const LEAKY_RELU_GRAD = 'GanStudioLeakyReluGrad';

// Both leaky ReLU kernels choose the slope from the float's bits instead of comparing it: with a
// branch, half the signs mispredicted cost 5x the time (the stock wasm kernel, 11 ns an element).
// The slope 1 - m (1 - alpha), m in {0, 1}, is exactly 1 or alpha in doubles (alpha rounded to
// float32 first), so each product is the float32 product TensorFlow.js computes.

/** The forward pass: y = x where x's sign bit is clear, else alpha * x. */
export function leakyReluConfig(backendName: string): KernelConfig {
  return {
    kernelName: 'LeakyRelu',
    backendName,
    kernelFunc: ({ inputs, backend, attrs = {} }) => {
      const { x } = inputs as { x: TensorInfo };
      const keep = 1 - Math.fround((attrs as NamedAttrMap).alpha as number);
      const buf = buffersFor(backendName, backend as KernelBackend);
      const out = buf.alloc(x.shape);
      // Views after the allocation, which may move the wasm heap.
      const o = buf.read(out);
      const v = buf.read(x);
      const bits = new Int32Array(v.buffer, v.byteOffset, v.length);
      for (let i = 0; i < o.length; i++) o[i] = v[i] * (1 - keep * (bits[i] >>> 31));
      return out;
    },
  };
}

export function leakyReluGradConfig(backendName: string): KernelConfig {
  return {
    kernelName: LEAKY_RELU_GRAD,
    backendName,
    kernelFunc: ({ inputs, backend, attrs = {} }) => {
      const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
      const keep = 1 - Math.fround((attrs as NamedAttrMap).alpha as number);
      const buf = buffersFor(backendName, backend as KernelBackend);
      const out = buf.alloc(x.shape);
      const o = buf.read(out);
      const g = buf.read(dy);
      const v = buf.read(x);
      const bits = new Int32Array(v.buffer, v.byteOffset, v.length);
      for (let i = 0; i < o.length; i++) {
        const b = bits[i];
        // x > 0 is false for negatives (sign bit) and for +0 (all bits clear; rare, so predicted).
        o[i] = g[i] * (1 - keep * ((b >>> 31) | (b === 0 ? 1 : 0)));
      }
      return out;
    },
  };
}

let gradientRegistered = false;

/**
 * Routes the leaky ReLU's gradient through the one-pass kernel. Its own gradient (for the second
 * derivatives a gradient penalty takes) is the same kernel on the incoming gradient: the map from
 * dy to dx is linear, and x only chooses a slope.
 */
export function registerLeakyReluGradient(): void {
  if (gradientRegistered) return;
  gradientRegistered = true;
  tf.registerGradient({
    kernelName: 'LeakyRelu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const alpha = (attrs as { alpha: number }).alpha;
      return { x: () => leakyReluGrad(dy as tf.Tensor, x, alpha) };
    },
  });
  tf.registerGradient({
    kernelName: LEAKY_RELU_GRAD,
    inputsToSave: ['x'],
    gradFunc: (ddx, saved, attrs) => {
      const [x] = saved;
      const alpha = (attrs as { alpha: number }).alpha;
      return { dy: () => leakyReluGrad(ddx as tf.Tensor, x, alpha), x: () => tf.zerosLike(x) };
    },
  });
}

/** The one-pass kernel where the backend has it (wasm, cpu), else TensorFlow.js's own ops (native
 * TensorFlow, whose buffers these kernels cannot write). */
function leakyReluGrad(dy: tf.Tensor, x: tf.Tensor, alpha: number): tf.Tensor {
  if (tf.getKernel(LEAKY_RELU_GRAD, tf.getBackend()))
    return tf.engine().runKernel(LEAKY_RELU_GRAD, { dy, x }, { alpha }) as tf.Tensor;
  return tf.mul(dy, tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, alpha)));
}

/** The kernel of one Adam update of one variable: (x, m, v, g) -> (x', m', v'). */
export const ADAM_UPDATE = 'GanStudioAdamUpdate';

/**
 * TensorFlow.js's Adam as one pass instead of about twelve ops a variable. Each step rounds to
 * float32 where its op would (`f`): a float32 operation is the correctly rounded exact result,
 * and a double holds that exact result before rounding, so the values are those of the ops, bit
 * for bit. Attributes: beta1, beta2, epsilon, learningRate, and c1, c2 = 1 - beta^t as float32.
 */
export function adamUpdateConfig(backendName: string): KernelConfig {
  return {
    kernelName: ADAM_UPDATE,
    backendName,
    kernelFunc: ({ inputs, backend, attrs = {} }) => {
      const { x, m, v, g } = inputs as Record<'x' | 'm' | 'v' | 'g', TensorInfo>;
      const a = attrs as Record<string, number>;
      const f = Math.fround;
      const [b1, b2, keep1, keep2] = [f(a.beta1), f(a.beta2), f(1 - a.beta1), f(1 - a.beta2)];
      const [c1, c2, eps, step] = [f(a.c1), f(a.c2), f(a.epsilon), f(-a.learningRate)];
      const buf = buffersFor(backendName, backend as KernelBackend);
      const outs = [buf.alloc(x.shape), buf.alloc(x.shape), buf.alloc(x.shape)];
      // Views after the allocations, which may move the wasm heap.
      const [xo, mo, vo] = outs.map((t) => buf.read(t));
      const [xi, mi, vi, gi] = [x, m, v, g].map((t) => buf.read(t));
      for (let i = 0; i < xo.length; i++) {
        const grad = gi[i];
        const m1 = f(f(mi[i] * b1) + f(grad * keep1));
        const v1 = f(f(vi[i] * b2) + f(f(grad * grad) * keep2));
        const update = f(f(f(m1 / c1) / f(f(Math.sqrt(f(v1 / c2))) + eps)) * step);
        xo[i] = update + xi[i];
        mo[i] = m1;
        vo[i] = v1;
      }
      return outs;
    },
  };
}
