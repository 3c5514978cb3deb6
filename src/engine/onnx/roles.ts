/** What a graph input is for (image, latent, noise, class, other) and what kind of model the inputs/outputs make. */
import { TensorProto_DataType as DT } from './gen/onnx_pb';
import type { InputRole, ModelKind } from '../../protocol/model';
import type { Shape } from './shapes/index';

export interface TypedValue {
  name: string;
  elemType: number;
  shape: Shape | null;
}

const FLOATS = new Set<number>([DT.FLOAT, DT.DOUBLE, DT.FLOAT16, DT.BFLOAT16]);
const INTEGERS = new Set<number>([DT.INT64, DT.INT32, DT.INT16, DT.INT8, DT.UINT8, DT.UINT16, DT.UINT32, DT.UINT64]);

/** 4-D float with 1, 3 or 4 channels (or a symbolic channel count). */
export function isImageLike(v: TypedValue): boolean {
  if (!FLOATS.has(v.elemType) || !v.shape || v.shape.length !== 4) return false;
  const c = v.shape[1];
  return typeof c === 'string' || c === 1 || c === 3 || c === 4;
}

export function classifyInput(v: TypedValue): InputRole {
  const name = v.name.toLowerCase();
  const rank = v.shape?.length;
  if (/noise/.test(name)) return 'noise';
  if (INTEGERS.has(v.elemType) || /(^|[^a-z])(class|label|labels|y|c|cond)([^a-z]|$)/.test(name)) return 'class';
  if (!FLOATS.has(v.elemType)) return 'other';
  if (rank === 4 && v.shape![1] === 1 && /(^|[^a-z])(n|eps)([^a-z]|$)/.test(name)) return 'noise';
  if (isImageLike(v)) return 'image';
  // (N, D) latents, (N, L, D) per-layer latents such as StyleGAN's ws
  if (rank === 2 || rank === 3) return 'latent';
  return 'other';
}

/** Extractor: takes an image. Generator: takes latents and produces an image. */
export function modelKind(roles: readonly InputRole[], outputs: readonly TypedValue[]): ModelKind {
  if (roles.includes('image')) return 'extractor';
  if (roles.includes('latent') && outputs.some(isImageLike)) return 'generator';
  return 'other';
}
