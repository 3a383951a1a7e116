// What the editor shows inline: each layer's output shape and parameters, each network's total,
// and a hover that explains a layer's shape. Pure shape arithmetic on the text.
import { findNodeAtLocation, getNodeValue, type Node as JsonNode } from 'jsonc-parser';
import { parseTreeSafely } from './structureCheck';
import { applyDefaults } from './schema';
import { formatShape, type LayerShape, type NetworkShapes } from './shapes';
import type { LayerSpec } from './types';
import { validateExperimentText } from './validateExperiment';

export interface InlineAnnotation {
  /** Where the label goes: just after the layer object (or the network's layers array). */
  offset: number;
  label: string;
  /** The range of the layer object, for hovers. */
  range: { offset: number; length: number };
  hover: string;
}

const params = (n: number) => `${n.toLocaleString('en-US')} param${n === 1 ? '' : 's'}`;
const pair = (v: number | number[]) => (Array.isArray(v) ? v : [v, v]);

/** A sentence on how `layer` turns its input shape into its output shape. */
export function explainLayer(layer: LayerSpec, info: LayerShape): string {
  const inS = formatShape(info.inputShape);
  const outS = info.outputShape ? formatShape(info.outputShape) : '(no shape: see the problem)';
  const head = `**${layer.type}**: ${inS} → ${outS}, ${params(info.params)}.`;
  switch (layer.type) {
    case 'dense':
      return `${head} Every output unit sees all ${info.inputShape[0]} inputs: ${info.inputShape[0]}×${layer.units} weights${layer.useBias ? ` + ${layer.units} biases` : ''}.`;
    case 'conv2d': {
      const [kh, kw] = pair(layer.kernelSize);
      const [sh, sw] = pair(layer.strides);
      const rule =
        layer.padding === 'same'
          ? `ceil(size / stride): ceil(${info.inputShape[0]}/${sh}) × ceil(${info.inputShape[1]}/${sw})`
          : `floor((size - kernel) / stride) + 1: floor((${info.inputShape[0]}-${kh})/${sh})+1 × floor((${info.inputShape[1]}-${kw})/${sw})+1`;
      return `${head} Padding '${layer.padding}' gives ${rule}; ${layer.filters} filters of ${kh}×${kw}×${info.inputShape[2]}.`;
    }
    case 'conv2dTranspose': {
      const [kh, kw] = pair(layer.kernelSize);
      const [sh, sw] = pair(layer.strides);
      const rule =
        layer.padding === 'same'
          ? `size × stride: ${info.inputShape[0]}×${sh}, ${info.inputShape[1]}×${sw}`
          : `size × stride + max(kernel - stride, 0)`;
      return `${head} Upsamples by its stride: ${rule}; ${layer.filters} filters of ${kh}×${kw}×${info.inputShape[2]}.`;
    }
    case 'upSampling2d':
      return `${head} Repeats each row and column ${pair(layer.size).join(' and ')} times.`;
    case 'reshape':
      return `${head} Same ${info.inputShape.reduce((a, b) => a * b, 1)} values, new shape.`;
    case 'flatten':
      return `${head} Lays the values out in one row.`;
    case 'batchNormalization':
      return `${head} Per channel: scale and shift (trained), moving mean and variance (not trained).`;
    case 'layerNormalization':
      return `${head} Per channel: scale and shift.`;
    default:
      return `${head} Shape unchanged.`;
  }
}

function annotateNetwork(
  root: JsonNode,
  which: 'generator' | 'discriminator',
  layers: LayerSpec[],
  net: NetworkShapes,
  out: InlineAnnotation[],
  cutAt?: number,
): void {
  const array = findNodeAtLocation(root, [which, 'layers']);
  if (!array?.children) return;
  net.layers.forEach((info, i) => {
    const node = array.children![i];
    if (!node || !info.outputShape) return;
    out.push({
      offset: node.offset + node.length,
      label: `→ ${formatShape(info.outputShape)} · ${params(info.params)}`,
      range: { offset: node.offset, length: node.length },
      hover: explainLayer(layers[i], info),
    });
  });
  if (cutAt !== undefined) return; // a total of some layers would mislead
  const total = `${which}: ${formatShape(net.inputShape)} → ${net.outputShape ? formatShape(net.outputShape) : '?'}, ${params(net.totalParams)} in all`;
  out.push({
    offset: array.offset + array.length,
    label: `Σ ${params(net.totalParams)}`,
    range: { offset: array.offset, length: array.length },
    hover: total,
  });
}

/** Inline annotations for every layer whose shape is known; none when the file does not parse. */
export function experimentAnnotations(text: string): InlineAnnotation[] {
  const r = validateExperimentText(text);
  const root = parseTreeSafely(text);
  if (!r.shapes || !root) return [];
  // With errors there is no experiment, but the valid layers still have shapes.
  const exp =
    r.experiment ??
    (applyDefaults(getNodeValue(root)) as {
      generator: { layers: LayerSpec[] };
      discriminator: { layers: LayerSpec[] };
    });
  const out: InlineAnnotation[] = [];
  const cut = r.shapesCutAt ?? {};
  annotateNetwork(root, 'generator', exp.generator.layers, r.shapes.generator, out, cut.generator);
  if (r.shapes.discriminator)
    annotateNetwork(root, 'discriminator', exp.discriminator.layers, r.shapes.discriminator, out, cut.discriminator);
  return out;
}
