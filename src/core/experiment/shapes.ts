// Shape inference and parameter counting for layer lists: pure arithmetic, no TensorFlow.js, so the
// editor can run it on every keystroke and the engine can refuse a model before building it.
import type { Experiment, KernelPair, LayerSpec, Shape } from './types';

/** A problem with one layer, named by the field to change. */
export interface LayerProblem {
  code: string;
  message: string;
  /** The layer's key to point at, or undefined for the layer as a whole. */
  field?: string;
  severity: 'error' | 'warning';
}

export interface LayerShape {
  index: number;
  type: LayerSpec['type'];
  inputShape: Shape;
  /** Undefined when the layer cannot be applied to its input. */
  outputShape?: Shape;
  /** Trainable and non-trainable parameters, as TensorFlow.js counts them. */
  params: number;
  problems: LayerProblem[];
}

export interface NetworkShapes {
  inputShape: Shape;
  layers: LayerShape[];
  /** Undefined when some layer's shape could not be computed. */
  outputShape?: Shape;
  totalParams: number;
}

export const formatShape = (s: Shape): string => `[${s.join(',')}]`;
export const elementCount = (s: Shape): number => s.reduce((a, b) => a * b, 1);
const pairOf = (p: KernelPair): [number, number] => (Array.isArray(p) ? [p[0], p[1]] : [p, p]);

/** Output size of a convolution along one axis, as TensorFlow computes it. */
export function convOutputSize(input: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? Math.ceil(input / stride) : Math.floor((input - kernel) / stride) + 1;
}

/** Output size of a transposed convolution along one axis, as TensorFlow.js computes it. */
export function deconvOutputSize(input: number, kernel: number, stride: number, padding: 'same' | 'valid'): number {
  return padding === 'same' ? input * stride : input * stride + Math.max(kernel - stride, 0);
}

function needRank3(layer: LayerSpec, input: Shape): LayerProblem | undefined {
  if (input.length === 3) return undefined;
  const fix =
    input.length === 1
      ? `insert a reshape before it, e.g. { "type": "reshape", "targetShape": [h, w, c] } with h*w*c = ${input[0]}`
      : 'reshape its input to [height, width, channels] first';
  return {
    code: 'rank-needs-image',
    severity: 'error',
    message: `${layer.type} needs an input of shape [height, width, channels] but gets ${formatShape(input)}: ${fix}.`,
  };
}

/** Infers one layer's output shape and parameter count from its input shape. */
export function inferLayer(layer: LayerSpec, input: Shape, index: number): LayerShape {
  const out: LayerShape = { index, type: layer.type, inputShape: input, params: 0, problems: [] };
  const fail = (p: LayerProblem): LayerShape => {
    out.problems.push(p);
    return out;
  };
  const last = input[input.length - 1];
  switch (layer.type) {
    case 'dense': {
      if (input.length !== 1) {
        return fail({
          code: 'dense-needs-flat',
          severity: 'error',
          message: `dense needs a flat input but gets ${formatShape(input)}: insert { "type": "flatten" } before it.`,
        });
      }
      out.outputShape = [layer.units];
      out.params = last * layer.units + (layer.useBias ? layer.units : 0);
      return out;
    }
    case 'conv2d':
    case 'conv2dTranspose': {
      const bad = needRank3(layer, input);
      if (bad) return fail(bad);
      const [kh, kw] = pairOf(layer.kernelSize);
      const [sh, sw] = pairOf(layer.strides);
      const [h, w, c] = input;
      if (layer.type === 'conv2d') {
        if (kh > h || kw > w) {
          const p: LayerProblem = {
            code: 'kernel-too-large',
            field: 'kernelSize',
            severity: layer.padding === 'valid' ? 'error' : 'warning',
            message:
              `kernelSize [${kh},${kw}] is larger than the input's [${h},${w}]: use a kernel of at most ${Math.min(h, w)}` +
              (layer.padding === 'valid'
                ? ", or padding 'same'."
                : ' (with padding "same" the kernel sees mostly zeros).'),
          };
          if (p.severity === 'error') return fail(p);
          out.problems.push(p);
        }
        out.outputShape = [
          convOutputSize(h, kh, sh, layer.padding),
          convOutputSize(w, kw, sw, layer.padding),
          layer.filters,
        ];
      } else {
        out.outputShape = [
          deconvOutputSize(h, kh, sh, layer.padding),
          deconvOutputSize(w, kw, sw, layer.padding),
          layer.filters,
        ];
      }
      out.params = kh * kw * c * layer.filters + (layer.useBias ? layer.filters : 0);
      return out;
    }
    case 'upSampling2d': {
      const bad = needRank3(layer, input);
      if (bad) return fail(bad);
      const [fh, fw] = pairOf(layer.size);
      out.outputShape = [input[0] * fh, input[1] * fw, input[2]];
      return out;
    }
    case 'reshape': {
      const from = elementCount(input);
      const to = elementCount(layer.targetShape);
      if (from !== to) {
        return fail({
          code: 'reshape-count',
          field: 'targetShape',
          severity: 'error',
          message: `reshape to ${formatShape(layer.targetShape)} (${to} elements) cannot take ${formatShape(input)} (${from} elements): choose a targetShape whose product is ${from}, or change the layer before it to give ${to}.`,
        });
      }
      out.outputShape = [...layer.targetShape];
      return out;
    }
    case 'flatten':
      out.outputShape = [elementCount(input)];
      return out;
    case 'batchNormalization':
      out.outputShape = input;
      out.params = 4 * last;
      return out;
    case 'layerNormalization':
      out.outputShape = input;
      out.params = 2 * last;
      return out;
    case 'dropout':
    case 'leakyReLU':
    case 'activation':
      out.outputShape = input;
      return out;
  }
}

/** Infers the shapes of a whole layer list; inference stops at the first layer that cannot apply. */
export function inferNetwork(layers: LayerSpec[], inputShape: Shape): NetworkShapes {
  const result: NetworkShapes = { inputShape, layers: [], totalParams: 0 };
  let shape: Shape | undefined = inputShape;
  layers.forEach((layer, i) => {
    if (!shape) return;
    const info = inferLayer(layer, shape, i);
    result.layers.push(info);
    result.totalParams += info.params;
    shape = info.outputShape;
  });
  result.outputShape = shape;
  return result;
}

/** The shape of one real sample for a data spec, without the batch axis. */
/** The sample shape the data's own settings give; undefined for array and table files, whose shape
 * is in their headers (see probeData). */
export function dataShape(data: Experiment['data']): Shape | undefined {
  switch (data.source) {
    case 'mnist':
      return data.flatten ? [784] : [28, 28, 1];
    case 'gaussian':
      return [data.dim];
    case 'images':
      return [data.height, data.width, data.channels];
    case 'npy':
    case 'csv':
    case 'idx':
      return undefined;
    default:
      return [2];
  }
}

/** The discriminator's input shape: PacGAN packs `pack` samples side by side on the last axis. */
export function discriminatorInputShape(sample: Shape, pack: number): Shape {
  const s = [...sample];
  s[s.length - 1] *= pack;
  return s;
}
