/** A workspace config (`*.ganlens.json`), after validation and with paths resolved against its folder. */

export interface NetworkConfig {
  /** Path to the .onnx file (relative to the config's folder in the file). */
  model: string;
  /** Name of the image input. */
  input: string;
  /** [H, W] the network sees. */
  inputSize: [number, number];
  /** Per-channel normalisation applied to [0,1] RGB images. */
  mean: [number, number, number];
  std: [number, number, number];
  /** Readable layer name → tensor name, alias or readable name in the model. */
  layers: Record<string, string>;
}

export interface LatentConfig {
  input: string;
  /** 'mapping': z ~ N(0, 1) through the mapping network of `mapping` (a w input sampled the way the GAN samples it). */
  distribution: 'normal' | 'uniform' | 'mapping';
  /** With 'mapping': a model with a z input containing the mapping network (absolute path after loading). */
  mapping?: string;
  /** Shape without the batch dimension. */
  shape: number[];
  /** Truncation/scale applied to the sampled latent. */
  scale: number;
}

export interface GeneratorConfig {
  model: string;
  /** Omitted: every latent input of the model, N(0, 1), at the model's own shape. */
  latents?: LatentConfig[];
  /** Noise inputs: 'const' feeds zeros, 'random' fresh Gaussian noise per sample. */
  noise: { inputs: string[]; mode: 'const' | 'random' };
  output: {
    /** Graph output holding the image; the first output when omitted. */
    name?: string;
    /** Value range of the output; mapped linearly to [0,1]. */
    range: [number, number];
  };
  /** Readable layer name → tensor name, alias or readable name in the generator. */
  layers: Record<string, string>;
}

export type DataSource =
  | { kind: 'folder'; folder: string; masks?: string }
  | { kind: 'procedural'; seed: number; count: number; size: number };

export interface PairConfig {
  from: string;
  /** A generator layer, or 'auto': the layer at the same sampling distance. */
  to: string;
}

export interface TrainingConfig {
  optimizer: { type: 'adam'; lr: number; betas: [number, number]; eps: number; weightDecay: number };
  batchSize: number;
  epochs: number;
  /** Samples per epoch; the training data's size when omitted. */
  samplesPerEpoch?: number;
  seed: number;
  validationSize: number;
  /** Closed-form least-squares initialisation of the 1x1 conv before fine-tuning. */
  init: 'closed-form' | 'random' | 'zeros';
}

export interface EvaluationConfig {
  /** Names of entries in testNetworks. */
  testNetworks: string[];
  images: number;
  gd: { steps: number; lr: number; batchSize: number };
}

/** Workspace defaults of generator inversion; every field optional (the engine's defaults fill the rest). */
export interface GeneratorInversionConfig {
  layer?: string;
  featureNetwork?: string;
  featureLayer?: string;
  stepsZ?: number;
  stepsDelta?: number;
  restarts?: number;
  exploreSteps?: number;
  lrZ?: number;
  lrDelta?: number;
  /** The δ step's optimiser: 'adam' or 'lbfgs' (OWL-QN, stepsDelta evaluations). */
  deltaOptimizer?: 'adam' | 'lbfgs';
  decay?: 'none' | 'cosine' | 'exponential';
  lambda?: { mse?: number; feat?: number; z?: number; delta?: number };
}

export interface GanLensConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Absolute folder that relative paths resolve against. */
  dir: string;
  name: string;
  extractor: NetworkConfig;
  generator: GeneratorConfig;
  testNetworks: Record<string, NetworkConfig>;
  data: { train: DataSource; val: DataSource };
  pairs: PairConfig[];
  training: TrainingConfig;
  evaluation: EvaluationConfig;
  generatorInversion: GeneratorInversionConfig;
  output: string;
  /** Defaults for sweeps on Slurm; command-line flags win. */
  slurm?: SlurmConfig;
}

export interface SlurmConfig {
  partition?: string;
  time?: string;
  account?: string;
  cpusPerTask?: number;
  gpusPerTask?: number;
  maxParallel?: number;
  sbatchArgs?: string[];
}
