import { closeSync, copyFileSync, existsSync, linkSync, mkdirSync, openSync, readSync, renameSync, statSync, writeSync, readFileSync, mkdtempSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, normalize, resolve, sep } from 'node:path';
import { tmpdir } from 'node:os';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  ModelProtoSchema,
  StringStringEntryProtoSchema,
  TensorProto_DataLocation,
  type GraphProto,
  type ModelProto,
  type TensorProto,
} from './gen/onnx_pb';
import { badInput, errorMessage } from '../util/errors';

/** Opset range of the default ONNX domain that onnxruntime-node 1.30 runs. */
const MIN_OPSET = 7;
const MAX_OPSET = 23;
/** Protobuf cannot encode messages of 2 GiB or more; larger models keep weights in external files. */
const PROTOBUF_LIMIT = 2 ** 31 - 1;
/** Above this many bytes of external data a model keeps its weights on disk rather than in memory. */
const INLINE_EXTERNAL_LIMIT = 1.5 * 2 ** 30;

/** Where a model's external-data tensors live when they were not read into memory. */
const externalBase = new WeakMap<ModelProto, string>();

export interface ReadOptions {
  /** 'inline' reads external data into the model; 'keep' leaves it on disk; 'auto' inlines below INLINE_EXTERNAL_LIMIT. */
  externalData?: 'inline' | 'keep' | 'auto';
  /** Skip the opset check (used by the fuzz test and by tools that only inspect). */
  skipOpsetCheck?: boolean;
}

/** Decodes ModelProto bytes. Unknown fields are kept, so a write reproduces them. */
export function parseModel(bytes: Uint8Array, source = '<buffer>'): ModelProto {
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes, { readUnknownFields: true });
  } catch (e) {
    throw badInput(`${source} is not a valid ONNX model: ${errorMessage(e)}.`, {
      file: source,
      hint: 'Check that the file is a complete .onnx export (not truncated, not a PyTorch checkpoint or an LFS pointer).',
    });
  }
  if (!model.graph || (model.graph.node.length === 0 && model.graph.output.length === 0)) {
    throw badInput(`${source} holds no ONNX graph.`, {
      file: source,
      hint: 'Export the model with torch.onnx.export (or another ONNX exporter) and open the resulting .onnx file.',
    });
  }
  if (model.irVersion <= 0n) {
    throw badInput(`${source} has no ONNX IR version; it is not an ONNX model or it is damaged.`, { file: source });
  }
  return model;
}

export function checkOpset(model: ModelProto, source: string): void {
  const main = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  if (!main) {
    throw badInput(`${source} imports no opset of the default ONNX domain.`, { file: source, hint: 'Export with opset 17.' });
  }
  const v = Number(main.version);
  if (v < MIN_OPSET || v > MAX_OPSET) {
    throw badInput(`${source} uses ONNX opset ${v}; GAN Lens runs opsets ${MIN_OPSET}–${MAX_OPSET}.`, {
      file: source,
      hint: 'Export again with torch.onnx.export(..., opset_version=17).',
    });
  }
  for (const o of model.opsetImport) {
    if (o.domain !== '' && o.domain !== 'ai.onnx' && o.domain !== 'com.microsoft' && o.domain !== 'ai.onnx.ml') {
      const used = model.graph?.node.some((n) => n.domain === o.domain);
      if (used) {
        throw badInput(`${source} uses operators of the custom domain '${o.domain}', which onnxruntime cannot run.`, {
          file: source,
          hint: 'Export without custom operators (e.g. operator_export_type=ONNX).',
        });
      }
    }
  }
}

