-- keys: 5
-- The daily budget's operations (budget.ts), one atomic script: ARGV[1] names the operation, the
-- rest of ARGV are its arguments (see each function). One file, so that the helpers are written once.
--
-- Keys of one budget day (all under the caller's hashtag prefix, so one cluster slot):
--   KEYS[1] totals        hash (integer nano-dollars): spent (billed), reserved (held by live
--                         reservations), expired (held by expired, unsettled reservations, charged
--                         as presumed spending), alert:<threshold> markers
--   KEYS[2] reservations  hash: id -> "<amount> <expiresAtMs> <meta json>"
--   KEYS[3] expiries      zset: id scored by expiresAtMs (to find expired reservations fast)
--   KEYS[4] closed        hash: id -> "S:<actual>" settled | "R:<amount>" released |
--                         "X:<amount>" expired and charged | "L:<amount>" expired and freed
--   KEYS[5] charged       hash: id -> "<amount> <expiresAtMs> <meta json>" of the reservations that
--                         expired charged and are not reconciled yet (a settle or release of one,
--                         or `DailyBudget.markReconciled`, removes it)
--
-- Admission: spent + expired + reserved + amount <= budget.
--
-- Time is the Redis server's (`TIME`), never a client's clock: a client whose clock runs ahead
-- cannot expire others' live reservations early. Amounts are integers written with `%.0f` (Lua's
-- `tostring` would print large numbers in exponent notation, which HINCRBY rejects), never '-0'.

local function int(n) if n == 0 then return '0' end return string.format('%.0f', n) end
local function num(v) return tonumber(v) or 0 end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function amount_of(v) return tonumber(string.match(v, '^(%d+)')) end
-- Keys live until expire_at, and at least a day from now (a past expire_at would delete them).
local function touch(expire_at)
  local at = math.max(tonumber(expire_at), tonumber(redis.call('TIME')[1]) + 86400)
  for i = 1, #KEYS do redis.call('EXPIREAT', KEYS[i], at) end
end
-- Takes up to 'limit' reservations whose expiry has passed out of 'reserved'. charge = '1': their
-- amounts move to 'expired' (still counted: the holder may have been billed); else they are freed.
local function reclaim(now, limit, charge)
  local ids = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, limit)
  local total = 0
  for _, id in ipairs(ids) do
    local v = redis.call('HGET', KEYS[2], id)
    if v then
      local amount = amount_of(v)
      total = total + amount
      redis.call('HDEL', KEYS[2], id)
      redis.call('HSET', KEYS[4], id, (charge == '1' and 'X:' or 'L:') .. int(amount))
      if charge == '1' then redis.call('HSET', KEYS[5], id, v) end
    end
    redis.call('ZREM', KEYS[3], id)
  end
  if total > 0 then
    redis.call('HINCRBY', KEYS[1], 'reserved', int(-total))
    if charge == '1' then redis.call('HINCRBY', KEYS[1], 'expired', int(total)) end
  end
  return #ids, total
end

-- Takes a live reservation out of 'reserved'; returns its amount, or nil when it is not held.
local function unhold(id)
  local v = redis.call('HGET', KEYS[2], id)
  if not v then return nil end
  local amount = amount_of(v)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
  redis.call('HINCRBY', KEYS[1], 'reserved', int(-amount))
  return amount
end

local ops = {}

-- Returns {1, expiresAtMs} when reserved, {0, 0} when it does not fit.
function ops.reserve(id, amount, budget, ttl_ms, expire_at, meta, reclaim_limit, charge)
  local now = now_ms()
  reclaim(now, tonumber(reclaim_limit), charge)
  local t = redis.call('HMGET', KEYS[1], 'spent', 'reserved', 'expired')
  if num(t[1]) + num(t[2]) + num(t[3]) + tonumber(amount) > tonumber(budget) then
    return {0, '0'}
  end
  local expires = now + tonumber(ttl_ms)
  if redis.call('HSETNX', KEYS[2], id, amount .. ' ' .. int(expires) .. ' ' .. meta) == 0 then
    return redis.error_reply('ERR duplicate budget reservation id')
  end
  redis.call('ZADD', KEYS[3], expires, id)
  redis.call('HINCRBY', KEYS[1], 'reserved', amount)
  touch(expire_at)
  return {1, int(expires)}
