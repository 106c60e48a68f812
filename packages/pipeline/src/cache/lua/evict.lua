-- keys: *
-- KEYS[1]: the decision's record of where its answer sits; KEYS[2…]: those entries (an exact entry
-- is a string, an intent-level entry a list). ARGV[1]: the answer's stored value. Deletes the value
-- wherever it still is (a newer answer that replaced it stays), then the record. → entries removed
local n = 0
for i = 2, #KEYS do
  local t = redis.call('TYPE', KEYS[i])['ok']
  if t == 'string' and redis.call('GET', KEYS[i]) == ARGV[1] then
    n = n + redis.call('DEL', KEYS[i])
  elseif t == 'list' then
    n = n + redis.call('LREM', KEYS[i], 0, ARGV[1])
  end
end
redis.call('DEL', KEYS[1])
return n
