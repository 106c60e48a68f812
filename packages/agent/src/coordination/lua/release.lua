-- keys: 2
-- KEYS: lease, intents(npc)   ARGV: npc, token, resource → 1 released, 0 stale
local h = redis.call('HMGET', KEYS[1], 'holder', 'token')
if h[1] ~= ARGV[1] or h[2] ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[3])
return 1
