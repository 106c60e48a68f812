/**
 * What the top-level `migrations/` import: kysely, from the copy this package depends on.
 *
 * `migrations/` is not a workspace package and the repository root does not depend on kysely, so a
 * bare `import 'kysely'` there resolves to nothing (pnpm does not hoist it). Importing through this
 * module also guarantees the migrations build with the same kysely copy that runs them.
 */
export { sql } from 'kysely';
export type { Kysely } from 'kysely';
