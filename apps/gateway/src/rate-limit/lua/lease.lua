-- keys: 1
-- Leases request slots of an API key's window to one gateway (rate-limit/leased-store.ts).
-- KEYS[1]: the key's counter, laid out as @fastify/rate-limit's own Redis store lays it out (an
-- integer that expires with the window), so gateways with either store share one count.
-- ARGV: slots wanted, the key's limit, window ms.
-- Grants min(wanted, limit - counter) slots (0 once the limit is reached: nothing is counted) and
-- adds them to the counter; a new counter (or one left without expiry) expires with the window.
-- Returns { counter after, ms left in the window, slots granted }.
local want = tonumber(ARGV[1])
local max = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local grant = math.min(want, max - current)
if grant < 0 then grant = 0 end
if grant > 0 then current = redis.call('INCRBY', KEYS[1], grant) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  ttl = window
  if current > 0 then redis.call('PEXPIRE', KEYS[1], window) end
end
return { current, ttl, grant }
