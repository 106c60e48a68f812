-- keys: 2
-- KEYS: the API key's counter, the player's counter. ARGV: key cap, player cap (0 = none), ttl seconds.
-- Both are checked before either is counted, in one step: a refused decision counts nowhere.
-- Returns 0 when counted, 1 when the key's quota is spent, 2 when the player's is.
local k = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > 0 and k >= tonumber(ARGV[1]) then return 1 end
local p = tonumber(redis.call('GET', KEYS[2]) or '0')
if tonumber(ARGV[2]) > 0 and p >= tonumber(ARGV[2]) then return 2 end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 0
