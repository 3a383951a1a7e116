// How an intervention reads in the log, the CLI and the charts' markers. Pure.
import type { InterventionRequest } from '../core/run/runRecords';

const NAMES = {
  pause: 'paused',
  continue: 'continued',
  stepDiscriminator: 'one discriminator step',
  stepGenerator: 'one generator step',
  stepBoth: 'one step',
} as const;

/** "paused", "G lr 0.001, dSteps 2" */
export function describeIntervention(i: InterventionRequest & { dLoss?: number; gLoss?: number }): string {
  if (i.action !== 'set') {
    const loss =
      i.dLoss !== undefined
        ? ` (D loss ${i.dLoss.toFixed(3)})`
        : i.gLoss !== undefined
          ? ` (G loss ${i.gLoss.toFixed(3)})`
          : '';
    return NAMES[i.action] + loss;
  }
  const parts: string[] = [];
  if (i.set.generatorLearningRate !== undefined) parts.push(`G lr ${i.set.generatorLearningRate}`);
  if (i.set.discriminatorLearningRate !== undefined) parts.push(`D lr ${i.set.discriminatorLearningRate}`);
  if (i.set.dSteps !== undefined) parts.push(`dSteps ${i.set.dSteps}`);
  return parts.join(', ') || 'no change';
}
