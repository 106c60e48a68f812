-- keys: 2
-- KEYS: lease, intents(npc)   ARGV: npc, token, resource, ttlMs → the new expiry (ms), 0 when stale
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local h = redis.call('HMGET', KEYS[1], 'holder', 'token')
if h[1] ~= ARGV[1] or h[2] ~= ARGV[2] then return 0 end
local exp = now + tonumber(ARGV[4])
redis.call('HSET', KEYS[1], 'expiresAt', exp)
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('ZADD', KEYS[2], exp, ARGV[3])
return exp
