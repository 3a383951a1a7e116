// Shapes of the parts of an experiment that are still valid while another part has schema errors,
// so a misspelt key in one layer does not take every inline shape away: the keys in error are left
// out (as if not written: a misspelt optional key changes no shape), and a network is cut before
// its first layer still in error without them (a misspelt `units`).
// Pure.
import type { Diagnostic, JsonPath } from './diagnostic';
import { applyDefaults } from './schema';
import { checkSchema } from './schemaCheck';
import { computeShapes, type ExperimentShapes } from './semanticCheck';
import type { SourceText } from './sourceText';
import type { Experiment } from './types';

type Network = 'generator' | 'discriminator';

export interface PartialShapes {
  shapes: ExperimentShapes;
  /** Networks cut short: their layers from this index on have no shape (and no total). */
  cutAt: Partial<Record<Network, number>>;
}

const isNetwork = (v: unknown): v is Network => v === 'generator' || v === 'discriminator';
const isRecord = (v: unknown): v is Record<string | number, unknown> => typeof v === 'object' && v !== null;

/** The layer `path` is in, if it is in one. */
function layerOf(path: JsonPath): { network: Network; index: number } | undefined {
  const [network, layers, index] = path;
  return isNetwork(network) && layers === 'layers' && typeof index === 'number' ? { network, index } : undefined;
}

/** Removes the key at `path`; false where there is no key to remove (the root, a list item). */
function removeKey(value: unknown, path: JsonPath): boolean {
  const key = path[path.length - 1];
  if (typeof key !== 'string') return false;
  let parent: unknown = value;
  for (const p of path.slice(0, -1)) parent = isRecord(parent) ? parent[p] : undefined;
  if (!isRecord(parent) || !(key in parent)) return false;
  delete parent[key];
  return true;
}

export function shapesDespite(value: unknown, errors: Diagnostic[], src: SourceText): PartialShapes | undefined {
  const pruned = structuredClone(value) as Record<string, unknown>;
  const cutAt: PartialShapes['cutAt'] = {};
  let problems = errors;
  // Each round removes what is in error; what a removal breaks (a required key) shows in the next.
  for (let round = 0; round < 4 && problems.length; round++) {
    for (const p of problems) {
      if (removeKey(pruned, p.path)) continue;
      const layer = layerOf(p.path);
      if (!layer) return undefined;
      cutAt[layer.network] = Math.min(cutAt[layer.network] ?? Infinity, layer.index);
    }
    for (const [network, at] of Object.entries(cutAt) as Array<[Network, number]>) {
      const net = pruned[network];
      if (isRecord(net) && Array.isArray(net.layers)) net.layers = net.layers.slice(0, at);
    }
    // A network cut to nothing is not wrong for shapes: it has none.
    problems = checkSchema(pruned, src).filter((p) => {
      const [network, layers] = p.path;
      return !(isNetwork(network) && cutAt[network] !== undefined && (layers === 'layers' || p.path.length === 1));
    });
  }
  if (problems.length) return undefined;
  try {
    return { shapes: computeShapes(applyDefaults(pruned) as Experiment), cutAt };
  } catch {
    return undefined; // a value the shapes cannot be computed from; no inline shapes then
  }
}
