-- GCRA over several buckets, all or nothing, on Redis's own clock (never the instances' clocks).
-- The same arithmetic as dev.portico.ratelimit.Gcra, in microseconds.
-- KEYS[i]: bucket i. ARGV[1]: cost. ARGV[2i], ARGV[2i+1]: interval and period of bucket i (microseconds).
-- Returns {allowed, then per bucket: ok, remaining, reset, retryAfter} with times in microseconds.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local cost = tonumber(ARGV[1])
local n = #KEYS
local tats, nexts, oks = {}, {}, {}
local allowed = 1
for i = 1, n do
  local interval = tonumber(ARGV[2 * i])
  local period = tonumber(ARGV[2 * i + 1])
  local tat = tonumber(redis.call('GET', KEYS[i])) or now
  if tat < now then tat = now end
  tats[i] = tat
  nexts[i] = tat + interval * cost
  oks[i] = nexts[i] - now <= period
  if not oks[i] then allowed = 0 end
end
local out = {allowed}
for i = 1, n do
  local interval = tonumber(ARGV[2 * i])
  local period = tonumber(ARGV[2 * i + 1])
  local tat = tats[i]
  if allowed == 1 then
    tat = nexts[i]
    -- The bucket is full again once now passes its TAT: let Redis forget it then.
    redis.call('SET', KEYS[i], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000))
  end
  local ahead = tat - now
  local remaining = math.floor((period - ahead) / interval)
  if remaining < 0 then remaining = 0 end
  local retry = 0
  if allowed == 0 then
    retry = ahead + interval * cost - period
    if retry < 0 then retry = 0 end
  end
  local ok = 0
  if allowed == 1 or oks[i] then ok = 1 end
  out[#out + 1] = ok
  out[#out + 1] = remaining
  out[#out + 1] = ahead
  out[#out + 1] = retry
end
return out
