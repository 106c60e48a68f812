-- npc-brain ⇄ rAthena request table (the "SQL bridge"; see deploy/rathena/README.md).
-- Create it in rAthena's main database (the one `query_sql` uses, `map_server_db` in
-- conf/inter_athena.conf), e.g.  mysql -u ragnarok -p ragnarok < deploy/rathena/sql/npc_brain_requests.sql
-- The bridge creates it too when BRIDGE_CREATE_TABLE=true (the default). Keep this file identical
-- to apps/bridge-rathena/src/table.ts (a test compares them).
CREATE TABLE IF NOT EXISTS `npc_brain_requests` (
  `id` BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  `npc_id` VARCHAR(64) NOT NULL,
  `char_id` INT UNSIGNED NOT NULL,
  `char_name` VARCHAR(64) NOT NULL DEFAULT '',
  `base_level` SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  `job` VARCHAR(64) NOT NULL DEFAULT '',
  `zeny` INT UNSIGNED NOT NULL DEFAULT 0,
  `map` VARCHAR(32) NOT NULL DEFAULT '',
  `x` SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  `y` SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  `event` VARCHAR(16) NOT NULL DEFAULT 'talk',
  `text` TEXT NULL,
  `allowed` VARCHAR(255) NOT NULL,
  `deadline_ms` INT UNSIGNED NOT NULL DEFAULT 1500,
  `status` ENUM('new','claimed','done','failed','expired') NOT NULL DEFAULT 'new',
  `created_at` TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  `claimed_by` VARCHAR(64) NULL,
  `claimed_at` TIMESTAMP(3) NULL,
  `reply_action` VARCHAR(32) NULL,
  `reply_args` TEXT NULL,
  `reply_say` VARCHAR(320) NULL,
  `reply_emotion` VARCHAR(16) NULL,
  `reply_emotion_id` SMALLINT NOT NULL DEFAULT -1,
  `reply_map` VARCHAR(32) NULL,
  `reply_x` INT NULL,
  `reply_y` INT NULL,
  `reply_zeny` INT NULL,
  `reply_item` VARCHAR(64) NULL,
  `reply_amount` INT NULL,
  `reply_target` VARCHAR(128) NULL,
  `reply_source` VARCHAR(8) NULL,
  `decision_id` CHAR(36) NULL,
  `answered_at` TIMESTAMP(3) NULL,
  `error` VARCHAR(255) NULL,
  PRIMARY KEY (`id`),
  KEY `npc_brain_requests_status_id` (`status`, `id`),
  KEY `npc_brain_requests_created_at` (`created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
