--[[
  Appends events to the log, each unless an event with the same source + id was accepted within
  the retention window. Deduplication and storage are one atomic step, so "accepted" always means
  "stored exactly once". The events of one call are appended in order, one after another, so a
  duplicate within the call is recognised too. Each event goes to the stream of its lane (its
  synchronisation class) and carries, in field `p`, its aggregate's last entry id in every lane
  (lib/events/lane-order.ts), so consumers keep the aggregate's order across lanes.

  KEYS[1..3]: the dedup HASHes (`source|id` → content hash) of the current generation and the two
              before it (see lib/events/retention.ts); only the first is written
  KEYS[4..6]: the STREAMs of the lanes, real-time first
  KEYS[7..9]: the lane-tail HASHes (aggregate → `id|id|id`, the last entry per lane) of the same
              generations; only the first is written
  ARGV[1]: time to live (ms) of the current generation, set when it is created
  ARGV[2..]: six per event:
    the event's dedup key (`source|id`; empty: appended without deduplication, a replay), its
    content hash, the entry payload (JSON of { event, recordedAt }, stored as stream field `e`),
    its type (stream field `t`, so consumers that ignore the type skip the payload), its lane
    (0, 1 or 2) and its aggregate (empty: none, no pointers)

  Returns one reply per event, in order: {'accepted', <stream id>}, {'duplicate'} (same content)
  or {'conflict'} (other content).
]]
local function split(tails)
  local ids, i = {'', '', ''}, 1
  for id in (tails .. '|'):gmatch('([^|]*)|') do
    ids[i] = id
    i = i + 1
  end
  return ids
end

local replies = {}
for a = 2, #ARGV, 6 do
  local key, hash, lane, aggregate = ARGV[a], ARGV[a + 1], tonumber(ARGV[a + 4]), ARGV[a + 5]
  local reply = nil
  if key ~= '' then
    for i = 1, 3 do
      local seen = redis.call('HGET', KEYS[i], key)
      if seen ~= false then
        reply = seen == hash and {'duplicate'} or {'conflict'}
        break
      end
    end
  end
  if reply == nil then
    if key ~= '' then
      redis.call('HSET', KEYS[1], key, hash)
    end
    local stream, id = KEYS[4 + lane], nil
    if aggregate == '' then
      id = redis.call('XADD', stream, '*', 'e', ARGV[a + 2], 't', ARGV[a + 3])
    else
      local tails = false
      for i = 7, 9 do
        tails = redis.call('HGET', KEYS[i], aggregate)
        if tails ~= false then
          break
        end
      end
      if tails == false then
        id = redis.call('XADD', stream, '*', 'e', ARGV[a + 2], 't', ARGV[a + 3])
        tails = '||'
      else
        id = redis.call('XADD', stream, '*', 'e', ARGV[a + 2], 't', ARGV[a + 3], 'p', tails)
      end
      local ids = split(tails)
      ids[lane + 1] = id
      redis.call('HSET', KEYS[7], aggregate, table.concat(ids, '|'))
    end
    reply = {'accepted', id}
  end
  replies[#replies + 1] = reply
end
for _, k in ipairs({KEYS[1], KEYS[7]}) do
  if redis.call('PTTL', k) == -1 then
    redis.call('PEXPIRE', k, ARGV[1])
  end
end
return replies
