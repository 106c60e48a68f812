import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, IntentModelOrigin, IntentModelStatus, IntentModelsTable } from './schema';

/**
 * The intent-model registry (`intent_models`): every trained model with its ONNX bytes (so an
 * inference worker on any host loads it from PostgreSQL), its held-out accuracy and the promoted
 * model's accuracy on the same split, and the settings it was trained with (or, imported, what its
 * file declared). At most one model is `promoted` at a time (a partial unique index enforces it);
 * promoting retires the previous one in the same transaction. Rejected and retired models can be
 * pruned once their status is older than a retention period; the promoted one never is.
 */

export interface NewModelCandidate {
  /** Default: one more than the highest version so far. */
  version?: number;
  bytes: Uint8Array;
  /** Where the file was written on the training host. */
  path?: string | null;
  featureVersion: string;
  /** Training examples. */
  examples: number;
  heldOut: number;
  /** On its own held-out split. */
  accuracy: number;
  /** The promoted model's accuracy on the same split; null when none was promoted. */
  baselineAccuracy?: number | null;
  metrics?: Record<string, unknown>;
  /** Training settings (epochs, learning rate, L2, feature dims, seed, …), or what an imported file declared. */
  settings?: Record<string, unknown>;
  /** Default `trained`. */
  origin?: IntentModelOrigin;
}

export interface ModelInfo {
  version: number;
  status: IntentModelStatus;
  sha256: string;
  /** Size of the ONNX file in bytes. */
  size: number;
  path: string | null;
  featureVersion: string;
  examples: number;
  heldOut: number;
  accuracy: number;
  baselineAccuracy: number | null;
  metrics: Record<string, unknown>;
  settings: Record<string, unknown>;
  origin: IntentModelOrigin;
  createdAt: Date;
  promotedAt: Date | null;
  /** When the status last changed. */
  statusAt: Date;
}

export interface StoredModel extends ModelInfo {
  bytes: Uint8Array;
}

export class ModelNotFoundError extends Error {
  constructor(readonly version: number) {
    super(`intent model v${version} is not in the registry`);
    this.name = 'ModelNotFoundError';
  }
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const INFO_COLUMNS = [
  'version',
  'status',
  'sha256',
  'path',
  'feature_version',
  'examples',
  'held_out',
  'accuracy',
  'baseline_accuracy',
  'metrics',
  'settings',
  'origin',
  'created_at',
  'promoted_at',
  'status_at',
] as const;

/** A registry row as selected for its info: every column but the bytes, plus their size. */
type InfoRow = Omit<Selectable<IntentModelsTable>, 'bytes'> & { size: number };

const toInfo = (r: InfoRow): ModelInfo => ({
  version: r.version,
  status: r.status,
  sha256: r.sha256,
  size: Number(r.size),
  path: r.path,
  featureVersion: r.feature_version,
  examples: r.examples,
  heldOut: r.held_out,
  accuracy: r.accuracy,
  baselineAccuracy: r.baseline_accuracy,
  metrics: r.metrics,
  settings: r.settings,
  origin: r.origin,
  createdAt: r.created_at,
  promotedAt: r.promoted_at,
  statusAt: r.status_at,
});

const size = sql<number>`octet_length(bytes)`.as('size');

export class ModelRegistry {
  constructor(private readonly db: Kysely<Database>) {}

  /** One more than the highest version (1 for an empty registry). */
  async nextVersion(): Promise<number> {
    const { v } = await this.db
      .selectFrom('intent_models')
      .select(sql<number>`coalesce(max(version), 0) + 1`.as('v'))
      .executeTakeFirstOrThrow();
    return Number(v);
  }

  /**
   * Stores a trained model as `candidate`. With no `version`, takes the next one (retrying if
   * another process took it meanwhile); a given version that exists already throws.
   */
  async insertCandidate(candidate: NewModelCandidate): Promise<ModelInfo> {
    for (let attempt = 1; ; attempt++) {
      const version = candidate.version ?? (await this.nextVersion());
      try {
        const row = await this.db
          .insertInto('intent_models')
          .values({
            version,
            status: 'candidate',
            sha256: sha256Hex(candidate.bytes),
            bytes: Buffer.from(candidate.bytes.buffer, candidate.bytes.byteOffset, candidate.bytes.byteLength),
            path: candidate.path ?? null,
            feature_version: candidate.featureVersion,
            examples: candidate.examples,
            held_out: candidate.heldOut,
            accuracy: candidate.accuracy,
            baseline_accuracy: candidate.baselineAccuracy ?? null,
            metrics: JSON.stringify(candidate.metrics ?? {}),
            settings: JSON.stringify(candidate.settings ?? {}),
            origin: candidate.origin ?? 'trained',
          })
          .returning([...INFO_COLUMNS, size])
          .executeTakeFirstOrThrow();
        return toInfo(row);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === '23505' && candidate.version === undefined && attempt < 5) continue;
        throw error;
      }
    }
  }

