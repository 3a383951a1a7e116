// The convolution gradients by their definition, for the tests of the kernels that compute them.
import * as assert from 'assert';
import type * as tf from '@tensorflow/tfjs-core';

/** The convolution gradients by a direct loop, the definition the kernels must match. */
export function directGradients(
  x: tf.Tensor4D,
  w: tf.Tensor4D,
  dy: tf.Tensor4D,
  stride: number,
  pad: 'same' | 'valid',
) {
  const [n, h, wd, c] = x.shape;
  const [kh, kw, , o] = w.shape;
  const [, oh, ow] = dy.shape;
  const padTop = pad === 'same' ? Math.max((oh - 1) * stride + kh - h, 0) >> 1 : 0;
  const padLeft = pad === 'same' ? Math.max((ow - 1) * stride + kw - wd, 0) >> 1 : 0;
  const xv = x.dataSync(),
    wv = w.dataSync(),
    dyv = dy.dataSync();
  const dw = new Float32Array(wv.length),
    dx = new Float32Array(xv.length);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let p = 0; p < kh; p++)
          for (let q = 0; q < kw; q++) {
            const ih = i * stride - padTop + p,
              iw = j * stride - padLeft + q;
            if (ih < 0 || iw < 0 || ih >= h || iw >= wd) continue;
            for (let ci = 0; ci < c; ci++)
              for (let co = 0; co < o; co++) {
                const g = dyv[((b * oh + i) * ow + j) * o + co];
                dw[((p * kw + q) * c + ci) * o + co] += xv[((b * h + ih) * wd + iw) * c + ci] * g;
                dx[((b * h + ih) * wd + iw) * c + ci] += wv[((p * kw + q) * c + ci) * o + co] * g;
              }
          }
  return { dw, dx };
}

export function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string) {
  assert.strictEqual(actual.length, expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
  assert.ok(worst < 1e-4, `${what}: worst relative error ${worst}`);
}
