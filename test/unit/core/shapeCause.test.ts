import * as assert from 'assert';
import { applyDefaults } from '../../../src/core/experiment/schema';
import { findShapeCause } from '../../../src/core/experiment/shapeCause';
import type { LayerSpec } from '../../../src/core/experiment/types';

/** Layers as the engine sees them, defaults filled. */
const layers = (...specs: object[]): LayerSpec[] =>
  (
    applyDefaults({
      name: 'x',
      data: { source: 'mnist' },
      generator: { layers: specs },
      discriminator: { layers: [{ type: 'dense', units: 1 }] },
    }) as { generator: { layers: LayerSpec[] } }
  ).generator.layers;

const start = [
  { type: 'dense', units: 7 * 7 * 8 },
  { type: 'reshape', targetShape: [7, 7, 8] },
];

describe('the layer that makes an output the wrong size', () => {
  it('blames the stride that is not 2, of two upsampling layers, and not the one that is', () => {
    const net = layers(
      ...start,
      { type: 'conv2dTranspose', filters: 8, kernelSize: 4, strides: 2 },
      { type: 'conv2dTranspose', filters: 1, kernelSize: 4, strides: 1 },
    );
    const cause = findShapeCause(net, [16], [28, 28, 1]);
    assert.deepStrictEqual(cause && { index: cause.index, field: cause.field, value: cause.value }, {
      index: 3,
      field: 'strides',
      value: 2,
    });
  });

  it('keeps a stride written as a pair a pair', () => {
    const net = layers(...start, { type: 'conv2dTranspose', filters: 1, kernelSize: 4, strides: [2, 2] });
    assert.deepStrictEqual(findShapeCause(net, [16], [28, 28, 1])?.value, [4, 4]);
  });

  it('finds an upsampling size and a padding', () => {
    const up = layers(...start, { type: 'upSampling2d', size: 2 }, { type: 'conv2d', filters: 1, kernelSize: 3 });
    assert.deepStrictEqual(findShapeCause(up, [16], [28, 28, 1])?.field, 'size');
    const valid = layers(...start, { type: 'conv2d', filters: 1, kernelSize: 3, padding: 'valid' });
    const cause = findShapeCause(valid, [16], [7, 7, 1]);
    assert.deepStrictEqual([cause?.field, cause?.value], ['padding', 'same']);
  });

  it('blames nothing where no one setting gives the shape (the channels are wrong)', () => {
    const net = layers(...start, { type: 'conv2dTranspose', filters: 3, kernelSize: 4, strides: 2 });
    assert.strictEqual(findShapeCause(net, [16], [14, 14, 1]), undefined);
  });
});
