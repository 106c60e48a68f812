import { readFile } from 'node:fs/promises';
import type { IntentGuess } from '@npc/contracts';
import { combineIntents, IntentClassifier } from '@npc/intent-model';
import { createDatabase, ModelNotFoundError, ModelRegistry } from '@npc/persistence';
import { recognize } from '@npc/rules';

/**
 * The product's intent recogniser outside the decision path: the promoted model (from the
 * registry, or a given file) combined with the rules by `combineIntents`, exactly as the
 * inference stage does for a `talk` event, so `npc classify` and `npc eval` measure what players
 * get. With no model it is the rules alone.
 */

export interface ProductPrediction {
  text: string;
  /** What the product answers with. */
  intent: IntentGuess;
  by: 'model' | 'rules';
  /** The rules' own guess and the model's (undefined without a model). */
  rules: IntentGuess;
  model?: { intent: IntentGuess['name']; confidence: number };
}

export interface ClassifyOptions {
  /** The rules' confidence threshold (recognize's default otherwise). */
  threshold?: number;
  /** combineIntents' modelConfident (its default, 0.8, otherwise: the inference worker's MODEL_CONFIDENT default). */
  modelConfident?: number;
}

export class ProductClassifier {
  private constructor(
    /** The model, if any. */
    readonly model: IntentClassifier | undefined,
    /** Registry version of the model (null: none, or a file). */
    readonly version: number | null,
    /** Where the model came from: `registry v3`, a file path, or `rules only`. */
    readonly origin: string,
  ) {}

  static rulesOnly(origin = 'rules only'): ProductClassifier {
    return new ProductClassifier(undefined, null, origin);
  }

  static async fromBytes(bytes: Uint8Array, origin: string, version: number | null = null): Promise<ProductClassifier> {
    const model = await IntentClassifier.load(bytes, { device: 'cpu' });
    return new ProductClassifier(model, version, origin);
  }

  static async fromFile(path: string): Promise<ProductClassifier> {
    return ProductClassifier.fromBytes(new Uint8Array(await readFile(path)), path);
  }

  /** The promoted model of the registry; rules only when none is promoted. */
  static async fromRegistry(models: ModelRegistry): Promise<ProductClassifier> {
    const promoted = await models.promoted();
    if (!promoted) return ProductClassifier.rulesOnly('rules only (no promoted model)');
    return ProductClassifier.fromBytes(promoted.bytes, `registry v${promoted.version}`, promoted.version);
  }

  async classify(texts: readonly string[], options: ClassifyOptions = {}): Promise<ProductPrediction[]> {
    // As the inference stage recognises a player's talk event.
    const ropts = { eventType: 'talk' as const, ...(options.threshold !== undefined && { threshold: options.threshold }) };
    const rules = texts.map((t) => recognize(t, ropts).intent);
    const model: ({ intent: IntentGuess['name']; confidence: number } | undefined)[] = new Array(texts.length).fill(undefined);
    if (this.model) (await this.model.classifyMany(texts)).forEach((p, j) => (model[j] = p));
    const opts = options.modelConfident === undefined ? undefined : { modelConfident: options.modelConfident };
    return texts.map((text, i) => {
      const m = model[i];
      const combined = combineIntents(rules[i]!, m, opts);
      return { text, intent: combined.intent, by: combined.by, rules: rules[i]!, ...(m && { model: m }) };
    });
  }

  async release(): Promise<void> {
    await this.model?.release();
  }
}

export interface LoadProductOptions {
  databaseUrl: string;
  databaseSchema: string;
  /** Use this ONNX file instead of the registry's promoted model. */
  modelFile?: string;
  /** Use this registry version instead of the promoted model (an error when it is not there). */
  modelVersion?: number;
  /** No model at all. */
  rulesOnly?: boolean;
  /** Called once when the registry cannot be read and the rules answer alone. */
  warn?: (message: string) => void;
}

/**
 * The product classifier for a command line: the given file, else the registry's promoted model
 * (the database is closed again once it is loaded), else — no promoted model, or the database
 * unreachable — the rules alone, with one warning.
 */
export async function loadProductClassifier(options: LoadProductOptions): Promise<ProductClassifier> {
  if (options.rulesOnly) return ProductClassifier.rulesOnly();
  if (options.modelFile) return ProductClassifier.fromFile(options.modelFile);
  const database = createDatabase({
    url: options.databaseUrl,
    schema: options.databaseSchema,
    poolSize: 1,
    applicationName: 'npc-cli-classify',
    connectionTimeoutMillis: 2000,
    onPoolError: () => undefined,
  });
  try {
    const registry = new ModelRegistry(database.db);
    if (options.modelVersion !== undefined) {
      const stored = await registry.get(options.modelVersion);
      if (!stored) throw new ModelNotFoundError(options.modelVersion);
      return await ProductClassifier.fromBytes(stored.bytes, `registry v${stored.version} (${stored.status})`, stored.version);
    }
    const classifier = await ProductClassifier.fromRegistry(registry);
    if (!classifier.model) options.warn?.('no promoted intent model in the registry: classifying with the rules alone');
    return classifier;
  } catch (error) {
    if (error instanceof ModelNotFoundError) throw error;
    options.warn?.(`model registry unavailable (${error instanceof Error ? error.message : String(error)}): classifying with the rules alone`);
    return ProductClassifier.rulesOnly('rules only (registry unavailable)');
  } finally {
    await database.close().catch(() => undefined);
  }
}
