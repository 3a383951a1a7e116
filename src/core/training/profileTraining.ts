// Where a training step's time goes: the experiment's own networks, data and optimisers, a few
// warm-up steps, timed steps without the profiler (the honest figure), then profiled steps whose
// kernel times are summed by kernel. Nothing is written. Runs in Node; no VS Code API.
import * as tf from '@tensorflow/tfjs-core';
import { openDataset, type DatasetOptions } from '../data/createDataset';
import { discriminatorInputShape } from '../experiment/shapes';
import type { Experiment } from '../experiment/types';
import { buildNetwork } from '../model/buildNetwork';
import { GanTrainer } from './ganTrainer';
import { seedsFor } from './runTraining';

export interface KernelCost {
  name: string;
  /** Milliseconds a step spends in this kernel (every call summed). */
  msPerStep: number;
  /** Of the profiled step's time. */
  share: number;
  callsPerStep: number;
}

export interface TrainingProfile {
  steps: number;
  warmupSteps: number;
  /** Milliseconds a step takes without the profiler. */
  msPerStep: number;
  /** Milliseconds a step takes with it (each kernel timed on its own). */
  profiledMsPerStep: number;
  /** Kernels by time, most first. Kernels our own kernels call inside them count as theirs. */
  kernels: KernelCost[];
  /** The profiled step's time in no kernel: JavaScript, the data pipeline, the engine's own work. */
  outsideKernelsMsPerStep: number;
}

export async function profileTraining(
  exp: Experiment,
  options: { dataset: DatasetOptions; steps: number; warmupSteps?: number },
): Promise<TrainingProfile> {
  const warmupSteps = options.warmupSteps ?? 3;
  const seeds = seedsFor(exp.seed);
  const owned: Array<{ dispose(): void }> = [];
  try {
    const dataset = await openDataset(exp.data, seeds.data, options.dataset);
    owned.push({ dispose: () => dataset.dispose?.() });
    const generator = buildNetwork('generator', exp.generator.layers, [exp.latent.dim], seeds.generator);
    owned.push(generator);
    const discriminator = buildNetwork(
      'discriminator',
      exp.discriminator.layers,
      discriminatorInputShape(dataset.sampleShape, exp.discriminator.pack),
      seeds.discriminator,
    );
    owned.push(discriminator);
    const trainer = new GanTrainer(exp, generator, discriminator, dataset, seeds.noise, undefined);
    owned.push(trainer);
    const batch = exp.training.batchSize * exp.training.dSteps;
    const step = async () => {
      await dataset.prefetch?.(batch);
      trainer.trainStep(false);
    };
    for (let i = 0; i < warmupSteps; i++) await step();

    const started = performance.now();
    for (let i = 0; i < options.steps; i++) await step();
    const msPerStep = (performance.now() - started) / options.steps;

    // Reading every kernel's outputs back to look for NaN would be timed as the step's.
    const checking = tf.env().getBool('CHECK_COMPUTATION_FOR_ERRORS');
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
    const totals = new Map<string, { ms: number; calls: number }>();
    let profiledMs = 0;
    try {
      for (let i = 0; i < options.steps; i++) {
        await dataset.prefetch?.(batch);
        const at = performance.now();
        const info = await tf.profile(() => {
          trainer.trainStep(false);
        });
        profiledMs += performance.now() - at;
        for (const k of info.kernels) {
          // The profile also lists the scopes of ops with their own gradients (fusedConv2d__op),
          // whose time is that of the kernels inside them: only kernels are counted.
          if (!tf.getKernel(k.name, tf.getBackend())) continue;
          const t = totals.get(k.name) ?? { ms: 0, calls: 0 };
          t.ms += Number(k.kernelTimeMs) || 0;
          t.calls++;
          totals.set(k.name, t);
        }
      }
    } finally {
      tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', checking);
    }
    const profiledMsPerStep = profiledMs / options.steps;
    const kernels = [...totals]
      .map(([name, t]) => ({
        name,
        msPerStep: t.ms / options.steps,
        share: t.ms / profiledMs,
        callsPerStep: t.calls / options.steps,
      }))
      .sort((a, b) => b.msPerStep - a.msPerStep);
    const inKernels = kernels.reduce((s, k) => s + k.msPerStep, 0);
    return {
      steps: options.steps,
      warmupSteps,
      msPerStep,
      profiledMsPerStep,
      kernels,
      outsideKernelsMsPerStep: Math.max(0, profiledMsPerStep - inKernels),
    };
  } finally {
    for (const o of owned.reverse()) o.dispose();
  }
}

/** The profile as the CLI prints it: a table of kernels by time, then the time outside them. */
export function formatProfile(p: TrainingProfile, limit = 20): string {
  const rows = p.kernels.slice(0, limit);
  const rest = p.kernels.slice(limit);
  const width = Math.max(24, ...rows.map((k) => k.name.length)) + 2;
  const line = (name: string, ms: number, share: number, calls: string) =>
    `${name.padEnd(width)}${ms.toFixed(2).padStart(9)}${(100 * share).toFixed(1).padStart(8)} %${calls.padStart(12)}`;
  const out = [
    `${p.msPerStep.toFixed(1)} ms a step (${(1000 / p.msPerStep).toFixed(2)} steps/s) over ${p.steps} steps after ${p.warmupSteps} warm-up steps; ${p.profiledMsPerStep.toFixed(1)} ms with each kernel timed`,
    '',
    `${'kernel'.padEnd(width)}${'ms/step'.padStart(9)}${'share'.padStart(10)}${'calls/step'.padStart(12)}`,
    ...rows.map((k) => line(k.name, k.msPerStep, k.share, k.callsPerStep.toFixed(1))),
  ];
  if (rest.length) {
    const ms = rest.reduce((s, k) => s + k.msPerStep, 0);
    out.push(line(`${rest.length} other kernels`, ms, ms / p.profiledMsPerStep, ''));
  }
  out.push(line('outside kernels', p.outsideKernelsMsPerStep, p.outsideKernelsMsPerStep / p.profiledMsPerStep, ''));
  return out.join('\n');
}