  /**
   * Makes `version` the promoted model; the one promoted before becomes `retired`. One
   * transaction. Returns the version retired (null: none). Promoting the promoted model is a no-op.
   */
  async promote(version: number): Promise<{ promoted: ModelInfo; retired: number | null }> {
    return this.db.transaction().execute(async (trx) => {
      const target = await trx.selectFrom('intent_models').select(['version', 'status']).where('version', '=', version).forUpdate().executeTakeFirst();
      if (!target) throw new ModelNotFoundError(version);
      let retired: number | null = null;
      if (target.status !== 'promoted') {
        const old = await trx
          .updateTable('intent_models')
          .set({ status: 'retired', status_at: sql<Date>`now()` })
          .where('status', '=', 'promoted')
          .returning('version')
          .executeTakeFirst();
        retired = old?.version ?? null;
        await trx
          .updateTable('intent_models')
          .set({ status: 'promoted', promoted_at: sql<Date>`now()`, status_at: sql<Date>`now()` })
          .where('version', '=', version)
          .execute();
      }
      const row = await trx.selectFrom('intent_models').select([...INFO_COLUMNS, size]).where('version', '=', version).executeTakeFirstOrThrow();
      return { promoted: toInfo(row), retired };
    });
  }

  /** Marks a candidate `rejected` (with why, in its metrics). Returns false when it is not a candidate. */
  async reject(version: number, reason?: string): Promise<boolean> {
    const result = await this.db
      .updateTable('intent_models')
      .set((eb) => ({
        status: 'rejected',
        status_at: sql<Date>`now()`,
        ...(reason !== undefined && { metrics: sql<string>`${eb.ref('metrics')} || ${JSON.stringify({ rejectedBecause: reason })}::jsonb` }),
      }))
      .where('version', '=', version)
      .where('status', '=', 'candidate')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The promoted model with its bytes, or undefined. */
  async promoted(): Promise<StoredModel | undefined> {
    const row = await this.db
      .selectFrom('intent_models')
      .select([...INFO_COLUMNS, size, 'bytes'])
      .where('status', '=', 'promoted')
      .executeTakeFirst();
    return row ? { ...toInfo(row), bytes: new Uint8Array(row.bytes) } : undefined;
  }

  /** The promoted model's version and checksum without its bytes (cheap to poll); undefined when none. */
  async promotedVersion(): Promise<{ version: number; sha256: string } | undefined> {
    return this.db.selectFrom('intent_models').select(['version', 'sha256']).where('status', '=', 'promoted').executeTakeFirst();
  }

  /** One model with its bytes, or undefined. */
  async get(version: number): Promise<StoredModel | undefined> {
    const row = await this.db
      .selectFrom('intent_models')
      .select([...INFO_COLUMNS, size, 'bytes'])
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? { ...toInfo(row), bytes: new Uint8Array(row.bytes) } : undefined;
  }

  /** Adds keys to a model's metrics (e.g. its accuracy on an evaluation file). Returns false when there is no such version. */
  async addMetrics(version: number, metrics: Record<string, unknown>): Promise<boolean> {
    const result = await this.db
      .updateTable('intent_models')
      .set((eb) => ({ metrics: sql<string>`${eb.ref('metrics')} || ${JSON.stringify(metrics)}::jsonb` }))
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Deletes rejected and retired models whose status is older than `before`; never a promoted
   * model, nor a candidate still being judged. Returns what was deleted (version and file path), so
   * the caller can remove the files too.
   */
  async prune(before: Date): Promise<{ version: number; path: string | null }[]> {
    return this.db
      .deleteFrom('intent_models')
      .where('status', 'in', ['rejected', 'retired'])
      .where('status_at', '<', before)
      .returning(['version', 'path'])
      .execute();
  }

  /** Every model, newest first, without bytes. */
  async list(limit = 100): Promise<ModelInfo[]> {
    const rows = await this.db
      .selectFrom('intent_models')
      .select([...INFO_COLUMNS, size])
      .orderBy('version', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toInfo);
  }
}
