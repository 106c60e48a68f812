import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { IntentClassifier, MicroBatcher, cudaProviderPresent, type IntentPrediction } from '@npc/intent-model';

/** Where promoted models come from: the registry (`repos.models`), or anything with the same call. */
export interface ModelSource {
  promoted(): Promise<{ version: number; bytes: Uint8Array } | undefined>;
  /** The promoted version without its bytes (a cheap poll); when absent, `promoted()` is asked every time. */
  promotedVersion?(): Promise<{ version: number } | undefined>;
}

export type InferenceDevice = 'auto' | 'cpu' | 'cuda';

export interface ModelHolderOptions {
  device: InferenceDevice;
  batchMax: number;
  batchWaitMs: number;
  log: Logger;
  /** Cache loaded models here (`intent-v<version>.onnx`), to start from when the registry is unreachable. */
  modelDir?: string;
  /** Every model run: how many texts, how long (ms). */
  onBatch?: (size: number, ms: number) => void;
  /** A model was loaded (or failed to); `provider` is the execution provider it runs on. */
  onLoaded?: (version: number, provider: string) => void;
  onLoadFailed?: (version: number, err: unknown) => void;
}

interface Loaded {
  version: number;
  classifier: IntentClassifier;
  inFlight: number;
  retired: boolean;
  released: boolean;
}

type Runner = (texts: string[]) => Promise<IntentPrediction[]>;

/**
 * Holds the loaded intent model and the micro-batcher in front of it, and swaps models without
 * dropping a job: the new session is loaded fully first, then the batcher is pointed at it (texts
 * that arrive from then on run on the new model; batches already running finish on the old one),
 * and the old session is released once its last in-flight batch has returned.
 */
export class ModelHolder {
  private current: Loaded | undefined;
  private batcher: MicroBatcher | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly retiring = new Set<Loaded>();
  private closed = false;

  constructor(
    private readonly source: ModelSource,
    private readonly opts: ModelHolderOptions,
  ) {
    this.planned = opts.device !== 'cpu' && cudaProviderPresent() ? 'cuda' : 'cpu';
  }

  get loaded(): boolean {
    return this.current !== undefined;
  }

  get version(): number | null {
    return this.current?.version ?? null;
  }

  /**
   * The execution provider: the one the loaded model runs on; before any model is loaded, the one
   * INFERENCE_DEVICE would get here (CUDA when its provider libraries and a GPU are present).
   */
  get provider(): 'cuda' | 'cpu' {
    return this.current?.classifier.provider ?? this.planned;
  }

  /** What the device setting gets on this host, judged without loading a model. */
  readonly planned: 'cuda' | 'cpu';

  /** Sessions held now: the current one plus retired ones still finishing a batch. */
  get sessions(): number {
    return this.retiring.size + (this.current ? 1 : 0);
  }

  get stats(): MicroBatcher['stats'] | undefined {
    return this.batcher?.stats;
  }

  /** The loaded model's prediction for `text` (batched with concurrent calls); undefined without a model. */
  classify(text: string): Promise<IntentPrediction | undefined> {
    if (!this.batcher) return Promise.resolve(undefined);
    return this.batcher.classify(text) as Promise<IntentPrediction>;
  }

