/**
 * Exports a trained model to ONNX (opset 17, IR 8) with onnx-proto:
 * `features` float32 [N, dims] → MatMul(W [dims, labels]) → Add(bias) → Softmax → `probabilities`
 * float32 [N, labels]. Labels, the feature spec (JSON) and caller metadata go into
 * `metadata_props`, so a model file describes itself.
 */
import onnxProto from 'onnx-proto';
import type { Intent } from '@npc/contracts';
import { INTENTS } from '@npc/contracts';
import { FEATURE_SPEC, checkSpec, type FeatureSpec } from './features';
import type { TrainedModel } from './train';

const { onnx } = onnxProto;

export const ONNX_OPSET = 17;
export const INPUT_NAME = 'features';
export const OUTPUT_NAME = 'probabilities';
/** metadata_props keys this package owns (caller meta may not use them). */
export const META_LABELS = 'npc.labels';
export const META_SPEC = 'npc.feature_spec';

const floatTensor = (name: string, dims: number[], data: Float32Array): onnxProto.onnx.ITensorProto => ({
  name,
  dims,
  dataType: onnx.TensorProto.DataType.FLOAT,
  // Raw little-endian bytes (copied: the model's arrays stay the caller's).
  rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
});

const valueInfo = (name: string, dims: (number | string)[]): onnxProto.onnx.IValueInfoProto => ({
  name,
  type: {
    tensorType: {
      elemType: onnx.TensorProto.DataType.FLOAT,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  },
});

export function exportOnnx(model: TrainedModel, meta: Record<string, string> = {}): Uint8Array {
  const { dims } = model.spec;
  const L = model.labels.length;
  if (model.weights.length !== dims * L || model.bias.length !== L) throw new Error('exportOnnx: weights/bias do not match spec and labels');
  for (const k of Object.keys(meta)) if (k === META_LABELS || k === META_SPEC) throw new Error(`exportOnnx: meta key ${k} is reserved`);
  const graph: onnxProto.onnx.IGraphProto = {
    name: 'npc_intent_softmax',
    node: [
      { name: 'matmul', opType: 'MatMul', input: [INPUT_NAME, 'W'], output: ['logits_raw'] },
      { name: 'bias', opType: 'Add', input: ['logits_raw', 'B'], output: ['logits'] },
      {
        name: 'softmax', opType: 'Softmax', input: ['logits'], output: [OUTPUT_NAME],
        attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }],
      },
    ],
    initializer: [floatTensor('W', [dims, L], model.weights), floatTensor('B', [L], model.bias)],
    input: [valueInfo(INPUT_NAME, ['N', dims])],
    output: [valueInfo(OUTPUT_NAME, ['N', L])],
  };
  const proto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: '@npc/intent-model',
    producerVersion: '0.1.0',
    modelVersion: 1,
    docString: 'npc-brain intent classifier: softmax regression over hashed text features',
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    graph,
    metadataProps: [
      { key: META_LABELS, value: JSON.stringify(model.labels) },
      { key: META_SPEC, value: JSON.stringify(model.spec) },
      ...Object.entries(meta).map(([key, value]) => ({ key, value })),
    ],
  });
  return onnx.ModelProto.encode(proto).finish();
}

/** What a model takes: the feature vector of the spec (float32 [N, dims]), or raw text (string [N]). */
export type ModelInput = { kind: 'features'; name: string; width: number | null } | { kind: 'text'; name: string };

/** The graph's interface: its one input and the output holding the class probabilities. */
export interface OnnxGraphInfo {
  input: ModelInput;
  /** `probabilities` when the graph has it, else its first output. */
  output: string;
  metadata: Map<string, string>;
  opset: number;
  producer: string;
}

export interface OnnxModelInfo extends Omit<OnnxGraphInfo, 'metadata' | 'producer'> {
  labels: Intent[];
  /** The features the model takes (for a text model: the product's default, unused by it). */
  spec: FeatureSpec;
  /** Caller metadata (the package's own keys removed). */
  meta: Record<string, string>;
}

