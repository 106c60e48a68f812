-- keys: 3
-- KEYS: decision record, decision-log stream, pending marker. ARGV: record json, ttl s, reply channel ('' = none), '1' = log it.
local existing = redis.call('GET', KEYS[1])
if existing then return existing end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
if ARGV[4] == '1' then redis.call('XADD', KEYS[2], '*', 'r', ARGV[1]) end
redis.call('DEL', KEYS[3])
if ARGV[3] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[1]) end
return false
