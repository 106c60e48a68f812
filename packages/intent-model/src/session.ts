/**
 * The ONNX Runtime session (onnxruntime-node): CUDA when asked for (or `auto`) and present, else
 * the CPU; a CUDA request that cannot be honoured logs a warning and falls back to the CPU, it
 * never fails. Features are filled into pooled dense buffers that are re-zeroed sparsely.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Intent } from '@npc/contracts';
import { fillDenseZeroed, type FeatureSpec } from './features';
import { readOnnxInfo, type ModelInput } from './onnx-export';
import { argmax, type IntentPrediction } from './train';

export type ExecutionProvider = 'cuda' | 'cpu';

export interface LoadLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface LoadOptions {
  device?: 'auto' | 'cpu' | 'cuda';
  log?: LoadLog;
  /**
   * ONNX Runtime intra-op threads. Default on the CPU: 1 — the model is one small MatMul, and the
   * caller's thread extracts features meanwhile; more threads only contend on a small machine.
   */
  threads?: number;
}

const require = createRequire(import.meta.url);

/** The directory holding the onnxruntime-node native binding for this platform, if found. */
export function ortBindingDir(): string | undefined {
  try {
    const pkg = dirname(require.resolve('onnxruntime-node/package.json'));
    const bin = join(pkg, 'bin');
    if (!existsSync(bin)) return undefined;
    for (const napi of readdirSync(bin).filter((d) => d.startsWith('napi-v')).sort().reverse()) {
      const dir = join(bin, napi, process.platform, process.arch);
      if (existsSync(dir)) return dir;
    }
  } catch {
    // Not resolvable: no binding dir.
  }
  return undefined;
}

function gpuVisible(): boolean {
  if (existsSync('/dev/nvidia0')) return true;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, 'nvidia-smi'))) return true;
  return false;
}

/**
 * Whether the CUDA execution provider can work here: its libraries beside the onnxruntime-node
 * binding (libonnxruntime_providers_cuda.so and libonnxruntime_providers_shared.so) and a GPU.
 */
export function cudaProviderPresent(): boolean {
  const dir = ortBindingDir();
  if (!dir) return false;
  const libs = existsSync(join(dir, 'libonnxruntime_providers_cuda.so')) && existsSync(join(dir, 'libonnxruntime_providers_shared.so'));
  return libs && gpuVisible();
}

const silent: LoadLog = { info: () => undefined, warn: () => undefined };

export class IntentClassifier {
  readonly provider: ExecutionProvider;
  readonly labels: readonly Intent[];
  readonly spec: FeatureSpec;
  readonly meta: Record<string, string>;
  /** What the model takes (the product's feature vector, or raw text) and where its probabilities come out. */
  readonly input: ModelInput;
  readonly output: string;
  private readonly session: ort.InferenceSession;
  private readonly pool: { buf: Float32Array; touched: Int32Array[] }[] = [];
  private released = false;

  private constructor(session: ort.InferenceSession, provider: ExecutionProvider, labels: Intent[], spec: FeatureSpec, meta: Record<string, string>, input: ModelInput, output: string) {
    this.session = session;
    this.input = input;
    this.output = output;
    this.provider = provider;
    this.labels = Object.freeze([...labels]);
    this.spec = Object.freeze({ ...spec });
    this.meta = Object.freeze({ ...meta }) as Record<string, string>;
  }