/** Reads an .onnx file, resolving external data beside it. Errors name the file and what to do. */
export function readModel(path: string, options: ReadOptions = {}): ModelProto {
  const file = resolve(path);
  if (!existsSync(file)) throw badInput(`Model file ${file} does not exist.`, { file, hint: 'Check the path.' });
  const st = statSync(file);
  if (st.isDirectory()) throw badInput(`${file} is a folder, not an .onnx file.`, { file });
  if (st.size === 0) throw badInput(`${file} is empty.`, { file, hint: 'Export the model again.' });
  if (st.size > PROTOBUF_LIMIT) {
    throw badInput(`${file} is ${(st.size / 2 ** 30).toFixed(2)} GiB: protobuf cannot hold a model of 2 GiB or more in one file.`, {
      file,
      hint: 'Save it with external data: onnx.save_model(model, path, save_as_external_data=True).',
    });
  }
  const model = parseModel(readFileSync(file), file);
  if (!options.skipOpsetCheck) checkOpset(model, file);
  const mode = options.externalData ?? 'auto';
  const external = externalTensors(model);
  if (external.length > 0) {
    const total = external.reduce((s, t) => s + externalRef(t, file, dirname(file)).length, 0);
    const inline = mode === 'inline' || (mode === 'auto' && total <= INLINE_EXTERNAL_LIMIT);
    if (inline) {
      for (const t of external) inlineExternal(t, file, dirname(file));
    } else {
      for (const t of external) externalRef(t, file, dirname(file)); // validates every reference up front
      externalBase.set(model, dirname(file));
    }
  }
  return model;
}

/** The folder that a model's on-disk external data is relative to, if it kept any. */
export function externalDataBase(model: ModelProto): string | undefined {
  return externalBase.get(model);
}

export function setExternalDataBase(model: ModelProto, dir: string | undefined): void {
  if (dir) externalBase.set(model, dir);
  else externalBase.delete(model);
}

/** Every tensor of the model, including those inside Constant nodes and subgraphs. */
export function allTensors(model: ModelProto): TensorProto[] {
  const out: TensorProto[] = [];
  const visit = (g: GraphProto | undefined): void => {
    if (!g) return;
    out.push(...g.initializer);
    for (const s of g.sparseInitializer) {
      if (s.values) out.push(s.values);
      if (s.indices) out.push(s.indices);
    }
    for (const n of g.node) {
      for (const a of n.attribute) {
        if (a.t) out.push(a.t);
        out.push(...a.tensors);
        visit(a.g);
        for (const sg of a.graphs) visit(sg);
      }
    }
  };
  visit(model.graph);
  return out;
}

function externalTensors(model: ModelProto): TensorProto[] {
  return allTensors(model).filter((t) => t.dataLocation === TensorProto_DataLocation.EXTERNAL);
}

interface ExternalRef {
  path: string;
  offset: number;
  length: number;
}

function externalRef(t: TensorProto, file: string, base: string): ExternalRef {
  const kv = new Map(t.externalData.map((e) => [e.key, e.value]));
  const location = kv.get('location');
  if (!location) throw badInput(`Tensor '${t.name}' in ${file} is marked external but names no location.`, { file, tensor: t.name });
  if (isAbsolute(location) || normalize(location).split(sep).includes('..')) {
    throw badInput(`Tensor '${t.name}' in ${file} points outside the model's folder (${location}).`, {
      file,
      tensor: t.name,
      hint: 'External data must live beside the model; save it again with a relative location.',
    });
  }
  const path = join(base, location);
  if (!existsSync(path)) {
    throw badInput(`External data file ${path} for tensor '${t.name}' of ${file} is missing.`, {
      file,
      tensor: t.name,
      hint: `Copy ${location} next to ${basename(file)}.`,
    });
  }
  const size = statSync(path).size;
  const offset = Number(kv.get('offset') ?? 0);
  const length = kv.has('length') ? Number(kv.get('length')) : size - offset;
  if (!Number.isFinite(offset) || !Number.isFinite(length) || offset < 0 || length < 0 || offset + length > size) {
    throw badInput(`External data of tensor '${t.name}' (offset ${offset}, length ${length}) lies outside ${path} (${size} bytes).`, {
      file,
      tensor: t.name,
      hint: 'The external data file is truncated or belongs to another export.',
    });
  }
  return { path, offset, length };
}

