// Puts a freshly built run in the state of a checkpoint: weights, optimiser slots, the step and
// every random stream (Resume), or as much of it as the edited experiment can take (Fork).
// Runs in the trainer process; no VS Code API.
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Dataset } from '../data/dataset';
import { ARCHITECTURE_PATHS, describeDifference, parameterDifferences } from '../experiment/parameterDiff';
import type { Experiment } from '../experiment/types';
import { ArchitectureMismatch, loadModelWeights, loadOptimizer } from '../run/checkpointFiles';
import type { ResumePoint } from '../run/resumePoint';
import type { GanTrainer } from './ganTrainer';

export interface RunParts {
  generator: tfl.LayersModel;
  discriminator: tfl.LayersModel;
  generatorAverage?: tfl.LayersModel;
  trainer: GanTrainer;
  dataset: Dataset;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Resume restores everything. Fork keeps the weights (the architecture must match) and takes the
 * optimiser state, the generator average and the random streams only where the experiment kept
 * what they depend on (the same optimiser, average, seed, data), so an edit takes effect.
 */
export async function applyStartPoint(
  point: ResumePoint,
  mode: 'resume' | 'fork',
  experiment: Experiment,
  parts: RunParts,
): Promise<void> {
  const { state, checkpointDir: dir, recorded } = point;
  const r = recorded as unknown as Experiment;
  const resume = mode === 'resume';
  try {
    loadModelWeights(parts.generator, dir, state.generator);
    loadModelWeights(parts.discriminator, dir, state.discriminator);
  } catch (err) {
    if (!(err instanceof ArchitectureMismatch)) throw err;
    const differs = parameterDifferences(recorded, experiment).filter((d) =>
      ARCHITECTURE_PATHS.some((p) => d.path.startsWith(p)),
    );
    throw new ArchitectureMismatch(
      `the checkpoint's networks do not fit this experiment's (${err.message})` +
        (differs.length ? `; it changed ${differs.slice(0, 5).map(describeDifference).join('; ')}` : '') +
        '. A fork keeps the layers, the latent size and the data shape; change the rest',
    );
  }
  if (parts.generatorAverage && state.generatorAverage && (resume || r.training?.generatorAverage > 0))
    loadModelWeights(parts.generatorAverage, dir, state.generatorAverage);
  const t = experiment.training;
  if (resume || same(r.training?.generatorOptimizer?.type, t.generatorOptimizer.type))
    await loadOptimizer(parts.trainer.generatorOptimizer, dir, state.optimizers.generator);
  if (resume || same(r.training?.discriminatorOptimizer?.type, t.discriminatorOptimizer.type))
    await loadOptimizer(parts.trainer.discriminatorOptimizer, dir, state.optimizers.discriminator);
  parts.trainer.step = state.step;
  const sameSeed = r.seed === experiment.seed;
  if (state.random && (resume || sameSeed)) {
    parts.trainer.restoreRandomState(state.random.trainer);
    if (state.random.data !== undefined && (resume || same(r.data, experiment.data)))
      parts.dataset.restoreState?.(state.random.data);
  }
}
