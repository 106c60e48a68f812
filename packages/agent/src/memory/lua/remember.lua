-- keys: 3
-- KEYS: hash, episodes, log
-- ARGV: decisionId, name, at, encounter, ttl, "npc|player", lastChat,
--       reflection JSON ('' = none), expected rv, fold count, folded ids (space-separated), episodes…
-- → 1 reflected, 0 appended only, -1 a retried decision (already remembered)
-- Appends the episodes and bumps the counters; when a reflection is given, folds the first `fold
-- count` episodes into it, compare-and-set on the reflection version: only a reflection trims the
-- list (and bumps rv), appends only touch the tail, so an unchanged rv means the first episodes are
-- the ones the decision read. The stream is never trimmed here (entries not yet in PostgreSQL must
-- not be lost; gateways stop adding work when it reaches LOG_STREAM_MAX_LEN). The stream gets
-- {a: "npc|player|name", m: episode…} and, for a reflection, {a, r: reflection, f: folded ids}:
-- nothing is serialised twice.
local recent = redis.call('HGET', KEYS[1], 'recent') or ''
if string.find(recent, ARGV[1], 1, true) then return -1 end
recent = ARGV[1] .. ' ' .. recent
if #recent > 800 then recent = string.sub(recent, 1, 700) end
local set = {'recent', recent}
local last = tonumber(redis.call('HGET', KEYS[1], 'last') or '0')
if tonumber(ARGV[3]) > last then set[#set + 1] = 'last'; set[#set + 1] = ARGV[3] end
if ARGV[2] ~= '' then set[#set + 1] = 'name'; set[#set + 1] = ARGV[2] end
if ARGV[7] ~= '' then set[#set + 1] = 'lastChat'; set[#set + 1] = ARGV[7] end
local reflected = 0
if ARGV[8] ~= '' and (redis.call('HGET', KEYS[1], 'rv') or '0') == ARGV[9] then
  redis.call('LTRIM', KEYS[2], tonumber(ARGV[10]), -1)
  set[#set + 1] = 'refl'; set[#set + 1] = ARGV[8]
  set[#set + 1] = 'rv'; set[#set + 1] = tonumber(ARGV[9]) + 1
  reflected = 1
end
redis.call('HSET', KEYS[1], unpack(set))
redis.call('HSETNX', KEYS[1], 'first', ARGV[3])
if ARGV[4] == '1' then redis.call('HINCRBY', KEYS[1], 'visits', 1) end
local head = ARGV[6] .. '|' .. ARGV[2]
if #ARGV >= 12 then
  redis.call('RPUSH', KEYS[2], unpack(ARGV, 12))
  local entry = {'a', head}
  for i = 12, #ARGV do entry[#entry + 1] = 'm'; entry[#entry + 1] = ARGV[i] end
  redis.call('XADD', KEYS[3], '*', unpack(entry))
end
if reflected == 1 then redis.call('XADD', KEYS[3], '*', 'a', head, 'r', ARGV[8], 'f', ARGV[11]) end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return reflected
