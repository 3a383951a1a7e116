// Checks what the schema cannot: shapes that do not meet, logits squashed twice, sizes that do not
// fit. Pure shape arithmetic, fast enough to run on every keystroke.
import type { Diagnostic, JsonPath } from './diagnostic';
import { findShapeCause } from './shapeCause';
import {
  dataShape,
  discriminatorInputShape,
  elementCount,
  formatShape,
  inferNetwork,
  type NetworkShapes,
} from './shapes';
import type { SourceText } from './sourceText';
import type { Experiment, LayerSpec } from './types';

/** Above this many parameters in one network, training would not fit in memory: refuse it. */
export const MAX_PARAMS_PER_NETWORK = 50_000_000;

export interface ExperimentShapes {
  /** Unknown for a file source whose files were not (or could not be) read. */
  dataShape?: number[];
  generator: NetworkShapes;
  /** Its input is the data's sample: unknown with it. */
  discriminator?: NetworkShapes;
}

/** @param sampleShape the data's sample shape when a probe of its files gave it. */
export function computeShapes(exp: Experiment, sampleShape?: number[]): ExperimentShapes {
  const sample = sampleShape ?? dataShape(exp.data);
  return {
    dataShape: sample,
    generator: inferNetwork(exp.generator.layers, [exp.latent.dim]),
    discriminator: sample
      ? inferNetwork(exp.discriminator.layers, discriminatorInputShape(sample, exp.discriminator.pack))
      : undefined,
  };
}

/** The activation a layer applies last, if any. */
function finalActivation(layer: LayerSpec | undefined): string | undefined {
  if (!layer) return undefined;
  if (layer.type === 'activation') return layer.activation;
  if ('activation' in layer) return layer.activation;
  return undefined;
}

function networkProblems(
  net: NetworkShapes,
  which: 'generator' | 'discriminator',
  src: SourceText,
  out: Diagnostic[],
): void {
  for (const info of net.layers) {
    for (const p of info.problems) {
      const base: JsonPath = [which, 'layers', info.index];
      const path = p.field ? [...base, p.field] : [...base, 'type'];
      out.push(src.diagnostic(p.severity, p.code, `${which} layer ${info.index} (${info.type}): ${p.message}`, path));
    }
  }
  if (net.totalParams > MAX_PARAMS_PER_NETWORK) {
    out.push(
      src.diagnostic(
        'error',
        'too-large',
        `The ${which} has ${net.totalParams.toLocaleString('en-US')} parameters, over the ${MAX_PARAMS_PER_NETWORK.toLocaleString('en-US')} that fit in memory with their gradients and optimiser state: use fewer units or filters.`,
        [which, 'layers'],
      ),
    );
  }
}

