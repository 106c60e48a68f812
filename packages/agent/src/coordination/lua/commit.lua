-- keys: 1
-- KEYS: lease   ARGV: npc, token → 1 when the caller still holds the resource under this token
local h = redis.call('HMGET', KEYS[1], 'holder', 'token')
if h[1] ~= ARGV[1] or h[2] ~= ARGV[2] then return 0 end
redis.call('HINCRBY', KEYS[1], 'commits', 1)
return 1