function readRange(ref: ExternalRef): Uint8Array {
  const buf = new Uint8Array(ref.length);
  const fd = openSync(ref.path, 'r');
  try {
    let done = 0;
    while (done < ref.length) {
      const n = readSync(fd, buf, done, ref.length - done, ref.offset + done);
      if (n <= 0) break;
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  return buf;
}

function inlineExternal(t: TensorProto, file: string, base: string): void {
  t.rawData = readRange(externalRef(t, file, base));
  t.externalData = [];
  t.dataLocation = TensorProto_DataLocation.DEFAULT;
}

/** Reads the bytes of one external tensor of a model that kept its data on disk. */
function readExternalTensor(model: ModelProto, t: TensorProto): Uint8Array {
  const base = externalBase.get(model);
  if (!base) throw badInput(`Tensor '${t.name}' is external but the model's folder is unknown.`, { tensor: t.name });
  return readRange(externalRef(t, '<model>', base));
}

export function serializeModel(model: ModelProto): Uint8Array {
  return toBinary(ModelProtoSchema, model, { writeUnknownFields: true });
}

export interface WriteOptions {
  /** Move tensors of at least this many bytes into `<name>.data` beside the model. Default: only when the model would not fit in protobuf. */
  externalDataThreshold?: number;
  /** Force external data for every tensor above the threshold, even for small models. */
  forceExternal?: boolean;
}

/**
 * Writes a model atomically (temp file, then rename). Models whose inline size would pass the protobuf limit,
 * or when forceExternal is set, get their large tensors written to `<file>.data`.
 */
export function writeModel(path: string, model: ModelProto, options: WriteOptions = {}): void {
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  const tensors = allTensors(model);
  const inlineBytes = tensors.reduce((s, t) => s + t.rawData.length, 0);
  const needExternal = options.forceExternal || inlineBytes > INLINE_EXTERNAL_LIMIT || externalBase.has(model);
  let out = model;
  if (needExternal) out = withExternalData(model, file, options.externalDataThreshold ?? 1024);
  const tmp = `${file}.tmp-${process.pid}`;
  const bytes = serializeModel(out);
  const fd = openSync(tmp, 'w');
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** A copy of the model whose large tensors point into `<file>.data`, which this writes. */
function withExternalData(model: ModelProto, file: string, threshold: number): ModelProto {
  const copy = fromBinary(ModelProtoSchema, serializeModel(model), { readUnknownFields: true });
  const location = `${basename(file)}.data`;
  const dataPath = join(dirname(file), location);
  const tmp = `${dataPath}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  let offset = 0;
  try {
    for (const t of allTensors(copy)) {
      let bytes: Uint8Array | undefined;
      if (t.dataLocation === TensorProto_DataLocation.EXTERNAL) bytes = readExternalTensor(model, t);
      else if (t.rawData.length >= threshold) bytes = t.rawData;
      if (!bytes) continue;
      const pad = (64 - (offset % 64)) % 64; // keep tensors aligned for mmap-friendly readers
      if (pad) writeSync(fd, new Uint8Array(pad), 0, pad, offset);
      offset += pad;
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, offset + done);
      t.rawData = new Uint8Array(0);
      t.dataLocation = TensorProto_DataLocation.EXTERNAL;
      t.externalData = [
        create(StringStringEntryProtoSchema, { key: 'location', value: location }),
        create(StringStringEntryProtoSchema, { key: 'offset', value: String(offset) }),
        create(StringStringEntryProtoSchema, { key: 'length', value: String(bytes.length) }),
      ];
      offset += bytes.length;
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, dataPath);
  return copy;
}

/**
 * A path onnxruntime can open for a model that keeps external data on disk: a temp folder with the model and the data
 * files (onnxruntime resolves external data relative to the model file). onnxruntime follows symlinks and refuses data
 * that resolves outside the model's folder, so the data files are hard-linked: the temp folder goes beside the model
 * when that folder is writable (same filesystem), else in the system temp folder; across filesystems they are copied.
 */
export function materializeForRuntime(model: ModelProto): string {
  const base = externalBase.get(model);
  let dir: string | undefined;
  if (base) {
    try {
      dir = mkdtempSync(join(base, '.gan-lens-run-'));
    } catch {
      dir = undefined; // read-only model folder
    }
  }
  dir ??= mkdtempSync(join(tmpdir(), 'gan-lens-model-'));
  if (base) {
    const seen = new Set<string>();
    for (const t of externalTensors(model)) {
      const loc = t.externalData.find((e) => e.key === 'location')?.value;
      if (!loc || seen.has(loc)) continue;
      seen.add(loc);
      mkdirSync(dirname(join(dir, loc)), { recursive: true });
      try {
        linkSync(join(base, loc), join(dir, loc));
      } catch {
        copyFileSync(join(base, loc), join(dir, loc));
      }
    }
  }
  const path = join(dir, 'model.onnx');
  const bytes = serializeModel(model);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, bytes);
  } finally {
    closeSync(fd);
  }
  return path;
}
