import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, NO_MIGRATIONS, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';
import type { DatabaseHandle } from './db';

/** The top-level `migrations/` folder of the repository. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

export interface MigrateOptions {
  /** Defaults to the top-level `migrations/` folder. */
  migrationFolder?: string;
}

export interface MigrateDownOptions extends MigrateOptions {
  /** Undo every migration rather than only the last one. */
  all?: boolean;
}

/**
 * kysely's `FileMigrationProvider`, with the `import()` done from this module instead of from
 * kysely's. The migrations are TypeScript: kysely (a plain dependency) imports with Node's own
 * loader, which only understands `.ts` when tsx has registered its hooks. Under vitest that is
 * not the case, but imports made from this (transformed) module go through vitest's loader. Same
 * file rules as FileMigrationProvider: `.ts`/`.mts`/`.js`/`.mjs`, not `.d.ts`; the migration name
 * is the file name without its extension.
 */
export class TsFileMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    const files = (await fs.readdir(this.folder)).filter(isMigrationFile).sort();
    for (const file of files) {
      const module: unknown = await import(pathToFileURL(path.join(this.folder, file)).href);
      const migration = asMigration(module) ?? asMigration((module as { default?: unknown }).default);
      if (!migration) throw new Error(`migration ${file} exports no up() function`);
      migrations[file.slice(0, file.lastIndexOf('.'))] = migration;
    }
    return migrations;
  }
}

function isMigrationFile(file: string): boolean {
  return /\.(m?ts|m?js)$/.test(file) && !/\.d\.m?ts$/.test(file);
}

function asMigration(value: unknown): Migration | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { up, down } = value as Partial<Migration>;
  return typeof up === 'function' ? { up, ...(typeof down === 'function' && { down }) } : undefined;
}

/** What the migration functions need: a schema-qualified kysely instance and its schema. */
export type MigrationTarget = Pick<DatabaseHandle, 'db' | 'schema'>;

function migrator({ db, schema }: MigrationTarget, options: MigrateOptions): Migrator {
  return new Migrator({
    // `db` is already `withSchema(schema)`: the migrations create their tables in that schema…
    db,
    provider: new TsFileMigrationProvider(options.migrationFolder ?? MIGRATIONS_FOLDER),
    // …and kysely's own bookkeeping tables live there too.
    migrationTableSchema: schema,
    // Migration numbers are handed out per piece of work done in parallel, so they can land out of
    // order: a database that already ran 0010 must still run a 0006 merged after it.
    allowUnorderedMigrations: true,
  });
}

async function ensureSchema({ db, schema }: MigrationTarget): Promise<void> {
  try {
    await db.schema.createSchema(schema).ifNotExists().execute();
  } catch (error) {
    // Two processes creating it at once: one loses with duplicate_schema / unique_violation.
    const code = (error as { code?: unknown }).code;
    if (code !== '42P06' && code !== '23505') throw error;
  }
}

function check(action: string, schema: string, outcome: { error?: unknown; results?: MigrationResult[] }): MigrationResult[] {
  const results = outcome.results ?? [];
  if (outcome.error !== undefined) {
    const failed = results.find((r) => r.status === 'Error');
    const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    throw new Error(
      `${action} of schema "${schema}" failed${failed ? ` in migration ${failed.migrationName}` : ''}: ${reason}`,
      { cause: outcome.error },
    );
  }
  return results;
}

/**
 * Runs one migrator call, again when it failed before any migration ran: kysely's introspection
 * lists the tables and columns of every schema, so a schema dropped or altered by someone else
 * meanwhile (3F000 invalid_schema_name, 42P01 undefined_table) fails that listing, not our
 * migration. 42703 undefined_column was seen once in a full test run with no migration named, so
 * also before any migration ran; its cause is not pinned down. Nothing was applied in these cases
 * (a failing migration is always reported as one), so running it again is safe.
 */
async function runMigrator(
  action: string,
  database: MigrationTarget,
  options: MigrateOptions,
  run: (m: Migrator) => Promise<{ error?: unknown; results?: MigrationResult[] }>,
): Promise<MigrationResult[]> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await run(migrator(database, options));
    const code = (outcome.error as { code?: unknown } | undefined)?.code;
    const ranNothing = !(outcome.results ?? []).some((r) => r.status !== 'NotExecuted');
    if ((code === '3F000' || code === '42P01' || code === '42703') && ranNothing && attempt < 5) continue;
    return check(action, database.schema, outcome);
  }
}

/** Creates the schema if needed and applies every pending migration; returns what ran. */
export async function migrateToLatest(database: MigrationTarget, options: MigrateOptions = {}): Promise<MigrationResult[]> {
  await ensureSchema(database);
  return runMigrator('migration', database, options, (m) => m.migrateToLatest());
}

/** Undoes the last migration (or all of them with `{ all: true }`); returns what ran. */
export async function migrateDown(database: MigrationTarget, options: MigrateDownOptions = {}): Promise<MigrationResult[]> {
  return runMigrator('rollback', database, options, (m) => (options.all ? m.migrateTo(NO_MIGRATIONS) : m.migrateDown()));
}
