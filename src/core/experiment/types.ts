// The resolved experiment: a `.gan.json` file after defaults are filled. Pure types; runs anywhere.

export type Activation = 'linear' | 'relu' | 'leakyRelu' | 'elu' | 'selu' | 'tanh' | 'sigmoid' | 'swish' | 'softmax';

export type KernelPair = number | [number, number];

export interface DenseLayer {
  type: 'dense';
  units: number;
  activation: Activation;
  useBias: boolean;
}
export interface ConvLayer {
  type: 'conv2d' | 'conv2dTranspose';
  filters: number;
  kernelSize: KernelPair;
  strides: KernelPair;
  padding: 'same' | 'valid';
  activation: Activation;
  useBias: boolean;
}
export interface UpSamplingLayer {
  type: 'upSampling2d';
  size: KernelPair;
}
export interface ReshapeLayer {
  type: 'reshape';
  targetShape: number[];
}
export interface FlattenLayer {
  type: 'flatten';
}
export interface BatchNormLayer {
  type: 'batchNormalization';
  momentum: number;
  epsilon: number;
}
export interface LayerNormLayer {
  type: 'layerNormalization';
  epsilon: number;
}
export interface DropoutLayer {
  type: 'dropout';
  rate: number;
}
export interface LeakyReluLayer {
  type: 'leakyReLU';
  alpha: number;
}
export interface ActivationLayer {
  type: 'activation';
  activation: Activation;
}

export type LayerSpec =
  | DenseLayer
  | ConvLayer
  | UpSamplingLayer
  | ReshapeLayer
  | FlattenLayer
  | BatchNormLayer
  | LayerNormLayer
  | DropoutLayer
  | LeakyReluLayer
  | ActivationLayer;

export type LayerType = LayerSpec['type'];

export interface RingData {
  source: 'ring';
  modes: number;
  radius: number;
  std: number;
}
export interface GridData {
  source: 'grid';
  size: number;
  spacing: number;
  std: number;
}
export interface SpiralData {
  source: 'spiral';
  turns: number;
  noise: number;
}
export interface MoonsData {
  source: 'moons';
  noise: number;
}
export interface GaussianData {
  source: 'gaussian';
  dim: number;
  mean: number;
  std: number;
}
export interface MnistData {
  source: 'mnist';
  digits?: number[];
  limit?: number;
  flatten: boolean;
}
export interface ImagesData {
  source: 'images';
  path: string;
  recursive: boolean;
  /** 'folders': each image's class is its subfolder of `path` (subfolders are then read). */
  labels?: 'folders';
  pattern?: string;
  width: number;
  height: number;
  channels: 1 | 3;
  fit: 'cover' | 'contain' | 'fill';
  background: string;
  flip: boolean;
  limit?: number;
  onError: 'skip' | 'stop';
}
export interface NpyData {
  source: 'npy';
  path: string;
  /** The array of an .npz archive to read (its name in numpy.savez); needed when it holds several. */
  array?: string;
  range?: [number, number];
  limit?: number;
}
export interface CsvData {
  source: 'csv';
  path: string;
  header: boolean;
  columns?: Array<string | number>;
  delimiter: string;
  range?: [number, number];
  limit?: number;
}
export interface IdxData {
  source: 'idx';
  path: string;
  labels?: string;
  classes?: number[];
  flatten: boolean;
  range?: [number, number];
  limit?: number;
}
/** Data the user brings, read from files: paths are relative to the experiment file. */
export type FileDataSpec = ImagesData | NpyData | CsvData | IdxData;
/** The sources made in memory, from their own settings. */
export type BuiltinDataSpec = RingData | GridData | SpiralData | MoonsData | GaussianData | MnistData;
export const isFileData = (d: DataSpec): d is FileDataSpec =>
  d.source === 'images' || d.source === 'npy' || d.source === 'csv' || d.source === 'idx';
export type DataSpec = RingData | GridData | SpiralData | MoonsData | GaussianData | MnistData | FileDataSpec;

export type LossName = 'bce' | 'lsgan' | 'hinge' | 'wgan-gp';

export interface OptimizerSpec {
  type: 'adam' | 'rmsprop' | 'sgd';
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon?: number;
  momentum: number;
  schedule: 'constant' | 'linear' | 'cosine';
  finalLearningRate: number;
}

export interface Experiment {
  version: 1;
  name: string;
  description?: string;
  seed: number;
  data: DataSpec;
  latent: { dim: number; distribution: 'normal' | 'uniform' };
  generator: { layers: LayerSpec[] };
  discriminator: { layers: LayerSpec[]; pack: number };
  loss: LossName;
  training: {
    steps: number;
    batchSize: number;
    dSteps: number;
    gradientPenalty: number;
    /** Std of the noise added to the discriminator's inputs at step 0, fading linearly to 0. */
    instanceNoise: number;
    /** EMA decay of the generator's weights; 0 = off. */
    generatorAverage: number;
    generatorOptimizer: OptimizerSpec;
    discriminatorOptimizer: OptimizerSpec;
  };
  log: { every: number };
  samples: { every: number; count: number; evaluationCount: number };
  checkpoint: { every: number };
}

/** A shape without the batch axis, e.g. [28, 28, 1] or [2]. */
export type Shape = number[];
