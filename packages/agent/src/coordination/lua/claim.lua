-- keys: 6
-- KEYS: lease, fence, candidates, candidateInfo, round, intents(caller)
-- ARGV: npc, priority, ttlMs, windowMs, name, resource
-- → {status (1 granted to caller, 0 held by another, 2 pending), holder, token, expiresAt|roundEnd, holderName, waitMs}
-- Time is Redis's (TIME): processes with skewed clocks agree on windows and expiry.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local h = redis.call('HMGET', KEYS[1], 'holder', 'token', 'expiresAt', 'holderName')
if h[1] then
  if h[1] == ARGV[1] then
    redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
    redis.call('ZADD', KEYS[6], tonumber(h[3]), ARGV[6])
    return {1, h[1], h[2], h[3], h[4] or '', 0}
  end
  return {0, h[1], h[2], h[3], h[4] or '', 0}
end
local prio = tonumber(ARGV[2])
local window = tonumber(ARGV[4])
local r = redis.call('GET', KEYS[5])
local rstart, rend
if r then
  rstart, rend = string.match(r, '^(%d+),(%d+)$')
  rstart = tonumber(rstart)
  rend = tonumber(rend)
else
  rstart = now
  rend = now + window
  redis.call('SET', KEYS[5], rstart .. ',' .. rend, 'PX', window + 60000)
end
local score = (1000 - prio) * 1000000000 + math.min(999999999, now - rstart)
if redis.call('ZADD', KEYS[3], 'NX', score, ARGV[1]) == 1 then
  redis.call('HSET', KEYS[4], ARGV[1], prio .. '|' .. ARGV[3] .. '|' .. ARGV[5])
end
if now < rend then
  redis.call('PEXPIRE', KEYS[3], rend - now + 60000)
  redis.call('PEXPIRE', KEYS[4], rend - now + 60000)
  return {2, '', '0', tostring(rend), '', rend - now}
end
local best = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
local info = redis.call('HGET', KEYS[4], best) or (ARGV[2] .. '|' .. ARGV[3] .. '|')
local bprio, bttl, bname = string.match(info, '^(-?%d+)|(%d+)|(.*)$')
local token = redis.call('INCR', KEYS[2])
local exp = now + tonumber(bttl)
redis.call('HSET', KEYS[1], 'holder', best, 'token', token, 'priority', bprio, 'claimedAt', now, 'expiresAt', exp, 'holderName', bname)
redis.call('PEXPIRE', KEYS[1], tonumber(bttl))
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5])
local status = 0
if best == ARGV[1] then
  status = 1
  redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
  redis.call('ZADD', KEYS[6], exp, ARGV[6])
end
return {status, best, tostring(token), tostring(exp), bname, 0}
