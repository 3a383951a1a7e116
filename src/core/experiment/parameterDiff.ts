// Experiments as flat parameter lists ("training.generatorOptimizer.learningRate" = 0.0002), and
// the differences between two of them: what Resume refuses, Fork reports and Compare tabulates.
// Pure.

export interface ParameterDifference {
  /** JSON path, with layer indices: `generator.layers[2].strides`. */
  path: string;
  a: unknown;
  b: unknown;
}

/** Every leaf value of `x` under its path, in document order. Arrays of numbers are one value. */
export function flattenParameters(x: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(x) && x.every((v) => typeof v !== 'object' || v === null)) out.set(prefix, x);
  else if (Array.isArray(x)) x.forEach((v, i) => flattenParameters(v, `${prefix}[${i}]`, out));
  else if (typeof x === 'object' && x !== null)
    for (const [k, v] of Object.entries(x)) flattenParameters(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, x);
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The paths where `a` and `b` differ (a value missing on one side is undefined there). */
export function parameterDifferences(a: unknown, b: unknown): ParameterDifference[] {
  const fa = flattenParameters(a);
  const fb = flattenParameters(b);
  const out: ParameterDifference[] = [];
  for (const [path, va] of fa) if (!same(va, fb.get(path))) out.push({ path, a: va, b: fb.get(path) });
  for (const [path, vb] of fb) if (!fa.has(path)) out.push({ path, a: undefined, b: vb });
  return out;
}

/** `a -> b` for a message: `training.batchSize 64 -> 128`. */
export function describeDifference(d: ParameterDifference): string {
  const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));
  return `${d.path} ${show(d.a)} -> ${show(d.b)}`;
}

/** The parts of an experiment that decide the networks' weights: a fork must keep them. */
export const ARCHITECTURE_PATHS = ['generator.', 'discriminator.', 'latent.dim', 'data.'];
