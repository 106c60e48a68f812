/** The request table's name: the example NPC scripts (deploy/rathena/npc/) use it as is. */
export const TABLE = 'npc_brain_requests';

/**
 * The table's columns, in order: [name, definition]. The DDL below and the upgrade of an older
 * table (`upgradeStatements`) are both derived from this list.
 *
 * Columns up to `created_at` are written by the NPC script's INSERT; the rest by the bridge.
 * What players type and their names are stored as bytes (`char_name`, `text`: binary), in the
 * client's codepage, so no byte sequence can fail the INSERT; the bridge decodes them
 * (RATHENA_CLIENT_CODEPAGE). What the script shows (`reply_say`, `reply_item`, `reply_target`,
 * `reply_reward`) is binary too: the bridge writes it in the client's codepage.
 *
 * The `reply_*` columns beyond action/args/say flatten the action's arguments into what a script
 * can read with `query_sql` without parsing JSON: `reply_map`/`reply_x`/`reply_y` (warp,
 * save_point, give_directions, walk), `reply_zeny` (fee or price), `reply_item`/`reply_item_id`/
 * `reply_aegis`/`reply_amount` (buy, sell, quote_price, refine), `reply_target` (destination,
 * quest, job, target, reason, shop or slot), `reply_level` and the scaled quest or fight values
 * `reply_monster_level`/`reply_monster_count`/`reply_reward_tier`, the quest's terms
 * `reply_requires` (`itemid:amount,…`), `reply_reward` (words), `reply_reward_item_id`/
 * `reply_reward_amount`/`reply_reward_zeny`, and `reply_emotion_id` (the rAthena emotion number,
 * -1 for none).
 */
export const COLUMNS: ReadonlyArray<readonly [string, string]> = [
  ['id', 'BIGINT UNSIGNED NOT NULL AUTO_INCREMENT'],
  ['npc_id', 'VARCHAR(64) NOT NULL'],
  ['char_id', 'INT UNSIGNED NOT NULL'],
  ['char_name', "VARBINARY(96) NOT NULL DEFAULT ''"],
  ['base_level', 'SMALLINT UNSIGNED NOT NULL DEFAULT 0'],
  ['job', "VARCHAR(64) NOT NULL DEFAULT ''"],
  ['zeny', 'INT UNSIGNED NOT NULL DEFAULT 0'],
  ['map', "VARCHAR(32) NOT NULL DEFAULT ''"],
  ['x', 'SMALLINT UNSIGNED NOT NULL DEFAULT 0'],
  ['y', 'SMALLINT UNSIGNED NOT NULL DEFAULT 0'],
  ['event', "VARCHAR(16) NOT NULL DEFAULT 'talk'"],
  ['text', 'BLOB NULL'],
  ['allowed', 'VARCHAR(255) NOT NULL'],
  ['deadline_ms', 'INT UNSIGNED NOT NULL DEFAULT 1500'],
  ['status', "ENUM('new','claimed','done','failed','expired') NOT NULL DEFAULT 'new'"],
  ['created_at', 'TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)'],
  ['claimed_by', 'VARCHAR(64) NULL'],
  ['claimed_at', 'TIMESTAMP(3) NULL'],
  ['reply_action', 'VARCHAR(32) NULL'],
  ['reply_args', 'TEXT NULL'],
  ['reply_say', 'VARBINARY(1200) NULL'],
  ['reply_emotion', 'VARCHAR(24) NULL'],
  ['reply_emotion_id', 'SMALLINT NOT NULL DEFAULT -1'],
  ['reply_map', 'VARCHAR(32) NULL'],
  ['reply_x', 'INT NULL'],
  ['reply_y', 'INT NULL'],
  ['reply_zeny', 'INT NULL'],
  ['reply_item', 'VARBINARY(255) NULL'],
  ['reply_item_id', 'INT NULL'],
  ['reply_aegis', 'VARCHAR(64) NULL'],
  ['reply_amount', 'INT NULL'],
  ['reply_target', 'VARBINARY(255) NULL'],
  ['reply_level', 'INT NULL'],
  ['reply_monster_level', 'INT NULL'],
  ['reply_monster_count', 'INT NULL'],
  ['reply_reward_tier', 'INT NULL'],
  ['reply_requires', 'VARCHAR(255) NULL'],
  ['reply_reward', 'VARBINARY(255) NULL'],
  ['reply_reward_item_id', 'INT NULL'],
  ['reply_reward_amount', 'INT NULL'],
  ['reply_reward_zeny', 'INT NULL'],
  ['reply_source', 'VARCHAR(8) NULL'],
  ['decision_id', 'CHAR(36) NULL'],
  ['answered_at', 'TIMESTAMP(3) NULL'],
  ['error', 'VARCHAR(255) NULL'],
];

/**
 * The table's DDL. deploy/rathena/sql/npc_brain_requests.sql holds the same statement for
 * operators (`mysql ragnarok < …`); a test keeps the two identical.
 */
export const CREATE_TABLE_SQL = `CREATE TABLE IF NOT EXISTS \`${TABLE}\` (
${COLUMNS.map(([name, def]) => `  \`${name}\` ${def},`).join('\n')}
  PRIMARY KEY (\`id\`),
  KEY \`npc_brain_requests_status_id\` (\`status\`, \`id\`),
  KEY \`npc_brain_requests_created_at\` (\`created_at\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`;

/** A column as `information_schema.COLUMNS` describes it. */
export interface ExistingColumn {
  name: string;
  /** `COLUMN_TYPE`, e.g. `varchar(64)`, `blob`, `varbinary(96)`. */
  type: string;
}

/** Columns an older release created with another type: text that now holds bytes, a name column widened. */
const RETYPED = new Set(['char_name', 'text', 'reply_say', 'reply_item', 'reply_target', 'reply_emotion']);
const typeOf = (def: string): string => (def.split(' ')[0] ?? '').toLowerCase();

/**
 * What brings a table created by an older release up to this one (works on MariaDB and MySQL):
 * missing columns added, text columns that must hold bytes made binary (their content is kept as
 * its bytes), `reply_emotion` widened for the `ET_*` names. Empty when the table is current.
 */
export function upgradeStatements(existing: readonly ExistingColumn[]): string[] {
  const have = new Map(existing.map((c) => [c.name.toLowerCase(), c.type.toLowerCase()]));
  const changes: string[] = [];
  let previous = '';
  for (const [name, def] of COLUMNS) {
    const type = have.get(name);
    if (type === undefined) changes.push(`ADD COLUMN \`${name}\` ${def}${previous ? ` AFTER \`${previous}\`` : ' FIRST'}`);
    else if (RETYPED.has(name) && type !== typeOf(def)) changes.push(`MODIFY COLUMN \`${name}\` ${def}`);
    previous = name;
  }
  return changes.length === 0 ? [] : [`ALTER TABLE \`${TABLE}\` ${changes.join(', ')}`];
}
