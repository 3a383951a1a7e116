import * as assert from 'assert';
import { buildNetwork } from '../../../src/core/model/buildNetwork';
import { convOutputSize, deconvOutputSize, inferNetwork } from '../../../src/core/experiment/shapes';
import type { LayerSpec } from '../../../src/core/experiment/types';
import { useBackend } from '../../helpers/backend';

const conv = (
  type: 'conv2d' | 'conv2dTranspose',
  filters: number,
  k: number,
  s: number,
  padding: 'same' | 'valid',
): LayerSpec => ({ type, filters, kernelSize: k, strides: s, padding, activation: 'linear', useBias: true });

describe('shape inference', () => {
  before(() => useBackend());

  it('computes convolution sizes as TensorFlow does', () => {
    assert.strictEqual(convOutputSize(28, 4, 2, 'same'), 14);
    assert.strictEqual(convOutputSize(28, 5, 2, 'valid'), 12);
    assert.strictEqual(convOutputSize(7, 3, 1, 'valid'), 5);
    assert.strictEqual(deconvOutputSize(7, 4, 2, 'same'), 14);
    assert.strictEqual(deconvOutputSize(7, 5, 2, 'valid'), 17);
  });

  const networks: Array<[string, number[], LayerSpec[]]> = [
    [
      'a DCGAN generator',
      [100],
      [
        { type: 'dense', units: 3136, activation: 'linear', useBias: true },
        { type: 'leakyReLU', alpha: 0.2 },
        { type: 'reshape', targetShape: [7, 7, 64] },
        conv('conv2dTranspose', 32, 4, 2, 'same'),
        { type: 'batchNormalization', momentum: 0.9, epsilon: 1e-3 },
        conv('conv2dTranspose', 1, 4, 2, 'same'),
      ],
    ],
    [
      'a strided discriminator with valid padding',
      [28, 28, 1],
      [
        conv('conv2d', 8, 5, 2, 'valid'),
        { type: 'layerNormalization', epsilon: 1e-3 },
        conv('conv2d', 16, 3, 1, 'valid'),
        { type: 'upSampling2d', size: [2, 3] },
        { type: 'dropout', rate: 0.3 },
        { type: 'flatten' },
        { type: 'dense', units: 1, activation: 'linear', useBias: false },
      ],
    ],
    [
      'dense layers with a leaky activation',
      [2],
      [
        { type: 'dense', units: 64, activation: 'leakyRelu', useBias: true },
        { type: 'activation', activation: 'tanh' },
        { type: 'dense', units: 2, activation: 'linear', useBias: true },
      ],
    ],
  ];
  for (const [what, input, layers] of networks) {
    it(`matches TensorFlow.js's shapes and parameter counts for ${what}`, () => {
      const inferred = inferNetwork(layers, input);
      const model = buildNetwork('m', layers, input, 1);
      try {
        assert.deepStrictEqual(inferred.outputShape, model.outputs[0].shape.slice(1));
        assert.strictEqual(inferred.totalParams, model.countParams());
      } finally {
        model.dispose();
      }
    });
  }

  it('stops at the first layer that cannot apply and says why', () => {
    const net = inferNetwork(
      [
        { type: 'dense', units: 10, activation: 'linear', useBias: true },
        conv('conv2d', 4, 3, 1, 'same'),
        { type: 'flatten' },
      ],
      [5],
    );
    assert.strictEqual(net.layers.length, 2);
    assert.strictEqual(net.outputShape, undefined);
    assert.strictEqual(net.layers[1].problems[0].code, 'rank-needs-image');
    assert.match(net.layers[1].problems[0].message, /h\*w\*c = 10/);
  });
});