/** The semantic problems of a schema-valid experiment, at their places in the text. */
export function checkSemantics(
  exp: Experiment,
  src: SourceText,
  sampleShape?: number[],
): { diagnostics: Diagnostic[]; shapes: ExperimentShapes } {
  const shapes = computeShapes(exp, sampleShape);
  const out: Diagnostic[] = [];
  networkProblems(shapes.generator, 'generator', src, out);
  if (shapes.discriminator) networkProblems(shapes.discriminator, 'discriminator', src, out);

  const g = shapes.generator;
  const gLast = exp.generator.layers.length - 1;
  const want = shapes.dataShape;
  if (g.outputShape && want && formatShape(g.outputShape) !== formatShape(want)) {
    const sameCount = elementCount(g.outputShape) === elementCount(want);
    const fix = sameCount
      ? `add { "type": "reshape", "targetShape": ${formatShape(want)} } at the end`
      : g.outputShape.length === want.length && g.outputShape.length === 1
        ? `set the last layer's units to ${want[0]}`
        : `make the last layer produce ${formatShape(want)}`;
    const lastLayer = exp.generator.layers[gLast];
    const field =
      lastLayer.type === 'dense'
        ? 'units'
        : lastLayer.type === 'conv2d' || lastLayer.type === 'conv2dTranspose'
          ? 'filters'
          : 'type';
    const outputs = `The generator outputs ${formatShape(g.outputShape)} but the data's samples are ${formatShape(want)}`;
    // A size that is wrong from one layer's stride, padding or upsampling: said at that setting.
    const cause =
      g.outputShape.length === 3 && want.length === 3 && !sameCount
        ? findShapeCause(exp.generator.layers, [exp.latent.dim], want)
        : undefined;
    out.push(
      cause
        ? src.diagnostic(
            'error',
            'generator-output',
            `${outputs}: layer ${cause.index} (${exp.generator.layers[cause.index].type}) ${cause.advice}.`,
            ['generator', 'layers', cause.index, cause.field],
          )
        : src.diagnostic('error', 'generator-output', `${outputs}: ${fix}.`, ['generator', 'layers', gLast, field]),
    );
  }

  const d = shapes.discriminator;
  const dLast = exp.discriminator.layers.length - 1;
  const dLastLayer = exp.discriminator.layers[dLast];
  if (d?.outputShape && formatShape(d.outputShape) !== '[1]') {
    const fix =
      d.outputShape.length > 1
        ? 'add { "type": "flatten" } and then { "type": "dense", "units": 1 } at the end'
        : dLastLayer.type === 'dense'
          ? "set the last layer's units to 1"
          : 'end it with { "type": "dense", "units": 1 }';
    out.push(
      src.diagnostic(
        'error',
        'discriminator-output',
        `The discriminator must end in one unit (a score per sample) but outputs ${formatShape(d.outputShape)}: ${fix}.`,
        ['discriminator', 'layers', dLast, dLastLayer.type === 'dense' ? 'units' : 'type'],
      ),
    );
  }
  const act = finalActivation(dLastLayer);
  if ((act === 'sigmoid' || act === 'softmax' || act === 'tanh') && exp.loss !== 'lsgan') {
    const path: JsonPath = [
      'discriminator',
      'layers',
      dLast,
      dLastLayer.type === 'activation' ? 'activation' : 'activation',
    ];
    const why =
      act === 'softmax'
        ? 'a softmax over one unit is always 1'
        : `the ${exp.loss} loss works on raw scores (logits) and applies its own squashing`;
    out.push(
      src.diagnostic(
        'error',
        'squashed-logit',
        `The discriminator's output has a ${act}, but ${why}: remove the ${act} from the last layer.`,
        path,
      ),
    );
  }
  if (exp.training.batchSize % exp.discriminator.pack !== 0) {
    out.push(
      src.diagnostic(
        'error',
        'batch-pack',
        `batchSize ${exp.training.batchSize} is not a multiple of discriminator.pack ${exp.discriminator.pack}: use ${Math.max(exp.discriminator.pack, Math.round(exp.training.batchSize / exp.discriminator.pack) * exp.discriminator.pack)}.`,
        ['training', 'batchSize'],
      ),
    );
  }
  if (exp.loss === 'wgan-gp') {
    exp.discriminator.layers.forEach((l, i) => {
      if (l.type === 'batchNormalization') {
        out.push(
          src.diagnostic(
            'warning',
            'wgan-batchnorm',
            'Batch normalisation in a wgan-gp critic makes the gradient penalty invalid (it mixes samples): use layerNormalization instead.',
            ['discriminator', 'layers', i, 'type'],
          ),
        );
      }
    });
  }
  if (
    exp.data.source === 'mnist' &&
    exp.data.digits &&
    exp.data.limit !== undefined &&
    exp.data.limit < exp.training.batchSize
  ) {
    out.push(
      src.diagnostic(
        'warning',
        'small-data',
        `data.limit ${exp.data.limit} is smaller than one batch (${exp.training.batchSize}): batches will repeat images.`,
        ['data', 'limit'],
      ),
    );
  }
  return { diagnostics: out, shapes };
}
