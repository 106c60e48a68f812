-- keys: 1
-- A sliding-window log of one provider's requests: KEYS[1] a sorted set of the requests sent in the
-- last window, scored by the Redis server's clock (one clock for every worker host).
-- ARGV: limit, window ms, member (unique per request). Returns 0 when a slot was taken, else the
-- ms until the oldest request leaves the window.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + window - now)
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window + 1000)
return 0
