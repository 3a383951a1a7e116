import * as assert from 'assert';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../../src/core/backend/selectBackend';
import type { LayerSpec } from '../../../src/core/experiment/types';
import { buildNetwork } from '../../../src/core/model/buildNetwork';

/** A small DCGAN-like discriminator: a strided convolution, then a dense logit. */
const LAYERS: LayerSpec[] = [
  { type: 'conv2d', filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'linear', useBias: true },
  { type: 'leakyReLU', alpha: 0.2 },
  { type: 'flatten' },
  { type: 'dense', units: 1, activation: 'linear', useBias: true },
];

/** The same network from tfjs-layers alone, with the same weights: its layers use the fused ops. */
function stockCopy(model: tfl.Sequential): tfl.Sequential {
  const copy = tfl.sequential();
  copy.add(tfl.layers.conv2d({ inputShape: [8, 8, 2], filters: 8, kernelSize: 3, strides: 2, padding: 'same' }));
  copy.add(tfl.layers.leakyReLU({ alpha: 0.2 }));
  copy.add(tfl.layers.flatten());
  copy.add(tfl.layers.dense({ units: 1 }));
  copy.setWeights(model.getWeights());
  return copy;
}

/** The kernels a gradient with respect to the images only (the generator's update) runs. */
async function kernelsOfInputGradient(
  model: tfl.Sequential,
  x: tf.Tensor,
): Promise<{ names: string[]; grad: Float32Array }> {
  let grad: Float32Array = new Float32Array(0);
  const info = await tf.profile(() => {
    const g = tf.grad((images: tf.Tensor) => tf.sum(model.apply(images, { training: true }) as tf.Tensor))(x);
    grad = g.dataSync() as Float32Array;
    g.dispose();
  });
  return { names: info.kernels.map((k) => k.name), grad };
}

describe('layers whose gradients are only the ones asked for', () => {
  before(() => selectBackend('wasm'));

  it("computes no weight gradient of the discriminator in the generator's update, and the same input gradient", async () => {
    const model = buildNetwork('d', LAYERS, [8, 8, 2], 1);
    const stock = stockCopy(model);
    const x = tf.randomNormal([4, 8, 8, 2], 0, 1, 'float32', 3);
    const ours = await kernelsOfInputGradient(model, x);
    const theirs = await kernelsOfInputGradient(stock, x);
    // The stock layers' fused ops compute every gradient: this is what the test guards against.
    assert.ok(theirs.names.includes('Conv2DBackpropFilter'), 'the stock layers compute the filter gradient');
    assert.ok(!ours.names.includes('Conv2DBackpropFilter'), `kernels run: ${ours.names.join(', ')}`);
    assert.strictEqual(
      ours.names.filter((n) => n === 'Sum').length < theirs.names.filter((n) => n === 'Sum').length,
      true,
    );
    assert.strictEqual(ours.grad.length, theirs.grad.length);
    for (let i = 0; i < ours.grad.length; i++) assert.ok(Math.abs(ours.grad[i] - theirs.grad[i]) < 1e-5, `[${i}]`);
    tf.dispose([x]);
    model.dispose();
    stock.dispose();
  });

  it("gives the discriminator's update the weight gradients of the fused layers", () => {
    const model = buildNetwork('d', LAYERS, [8, 8, 2], 1);
    const stock = stockCopy(model);
    const x = tf.randomNormal([4, 8, 8, 2], 0, 1, 'float32', 4);
    const gradsOf = (m: tfl.Sequential) =>
      tf.variableGrads(
        () => tf.sum(m.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
        m.trainableWeights.map((w) => w.read() as tf.Variable),
      );
    const ours = Object.values(gradsOf(model).grads).map((g) => g.dataSync());
    const theirs = Object.values(gradsOf(stock).grads).map((g) => g.dataSync());
    assert.strictEqual(ours.length, 4); // kernel and bias of both layers
    ours.forEach((g, i) => g.forEach((v, j) => assert.ok(Math.abs(v - theirs[i][j]) < 1e-4, `weight ${i} [${j}]`)));
    // Outside a gradient (samples, metrics) the fused op still runs.
    const info = tf.tidy(() => (model.predict(x) as tf.Tensor).shape);
    assert.deepStrictEqual(info, [4, 1]);
    tf.dispose(x);
    model.dispose();
    stock.dispose();
  });
});
