import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import {
  filterGradPadAfter,
  subPixelPhases,
  wasmConvFilterGradConfig,
  wasmConvInputGradConfig,
} from '../../../src/core/backend/convolutionGradients';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import { closeTo, directGradients } from '../../helpers/convolutionReference';
import { backendDataIds } from '../../helpers/memory';

/** The XNNPACK kernels alone: a case they hand to the im2col kernel throws instead. */
const refuse = (kernelName: string): tf.KernelConfig => ({
  kernelName,
  backendName: 'wasm',
  kernelFunc: () => {
    throw new Error('handed to im2col');
  },
});
const filterGrad = wasmConvFilterGradConfig(refuse('Conv2DBackpropFilter'));
const inputGrad = wasmConvInputGradConfig(refuse('Conv2DBackpropInput'));

function run(config: tf.KernelConfig, inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>): tf.Tensor {
  const info = config.kernelFunc({
    inputs: inputs as unknown as tf.NamedTensorInfoMap,
    backend: tf.backend(),
    attrs: attrs as tf.NamedAttrMap,
  }) as tf.TensorInfo;
  return tf.engine().makeTensorFromTensorInfo(info);
}

describe('convolution gradients as XNNPACK convolutions (wasm)', () => {
  before(() => selectBackend('wasm'));

  it('splits an input gradient into one phase per offset of the stride, each row filled once', () => {
    // The DCGAN's 14 -> 28 upsampling: stride 2, kernel 4, "same" padding 1 before.
    const phases = subPixelPhases(28, 14, 4, 2, 1)!;
    assert.deepStrictEqual(
      phases.map((p) => [p.first, p.taps, p.start, p.count, p.padBefore, p.padAfter]),
      [
        [0, 2, 1, 14, 0, 1], // odd rows from taps 0 and 2
        [1, 2, 0, 14, 1, 0], // even rows from taps 1 and 3
      ],
    );
    for (const [size, out, k, s, pad] of [
      [9, 4, 3, 2, 0],
      [7, 4, 5, 2, 2],
      [8, 3, 2, 3, 0],
      [6, 6, 3, 1, 1],
    ]) {
      const rows = subPixelPhases(size, out, k, s, pad)!.flatMap((p) =>
        Array.from({ length: p.count }, (_, r) => p.start + r * s),
      );
      assert.deepStrictEqual(
        [...rows].sort((a, b) => a - b),
        Array.from({ length: size }, (_, i) => i),
        `${size} rows, stride ${s}`,
      );
    }
  });

  it('pads the filter gradient to exactly the kernel, and gives up where it would have to crop', () => {
    assert.strictEqual(filterGradPadAfter(28, 4, 14, 2, 1), 1);
    // "valid", 8 rows, kernel 3, stride 2: the last row reaches no output.
    assert.strictEqual(filterGradPadAfter(8, 3, 3, 2, 0), -1);
  });

  const cases: Array<[number, 'same' | 'valid', number, number, number, number]> = [
    // stride, padding, input size, kernel, in channels, out channels
    [2, 'same', 28, 4, 8, 32],
    [2, 'same', 14, 4, 32, 64],
    [1, 'same', 6, 3, 4, 5],
    [2, 'valid', 9, 3, 6, 4],
    [2, 'same', 7, 5, 16, 8],
    [3, 'same', 9, 3, 5, 6],
  ];
  for (const [stride, pad, size, k, c, o] of cases) {
    it(`match the direct loop without im2col: stride ${stride}, ${pad}, ${size}x${size}x${c}, kernel ${k}, ${o} filters`, () => {
      tf.tidy(() => {
        const x = tf.randomNormal([3, size, size, c], 0, 1, 'float32', 1) as tf.Tensor4D;
        const w = tf.randomNormal([k, k, c, o], 0, 1, 'float32', 2) as tf.Tensor4D;
        const y = tf.conv2d(x, w, stride, pad);
        const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3) as tf.Tensor4D;
        const attrs = { strides: [stride, stride], pad, dataFormat: 'NHWC', dimRoundingMode: undefined };
        const ref = directGradients(x, w, dy, stride, pad);
        closeTo(run(filterGrad, { x, dy }, { ...attrs, filterShape: w.shape }).dataSync(), ref.dw, 'filter gradient');
        closeTo(
          run(inputGrad, { dy, filter: w }, { ...attrs, inputShape: x.shape }).dataSync(),
          ref.dx,
          'input gradient',
        );
      });
    });
  }

  it('hands one-channel cases to im2col, where XNNPACK loses (npm run bench:kernels)', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([2, 8, 8, 1]) as tf.Tensor4D;
      const w = tf.randomNormal([4, 4, 1, 8]) as tf.Tensor4D;
      const dy = tf.conv2d(x, w, 2, 'same');
      const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', inputShape: x.shape };
      assert.throws(() => run(inputGrad, { dy, filter: w }, attrs), /handed to im2col/);
    });
  });

  it('leaves nothing behind in the backend, XNNPACK operators included (they die with their filters)', () => {
    const once = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([2, 8, 8, 8]) as tf.Tensor4D;
        const w = tf.randomNormal([4, 4, 8, 8]) as tf.Tensor4D;
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([
          x,
          w,
        ]);
      });
    once();
    const before = backendDataIds();
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) once();
    assert.strictEqual(backendDataIds(), before);
    assert.strictEqual(tf.memory().numTensors, tensors);
  });
});
