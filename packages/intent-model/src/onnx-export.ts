/**
 * Exports a trained model to ONNX (opset 17, IR 8) with onnx-proto:
 * `features` float32 [N, dims] → MatMul(W [dims, labels]) → Add(bias) → Softmax → `probabilities`
 * float32 [N, labels]. Labels, the feature spec (JSON) and caller metadata go into
 * `metadata_props`, so a model file describes itself.
 */
import onnxProto from 'onnx-proto';
import type { Intent } from '@npc/contracts';
import { INTENTS } from '@npc/contracts';
import { checkSpec, type FeatureSpec } from './features';
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

export interface OnnxModelInfo {
  labels: Intent[];
  spec: FeatureSpec;
  /** Caller metadata (the package's own keys removed). */
  meta: Record<string, string>;
  opset: number;
}

/** Reads labels, feature spec and metadata back from model bytes (throws on a foreign model). */
export function readOnnxInfo(bytes: Uint8Array): OnnxModelInfo {
  const model = onnx.ModelProto.decode(bytes);
  const props = new Map((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
  const labelsJson = props.get(META_LABELS);
  const specJson = props.get(META_SPEC);
  if (labelsJson === undefined || specJson === undefined) throw new Error('not an @npc/intent-model ONNX model (no labels/spec metadata)');
  const labels = JSON.parse(labelsJson) as unknown;
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => (INTENTS as readonly unknown[]).includes(l))) {
    throw new Error('model metadata: bad labels');
  }
  const spec = checkSpec(JSON.parse(specJson));
  const meta: Record<string, string> = {};
  for (const [k, v] of props) if (k !== META_LABELS && k !== META_SPEC) meta[k] = v;
  const opset = Number((model.opsetImport ?? []).find((o) => !o.domain)?.version ?? 0);
  return { labels: labels as Intent[], spec, meta, opset };
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