  /**
   * Asks the source for the promoted model and loads it when it is not the one in use. Calls are
   * serialised (a promotion message and a poll at once load once). Resolves to the version in use.
   * A source or load failure is logged; the model in use stays.
   */
  check(reason: string): Promise<number | null> {
    const run = this.queue.then(() => this.checkNow(reason));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async checkNow(reason: string): Promise<number | null> {
    if (this.closed) return this.version;
    let promoted: { version: number; bytes: Uint8Array } | undefined;
    try {
      if (this.current && this.source.promotedVersion) {
        const v = await this.source.promotedVersion();
        if (!v || v.version === this.current.version) return this.version;
      }
      promoted = await this.source.promoted();
    } catch (err) {
      this.opts.log.warn({ err: String(err), reason }, 'model registry unreachable');
      if (!this.current) await this.loadFromDisk();
      return this.version;
    }
    if (!promoted) {
      if (!this.current && reason === 'start') this.opts.log.info('no promoted intent model yet: the worker waits for one (gateways keep routing to rules)');
      return this.version;
    }
    if (promoted.version === this.current?.version) return this.version;
    await this.load(promoted.version, promoted.bytes, reason);
    return this.version;
  }

  /** Loads `bytes` as model `version` and swaps it in (see the class comment). */
  async load(version: number, bytes: Uint8Array, reason = 'direct'): Promise<boolean> {
    const started = performance.now();
    let classifier: IntentClassifier;
    try {
      classifier = await IntentClassifier.load(bytes, { device: this.opts.device, log: this.opts.log });
    } catch (err) {
      this.opts.log.error({ err: String(err), version, reason }, 'could not load the intent model; the one in use (if any) stays');
      this.opts.onLoadFailed?.(version, err);
      return false;
    }
    if (this.closed) {
      await classifier.release();
      return false;
    }
    const entry: Loaded = { version, classifier, inFlight: 0, retired: false, released: false };
    const runner = this.runnerFor(entry);
    if (!this.batcher) this.batcher = new MicroBatcher(runner, { maxBatch: this.opts.batchMax, maxWaitMs: this.opts.batchWaitMs });
    else this.batcher.setRunner(runner);
    const old = this.current;
    this.current = entry;
    if (old) this.retire(old);
    // A CUDA request that cannot be honoured was logged as a warning by IntentClassifier.load.
    const provider = classifier.provider;
    this.opts.log.info(
      { version, previous: old?.version ?? null, provider, device: this.opts.device, reason, loadMs: Math.round(performance.now() - started) },
      old ? 'intent model swapped in' : 'intent model loaded',
    );
    this.opts.onLoaded?.(version, provider);
    void this.saveToDisk(version, bytes);
    return true;
  }

  private runnerFor(entry: Loaded): Runner {
    return async (texts: string[]) => {
      entry.inFlight++;
      const t0 = performance.now();
      try {
        return (await entry.classifier.classifyBatch(texts)) as IntentPrediction[];
      } finally {
        entry.inFlight--;
        this.opts.onBatch?.(texts.length, performance.now() - t0);
        if (entry.retired && entry.inFlight === 0) void this.release(entry);
      }
    };
  }

  private retire(entry: Loaded): void {
    entry.retired = true;
    this.retiring.add(entry);
    if (entry.inFlight === 0) void this.release(entry);
  }

  private async release(entry: Loaded): Promise<void> {
    if (entry.released) return;
    entry.released = true;
    this.retiring.delete(entry);
    try {
      await entry.classifier.release();
      this.opts.log.debug({ version: entry.version }, 'previous intent model released');
    } catch (err) {
      this.opts.log.warn({ err: String(err), version: entry.version }, 'could not release a model session');
    }
  }

  private async saveToDisk(version: number, bytes: Uint8Array): Promise<void> {
    const dir = this.opts.modelDir;
    if (!dir) return;
    try {
      await mkdir(dir, { recursive: true });
      const file = join(dir, `intent-v${version}.onnx`);
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    } catch (err) {
      this.opts.log.debug({ err: String(err), dir }, 'could not cache the model on disk');
    }
  }

  /** Registry unreachable at start: the newest model cached on disk, if any (the next poll corrects it). */
  private async loadFromDisk(): Promise<void> {
    const dir = this.opts.modelDir;
    if (!dir) return;
    try {
      const versions = (await readdir(dir))
        .map((f) => /^intent-v(\d+)\.onnx$/.exec(f)?.[1])
        .filter((v): v is string => v !== undefined)
        .map(Number)
        .sort((a, b) => b - a);
      const newest = versions[0];
      if (newest === undefined) return;
      const bytes = new Uint8Array(await readFile(join(dir, `intent-v${newest}.onnx`)));
      await this.load(newest, bytes, 'disk-cache');
    } catch (err) {
      this.opts.log.debug({ err: String(err), dir }, 'no model cached on disk');
    }
  }

  /** Lets queued texts finish, then releases every session. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.batcher?.drain();
    const all = [...this.retiring, ...(this.current ? [this.current] : [])];
    this.current = undefined;
    await Promise.all(all.map((e) => this.release(e)));
  }
}
