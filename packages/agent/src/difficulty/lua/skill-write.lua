-- keys: 1
-- KEYS: the player's cached rating   ARGV: rating json, its match count → 1 written, 0 kept
-- Writes unless the cached entry already counts more matches: a late writer never rolls it back.
local cur = redis.call('GET', KEYS[1])
if cur then
  local ok, v = pcall(cjson.decode, cur)
  if ok and type(v) == 'table' and tonumber(v.matches) and tonumber(v.matches) > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
