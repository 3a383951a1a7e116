// Which layer makes a network's output the wrong size: the one stride, padding or upsampling size
// whose change gives the wanted shape. A wrong stride deep in a generator shows only at its end
// ("outputs [14,14,1], the data are [28,28,1]"); the problem belongs at the setting to change. Pure.
import { formatShape, inferNetwork } from './shapes';
import type { KernelPair, LayerSpec, Shape } from './types';

export interface ShapeCause {
  /** The layer to change, by index in its list. */
  index: number;
  field: 'strides' | 'padding' | 'size';
  /** The value that gives the wanted shape, written as the layer writes the current one. */
  value: KernelPair | string;
  /** What the layer does now and what to change, e.g. "keeps the size with strides 1; set its strides to 2". */
  advice: string;
}

interface Candidate extends ShapeCause {
  /** Lower is likelier: a stride of 2 (the usual up- and downsampling), then the smallest change. */
  rank: number;
}

const sameShape = (a: Shape | undefined, b: Shape) => !!a && formatShape(a) === formatShape(b);

/** `n` as the layer writes its current value: one number, or a [height, width] pair. */
const written = (current: KernelPair, n: number): KernelPair => (Array.isArray(current) ? [n, n] : n);
const first = (v: KernelPair) => (Array.isArray(v) ? v[0] : v);

function candidatesOf(layer: LayerSpec, index: number): Array<{ layer: LayerSpec; cause: Candidate }> {
  const out: Array<{ layer: LayerSpec; cause: Candidate }> = [];
  if (layer.type === 'conv2d' || layer.type === 'conv2dTranspose') {
    const now = first(layer.strides);
    const verb = layer.type === 'conv2d' ? 'divides the size by' : 'multiplies the size by';
    for (const s of [1, 2, 3, 4]) {
      if (s === now || (Array.isArray(layer.strides) && layer.strides[0] !== layer.strides[1])) continue;
      out.push({
        layer: { ...layer, strides: written(layer.strides, s) },
        cause: {
          index,
          field: 'strides',
          value: written(layer.strides, s),
          advice: `${now === 1 ? 'keeps the size' : `${verb} ${now}`} with strides ${JSON.stringify(layer.strides)}; set its strides to ${JSON.stringify(written(layer.strides, s))}`,
          rank: (s === 2 ? 0 : 10) + Math.abs(s - now),
        },
      });
    }
    const padding = layer.padding === 'same' ? 'valid' : 'same';
    out.push({
      layer: { ...layer, padding },
      cause: {
        index,
        field: 'padding',
        value: padding,
        advice: `with padding "${layer.padding}" ${layer.padding === 'valid' ? 'loses the border' : 'keeps the border'}; set its padding to "${padding}"`,
        rank: 20,
      },
    });
  }
  if (layer.type === 'upSampling2d') {
    const now = first(layer.size);
    for (const s of [1, 2, 3, 4]) {
      if (s === now) continue;
      out.push({
        layer: { ...layer, size: written(layer.size, s) },
        cause: {
          index,
          field: 'size',
          value: written(layer.size, s),
          advice: `repeats each pixel ${now} time${now === 1 ? '' : 's'}; set its size to ${JSON.stringify(written(layer.size, s))}`,
          rank: (s === 2 ? 0 : 10) + Math.abs(s - now),
        },
      });
    }
  }
  return out;
}

/**
 * The one change to one layer that makes `layers` (on `input`) produce `want`, the likeliest if
 * several would; undefined when no single such change does (then the last layer is to blame).
 */
export function findShapeCause(layers: LayerSpec[], input: Shape, want: Shape): ShapeCause | undefined {
  const found: Candidate[] = [];
  layers.forEach((layer, i) => {
    for (const c of candidatesOf(layer, i)) {
      const tried = layers.map((l, j) => (j === i ? c.layer : l));
      if (sameShape(inferNetwork(tried, input).outputShape, want)) found.push(c.cause);
    }
  });
  found.sort((a, b) => a.rank - b.rank || a.index - b.index);
  if (!found.length) return undefined;
  const { rank: _rank, ...cause } = found[0];
  return cause;
}
