-- wrk script: send at a fixed overall rate instead of as fast as possible.
--
--   wrk -t1 -c64 -d10s --latency -s paced.lua URL -- <requests per second>
--
-- Debian has no wrk2, so this paces plain wrk with its delay() hook. The thread keeps one schedule
-- of send slots, 1/rate apart. A connection that is ready to send claims the next slot and waits
-- for it (delay() has millisecond resolution, so sends are placed to within about 0.5 ms). A slot
-- already in the past is sent at once and counted as late, by how much. While the server keeps up,
-- nothing is late, and wrk's latency (measured from the actual send) is the latency at that rate.
-- If the server falls behind, slots go late and the script reports it: the run then did not hold
-- the rate, and its latency understates what an open-loop client would see (coordinated omission),
-- so bench/run.sh flags it. One wrk thread (-t1) is assumed: the rate is per thread.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
  int clock_gettime(int clk_id, paced_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("paced_timespec")

local function now_us()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local interval_us = nil
local next_slot_us = nil

-- Read back by done() through thread:get().
target_rate = 0
slots = 0
late = 0           -- slots sent more than 1 ms after their time
late_max_us = 0
late_hist = {}     -- lateness in 100 us buckets, for a p99

function init(args)
  target_rate = tonumber(args[1])
  if target_rate == nil or target_rate <= 0 then
    error("paced.lua needs the rate: wrk ... -s paced.lua URL -- <requests per second>")
  end
  interval_us = 1e6 / target_rate
end

function delay()
  local now = now_us()
  if next_slot_us == nil then
    next_slot_us = now
  end
  local slot = next_slot_us
  next_slot_us = next_slot_us + interval_us
  slots = slots + 1
  local wait_us = slot - now
  if wait_us > 0 then
    return math.floor(wait_us / 1000 + 0.5)
  end
  local lateness = -wait_us
  if lateness > 1000 then
    late = late + 1
  end
  if lateness > late_max_us then
    late_max_us = lateness
  end
  local bucket = math.floor(lateness / 100)
  late_hist[bucket] = (late_hist[bucket] or 0) + 1
  return 0
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local total_slots, total_late, max_us = 0, 0, 0
  local hist = {}
  for _, t in ipairs(threads) do
    total_slots = total_slots + t:get("slots")
    total_late = total_late + t:get("late")
    max_us = math.max(max_us, t:get("late_max_us"))
    for bucket, count in pairs(t:get("late_hist")) do
      hist[bucket] = (hist[bucket] or 0) + count
    end
  end
  -- p99 lateness over all slots (slots that were not late count as 0).
  local late_p99_us = 0
  local late_slots = 0
  for _, count in pairs(hist) do
    late_slots = late_slots + count
  end
  local allowed = total_slots * 0.01
  if late_slots > allowed then
    local buckets = {}
    for bucket in pairs(hist) do
      table.insert(buckets, bucket)
    end
    table.sort(buckets, function(a, b) return a > b end)
    local above = 0
    for _, bucket in ipairs(buckets) do
      above = above + hist[bucket]
      if above > allowed then
        late_p99_us = bucket * 100
        break
      end
    end
  end
  io.write(string.format("PACED target_rps=%d slots=%d late_over_1ms=%d late_p99_us=%d late_max_us=%d\n",
    threads[1]:get("target_rate"), total_slots, total_late, late_p99_us, math.floor(max_us)))
end
