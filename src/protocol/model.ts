/** Wire types for model analysis, shared by engine, host and webviews. Plain JSON: no classes, no bigint. */

export type TensorDType = string;

/** How a graph input is used. */
export type InputRole = 'image' | 'latent' | 'noise' | 'class' | 'other';

export interface GraphInputInfo {
  name: string;
  dtype: TensorDType;
  /** Symbolic dims are strings ("batch"). */
  shape: (number | string)[];
  role: InputRole;
}

export interface LayerInfo {
  /** The ONNX tensor name, exactly as in the graph. */
  tensor: string;
  /** Readable name from the module path: `layer1.2.relu_2`. */
  name: string;
  /** Module-level aliases that resolve to this tensor (`layer1`, `synthesis.b64.conv0`). */
  aliases: string[];
  /** Op type and node name of the producer. */
  op: string;
  node: string;
  dtype: TensorDType;
  /**
   * Shape for the analysed input size: numbers, `N` for the batch, `N*k` for dims that grow with it, `?` where nothing
   * could size it; null when unknown.
   */
  shape: (number | string)[] | null;
  /** [H, W] for 4-D NCHW activations, null otherwise. */
  spatial: [number, number] | null;
  /**
   * Extractors: number of down-samplings from the image input. Generators: number of up-samplings still to
   * come before the output. Null when the tensor has no spatial size.
   */
  samplingDistance: number | null;
  /** How the shape was found. */
  shapeSource: 'static' | 'probe' | 'unknown';
  /**
   * Computed from weights alone, no input reaches it (torch's `onnx::Conv_123` Identity copies): a parameter, not an
   * activation. Layer lists hide these unless asked (`gan-lens layers --all`).
   */
  constant?: true;
}

export type ModelKind = 'extractor' | 'generator' | 'other';

export interface ModelSummary {
  file: string;
  producer: string;
  irVersion: number;
  opsets: { domain: string; version: number }[];
  kind: ModelKind;
  inputs: GraphInputInfo[];
  outputs: { name: string; dtype: TensorDType; shape: (number | string)[] | null }[];
  initializerCount: number;
  parameterCount: number;
  nodeCount: number;
  opCounts: Record<string, number>;
}

export interface ModelAnalysis {
  summary: ModelSummary;
  layers: LayerInfo[];
  /** Things the analysis could not do (e.g. the probing run failed), one line each. */
  warnings?: string[];
}
