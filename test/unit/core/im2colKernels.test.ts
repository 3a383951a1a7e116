import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import { col2im, im2col, imagesPerChunk, setIm2colChunkBudget } from '../../../src/core/backend/im2colKernels';
import { closeTo, directGradients } from '../../helpers/convolutionReference';
import { assertLeavesNothing } from '../../helpers/memory';

describe('im2col convolution gradients', () => {
  it('im2col and col2im lay out and scatter back the same patches', () => {
    const info = tf.backend_util.computeConv2DInfo([1, 3, 3, 1], [2, 2, 1, 1], [1, 1], 1, 'valid');
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Columns are the four 2x2 patches [1,2,4,5], [2,3,5,6], [4,5,7,8], [5,6,8,9]; row k is element k of each.
    assert.deepStrictEqual(Array.from(im2col(x, info)), [1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
    assert.deepStrictEqual(Array.from(col2im(new Float32Array(16).fill(1), info)), [1, 2, 1, 2, 4, 2, 1, 2, 1]);
  });

  for (const backend of ['wasm', 'cpu'] as const) {
    describe(`on ${backend}`, () => {
      before(() => selectBackend(backend));
      const cases: Array<[number, 'same' | 'valid', number, number, number, number]> = [
        // stride, padding, input size, kernel, in channels, out channels
        [1, 'same', 6, 3, 1, 1],
        [2, 'same', 8, 4, 1, 8],
        [2, 'valid', 9, 3, 3, 4],
        [1, 'valid', 7, 2, 8, 3],
        [2, 'same', 7, 5, 16, 2],
        [2, 'same', 14, 4, 32, 64],
      ];
      for (const [stride, pad, size, k, c, o] of cases) {
        it(`conv2d gradients match the direct loop: stride ${stride}, ${pad}, ${size}x${size}x${c}, kernel ${k}, ${o} filters`, () => {
          tf.tidy(() => {
            const x = tf.randomNormal([2, size, size, c], 0, 1, 'float32', 1) as tf.Tensor4D;
            const w = tf.randomNormal([k, k, c, o], 0, 1, 'float32', 2) as tf.Tensor4D;
            const y = tf.conv2d(x, w, stride, pad);
            const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3) as tf.Tensor4D;
            const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
              tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad), dy)),
            )([x, w]);
            const ref = directGradients(x, w, dy, stride, pad);
            closeTo(gw.dataSync(), ref.dw, 'filter gradient');
            closeTo(gx.dataSync(), ref.dx, 'input gradient');
          });
        });
      }
      it('gives the same gradients a few images at a time, the last chunk short (5 images, 2 per chunk)', () => {
        // 8x8 outputs of a 3x3x3 kernel: 27 x 64 floats of patches per image; 2 images fit in 4,000.
        assert.strictEqual(imagesPerChunk(27 * 64, 5, 4000), 2);
        const previous = setIm2colChunkBudget(4000);
        try {
          tf.tidy(() => {
            const x = tf.randomNormal([5, 8, 8, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
            const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 7) as tf.Tensor4D;
            const dy = tf.randomNormal([5, 8, 8, 4], 0, 1, 'float32', 8) as tf.Tensor4D;
            const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
              tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same'), dy)),
            )([x, w]);
            const ref = directGradients(x, w, dy, 1, 'same');
            closeTo(gw.dataSync(), ref.dw, 'filter gradient, chunked');
            closeTo(gx.dataSync(), ref.dx, 'input gradient, chunked');
          });
        } finally {
          setIm2colChunkBudget(previous);
        }
      });

      it('conv2dTranspose (a Conv2DBackpropInput) matches the direct loop', () => {
        tf.tidy(() => {
          const w = tf.randomNormal([4, 4, 8, 6], 0, 1, 'float32', 4) as tf.Tensor4D;
          const dy = tf.randomNormal([2, 7, 7, 6], 0, 1, 'float32', 5) as tf.Tensor4D;
          const x = tf.zeros([2, 14, 14, 8]) as tf.Tensor4D;
          const out = tf.conv2dTranspose(dy, w, [2, 14, 14, 8], 2, 'same');
          closeTo(out.dataSync(), directGradients(x, w, dy, 2, 'same').dx, 'transposed convolution');
        });
      });
      it("leaves nothing behind in the backend (its own buffers, not only the engine's tensors)", () => {
        const run = () =>
          tf.tidy(() => {
            const x = tf.randomNormal([2, 8, 8, 3]) as tf.Tensor4D;
            const w = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
            tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([
              x,
              w,
            ]);
            const dy = tf.randomNormal([2, 4, 4, 4]) as tf.Tensor4D;
            tf.conv2dTranspose(dy, w, [2, 8, 8, 3], 2, 'same');
          });
        assertLeavesNothing(run);
      });
    });
  }
});