  /** Loads a registered model (`exportOnnx`, or `adoptModel` for one brought from elsewhere) on the requested device (see the module comment). */
  static async load(bytes: Uint8Array, opts: LoadOptions = {}): Promise<IntentClassifier> {
    const log = opts.log ?? silent;
    const info = readOnnxInfo(bytes);
    const device = opts.device ?? 'auto';
    const base: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
    };
    const cpuOptions: ort.InferenceSession.SessionOptions = { ...base, intraOpNumThreads: opts.threads ?? 1, interOpNumThreads: 1 };
    let session: ort.InferenceSession | undefined;
    let provider: ExecutionProvider = 'cpu';
    if (device === 'cuda' || device === 'auto') {
      const present = cudaProviderPresent();
      if (!present) {
        if (device === 'cuda') {
          log.warn({ requested: 'cuda', bindingDir: ortBindingDir() ?? null }, 'intent model: CUDA requested but its provider libraries or a GPU are absent; using the CPU');
        }
      } else {
        try {
          session = await ort.InferenceSession.create(bytes, {
            ...base, ...(opts.threads === undefined ? {} : { intraOpNumThreads: opts.threads }), executionProviders: [{ name: 'cuda', deviceId: 0 }],
          });
          provider = 'cuda';
        } catch (err) {
          log.warn({ requested: device, err: String(err) }, 'intent model: CUDA session creation failed; using the CPU');
        }
      }
    }
    session ??= await ort.InferenceSession.create(bytes, { ...cpuOptions, executionProviders: ['cpu'] });
    log.info({ provider, labels: info.labels.length, dims: info.spec.dims, opset: info.opset }, 'intent model loaded');
    return new IntentClassifier(session, provider, info.labels, info.spec, info.meta, info.input, info.output);
  }

  /** Probabilities of a batch, row-major [texts.length × labels.length]. */
  async probabilities(texts: readonly string[]): Promise<Float32Array> {
    if (this.released) throw new Error('IntentClassifier: released');
    const n = texts.length;
    if (n === 0) return new Float32Array(0);
    if (this.input.kind === 'text') return this.check(await this.session.run({ [this.input.name]: new ort.Tensor('string', [...texts], [n]) }), n);
    const dims = this.spec.dims;
    let slot = this.pool.pop();
    if (!slot || slot.buf.length < n * dims) slot = { buf: new Float32Array(Math.max(n, 64) * dims), touched: [new Int32Array(4096)] };
    const count = fillDenseZeroed(texts, this.spec, slot.buf, slot.touched);
    try {
      const input = new ort.Tensor('float32', slot.buf.subarray(0, n * dims), [n, dims]);
      return this.check(await this.session.run({ [this.input.name]: input }), n);
    } finally {
      // Re-zero only what was written, then give the buffer back.
      const list = slot.touched[0]!;
      for (let j = 0; j < count; j++) slot.buf[list[j]!] = 0;
      if (this.pool.length < 8) this.pool.push(slot);
    }
  }

  /** The probabilities output, checked to be [n × labels] float32. */
  private check(out: ort.InferenceSession.OnnxValueMapType, n: number): Float32Array {
    const probs = out[this.output] as ort.Tensor | undefined;
    const L = this.labels.length;
    if (!probs || !(probs.data instanceof Float32Array) || probs.data.length !== n * L) {
      throw new Error(`intent model: output ${this.output} is not float32 [${n} × ${L}] (got ${probs ? `${probs.type} [${probs.dims.join(' × ')}]` : 'nothing'})`);
    }
    return probs.data;
  }

  async classifyBatch(texts: readonly string[]): Promise<IntentPrediction[]> {
    const p = await this.probabilities(texts);
    const L = this.labels.length;
    const out: IntentPrediction[] = new Array(texts.length);
    for (let r = 0; r < texts.length; r++) {
      const k = argmax(p, r * L, L);
      out[r] = { intent: this.labels[k]!, confidence: p[r * L + k]! };
    }
    return out;
  }

  /**
   * Any number of texts, `chunk` at a time, yielding to the event loop between chunks: a held-out
   * split or an evaluation file never holds the loop (nor a dense buffer) for the whole set.
   */
  async classifyMany(texts: readonly string[], chunk = 128): Promise<IntentPrediction[]> {
    const out: IntentPrediction[] = [];
    for (let i = 0; i < texts.length; i += chunk) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      out.push(...(await this.classifyBatch(texts.slice(i, i + chunk))));
    }
    return out;
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.pool.length = 0;
    await this.session.release();
  }
}