end

-- Then pairs (threshold name, threshold level). Returns {status, heldAmount, spent, reserved,
-- {crossed names...}}; status is settled (was held) | late_charged (had expired and been charged:
-- the charge is replaced) | late (had expired and been freed, or was released) | unknown (no trace)
-- | duplicate.
function ops.settle(id, actual, expire_at, ...)
  local thresholds = {...}
  local status = 'settled'
  local held = unhold(id)
  if not held then
    held = 0
    local c = redis.call('HGET', KEYS[4], id)
    if not c then
      status = 'unknown'
    else
      local kind = string.sub(c, 1, 2)
      if kind == 'S:' then
        local t = redis.call('HMGET', KEYS[1], 'spent', 'reserved')
        return {'duplicate', string.sub(c, 3), int(num(t[1])), int(num(t[2])), {}}
      end
      held = tonumber(string.sub(c, 3))
      if kind == 'X:' then
        status = 'late_charged'
        redis.call('HINCRBY', KEYS[1], 'expired', int(-held))
        redis.call('HDEL', KEYS[5], id)
      else
        status = 'late'
      end
    end
  end
  redis.call('HSET', KEYS[4], id, 'S:' .. actual)
  local spent = redis.call('HINCRBY', KEYS[1], 'spent', actual)
  local reserved = num(redis.call('HGET', KEYS[1], 'reserved'))
  local crossed = {}
  for i = 1, #thresholds - 1, 2 do
    if spent >= tonumber(thresholds[i + 1]) and redis.call('HSETNX', KEYS[1], 'alert:' .. thresholds[i], int(spent)) == 1 then
      crossed[#crossed + 1] = thresholds[i]
    end
  end
  touch(expire_at)
  return {status, int(held), int(spent), int(reserved), crossed}
end

-- Gives back a live reservation, or the charge of an expired one (its holder says nothing was
-- billed). Returns {1, amount} when given back, {0, 0} otherwise.
function ops.release(id, expire_at)
  local amount = unhold(id)
  if not amount then
    local c = redis.call('HGET', KEYS[4], id)
    if not c or string.sub(c, 1, 2) ~= 'X:' then return {0, '0'} end
    amount = tonumber(string.sub(c, 3))
    redis.call('HINCRBY', KEYS[1], 'expired', int(-amount))
    redis.call('HDEL', KEYS[5], id)
  end
  redis.call('HSET', KEYS[4], id, 'R:' .. int(amount))
  touch(expire_at)
  return {1, int(amount)}
end

-- Returns {count examined, amount taken out of reserved}.
function ops.sweep(limit, charge)
  local n, total = reclaim(now_ms(), tonumber(limit), charge)
  return {n, int(total)}
end

-- Returns {spent, reserved, expired, reservations held}. Read-only.
function ops.status()
  local t = redis.call('HMGET', KEYS[1], 'spent', 'reserved', 'expired')
  return {t[1] or '0', t[2] or '0', t[3] or '0', redis.call('HLEN', KEYS[2])}
end

-- Raises spent to at least the floor; returns spent.
function ops.restore(floor, expire_at)
  local spent = num(redis.call('HGET', KEYS[1], 'spent'))
  if tonumber(floor) > spent then
    redis.call('HSET', KEYS[1], 'spent', floor)
    spent = tonumber(floor)
  end
  touch(expire_at)
  return int(spent)
end

local op = ops[ARGV[1]]
if not op then return redis.error_reply('ERR unknown budget operation ' .. tostring(ARGV[1])) end
-- Lua 5.1 (Redis) has the global unpack; 5.4 (DragonFly) table.unpack.
return op((table.unpack or unpack)(ARGV, 2))