/** The graph's input, output and metadata; throws when it is not one string or float input. */
export function readOnnxGraph(bytes: Uint8Array): OnnxGraphInfo {
  const model = onnx.ModelProto.decode(bytes);
  const graph = model.graph;
  if (!graph) throw new Error('not an ONNX model (no graph)');
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? ''));
  if (inputs.length !== 1) throw new Error(`the model must take one input (the feature vector or the text); it takes ${inputs.length}`);
  const input = inputs[0]!;
  const tensor = input.type?.tensorType;
  const elem = tensor?.elemType;
  let modelInput: ModelInput;
  if (elem === onnx.TensorProto.DataType.STRING) modelInput = { kind: 'text', name: input.name ?? '' };
  else if (elem === onnx.TensorProto.DataType.FLOAT) {
    const dims = tensor?.shape?.dim ?? [];
    if (dims.length !== 2) throw new Error(`the feature input ${input.name} must be float32 [N, dims]; it has ${dims.length} dimensions`);
    const w = dims[1]?.dimValue;
    modelInput = { kind: 'features', name: input.name ?? '', width: w === undefined || w === null ? null : Number(w) };
  } else throw new Error(`the input ${input.name} must be float32 features or strings (element type ${String(elem)})`);
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  if (outputs.length === 0) throw new Error('the model has no output');
  return {
    input: modelInput,
    output: outputs.includes(OUTPUT_NAME) ? OUTPUT_NAME : outputs[0]!,
    metadata: new Map((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? ''])),
    opset: Number((model.opsetImport ?? []).find((o) => !o.domain)?.version ?? 0),
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
  };
}

/** Reads labels, feature spec, interface and metadata back from model bytes (throws when labels or a feature model's spec are missing). */
export function readOnnxInfo(bytes: Uint8Array): OnnxModelInfo {
  const { input, output, metadata: props, opset } = readOnnxGraph(bytes);
  const labelsJson = props.get(META_LABELS);
  const specJson = props.get(META_SPEC);
  if (labelsJson === undefined || (specJson === undefined && input.kind === 'features')) {
    throw new Error('not a registered intent model (no labels/feature spec in its metadata): register it with `npc models add FILE.onnx --labels …`');
  }
  const labels = JSON.parse(labelsJson) as unknown;
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => (INTENTS as readonly unknown[]).includes(l))) {
    throw new Error('model metadata: bad labels');
  }
  const spec = specJson === undefined ? FEATURE_SPEC : checkSpec(JSON.parse(specJson));
  if (input.kind === 'features' && input.width !== null && input.width !== spec.dims) throw new Error(`model input is ${input.width} wide; its feature spec says ${spec.dims}`);
  const meta: Record<string, string> = {};
  for (const [k, v] of props) if (k !== META_LABELS && k !== META_SPEC) meta[k] = v;
  return { labels: labels as Intent[], spec, meta, opset, input, output };
}

/** The same model with `meta` set in its metadata_props (other keys kept). */
export function withMetadata(bytes: Uint8Array, meta: Record<string, string>): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  const kept = (model.metadataProps ?? []).filter((p) => !((p.key ?? '') in meta));
  model.metadataProps = [...kept, ...Object.entries(meta).map(([key, value]) => onnx.StringStringEntryProto.create({ key, value }))];
  return onnx.ModelProto.encode(model).finish();
}

/** A TrainedModel back from ONNX bytes written by `exportOnnx` (weights and bias included). */
export function importOnnx(bytes: Uint8Array): TrainedModel {
  const info = readOnnxInfo(bytes);
  const model = onnx.ModelProto.decode(bytes);
  const init = new Map((model.graph?.initializer ?? []).map((t) => [t.name ?? '', t]));
  const floats = (name: string, n: number): Float32Array => {
    const t = init.get(name);
    if (!t) throw new Error(`model: no initializer ${name}`);
    let out: Float32Array;
    if (t.rawData && t.rawData.length > 0) {
      // Copy: a decoded Buffer may be a view into a larger, unaligned allocation.
      const copy = new Uint8Array(t.rawData.length);
      copy.set(t.rawData);
      out = new Float32Array(copy.buffer);
    }
    else out = Float32Array.from(t.floatData ?? []);
    if (out.length !== n) throw new Error(`model: initializer ${name} has ${out.length} values, ${n} expected`);
    return out;
  };
  const L = info.labels.length;
  return { spec: info.spec, labels: info.labels, weights: floats('W', info.spec.dims * L), bias: floats('B', L) };
}
