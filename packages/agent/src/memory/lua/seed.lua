-- keys: 2
-- KEYS: hash, episodes   ARGV: ttl, name, first, last, visits, refl, episodes… → 1 seeded, 0 when Redis has the set already
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'first', ARGV[3], 'last', ARGV[4], 'visits', ARGV[5], 'rv', '0')
if ARGV[2] ~= '' then redis.call('HSET', KEYS[1], 'name', ARGV[2]) end
if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'refl', ARGV[6]) end
for i = 7, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if #ARGV >= 7 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
return 1
