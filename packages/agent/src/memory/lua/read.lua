-- keys: 3
-- KEYS: hash, episodes, world news   ARGV: last news index → {hash fields, episodes, news}: the read, one command
return {
  redis.call('HMGET', KEYS[1], 'name', 'first', 'last', 'visits', 'lastChat', 'refl', 'rv'),
  redis.call('LRANGE', KEYS[2], 0, -1),
  redis.call('LRANGE', KEYS[3], 0, tonumber(ARGV[1]))
}
