/**
 * Bringing a model trained elsewhere (docs/ml/model-contract.md): an ONNX graph with one input —
 * the product's feature vector (float32 [N, dims]) or raw text (string [N]) — and an output of
 * class probabilities over some intents (float32 [N, labels]). `adoptModel` checks that contract,
 * runs it once on a few texts through ONNX Runtime (every row must be a probability distribution),
 * and writes what the product needs into the file's metadata (labels, feature spec), so the
 * registry holds a self-describing model that every worker loads like its own.
 */
import { createHash } from 'node:crypto';
import { INTENTS, type Intent } from '@npc/contracts';
import { FEATURE_SPEC, checkSpec, type FeatureSpec } from './features';
import { META_LABELS, META_SPEC, readOnnxGraph, readOnnxInfo, withMetadata, type OnnxModelInfo } from './onnx-export';
import { IntentClassifier } from './session';

export interface AdoptOptions {
  /** The intents of the output columns, in order; default the model's `npc.labels` metadata. */
  labels?: readonly string[];
}

export interface AdoptedModel {
  /** The model with the product's metadata added (what the registry stores). */
  bytes: Uint8Array;
  info: OnnxModelInfo;
  /** sha256 of the file as given. */
  fileSha256: string;
  producer: string;
}

/** Texts the model is tried on before it is accepted. */
const PROBE = ['hello there', 'warp me to geffen please', 'wtb 10 red pots', 'how much is a knife?', '', 'bye!', 'x'.repeat(300), 'olá, tudo bem?'];
const TOLERANCE = 1e-3;

function parseLabels(raw: readonly unknown[]): Intent[] {
  if (raw.length === 0) throw new Error('labels: none given');
  const bad = raw.filter((l) => !(INTENTS as readonly unknown[]).includes(l));
  if (bad.length) throw new Error(`labels: not intents of the product: ${bad.map(String).join(', ')} (known: ${INTENTS.join(', ')})`);
  if (new Set(raw).size !== raw.length) throw new Error('labels: each intent once');
  return raw as Intent[];
}

export async function adoptModel(file: Uint8Array, options: AdoptOptions = {}): Promise<AdoptedModel> {
  const graph = readOnnxGraph(file);
  const declared = graph.metadata.get(META_LABELS);
  if (!options.labels && declared === undefined) {
    throw new Error('the model names no labels: give them in the order of its output columns (--labels greet,farewell,…) or in its metadata (npc.labels)');
  }
  const labels = parseLabels(options.labels ?? (JSON.parse(declared!) as unknown[]));
  const meta: Record<string, string> = { [META_LABELS]: JSON.stringify(labels), 'npc.origin': 'imported' };
  if (graph.input.kind === 'features') {
    const specJson = graph.metadata.get(META_SPEC);
    const spec: FeatureSpec = specJson === undefined ? { ...FEATURE_SPEC, dims: graph.input.width ?? FEATURE_SPEC.dims } : checkSpec(JSON.parse(specJson));
    checkSpec(spec);
    if (graph.input.width !== null && graph.input.width !== spec.dims) throw new Error(`the feature input is ${graph.input.width} wide; the feature spec has ${spec.dims} dims`);
    meta[META_SPEC] = JSON.stringify(spec);
  }
  const bytes = withMetadata(file, meta);
  const classifier = await IntentClassifier.load(bytes, { device: 'cpu' }).catch((err: unknown) => {
    throw new Error(`ONNX Runtime cannot load the model: ${err instanceof Error ? err.message : String(err)}`);
  });
  try {
    const p = await classifier.probabilities(PROBE);
    const L = labels.length;
    for (let r = 0; r < PROBE.length; r++) {
      let sum = 0;
      for (let l = 0; l < L; l++) {
        const v = p[r * L + l]!;
        if (!Number.isFinite(v) || v < -TOLERANCE || v > 1 + TOLERANCE) throw new Error(`output ${classifier.output} is not probabilities (${v} for "${PROBE[r]}"): end the graph with a Softmax`);
        sum += v;
      }
      if (Math.abs(sum - 1) > TOLERANCE) throw new Error(`output ${classifier.output} rows must sum to 1 (${sum.toFixed(4)} for "${PROBE[r]}"): end the graph with a Softmax`);
    }
  } finally {
    await classifier.release();
  }
  return { bytes, info: readOnnxInfo(bytes), fileSha256: createHash('sha256').update(file).digest('hex'), producer: graph.producer };
}
