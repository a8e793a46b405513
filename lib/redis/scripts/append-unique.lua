--[[
  Appends events to the log, each unless an event with the same source + id was accepted within
  the retention window. Deduplication and storage are one atomic step, so "accepted" always means
  "stored exactly once". The events of one call are appended in order, one after another, so a
  duplicate within the call is recognised too.

  KEYS[1..3]: the dedup HASHes (`source|id` → content hash) of the current generation and the two
              before it (see lib/events/retention.ts); only the first is written
  KEYS[4]: the event STREAM
  ARGV[1]: time to live (ms) of the current generation, set when it is created
  ARGV[2..]: four per event:
    the event's dedup key (`source|id`), its content hash, the entry payload (JSON of
    { event, recordedAt }, stored as stream field `e`) and its type (stream field `t`, so
    consumers that ignore the type skip the payload)

  Returns one reply per event, in order: {'accepted', <stream id>}, {'duplicate'} (same content)
  or {'conflict'} (other content).
]]
local replies = {}
for a = 2, #ARGV, 4 do
  local key, hash = ARGV[a], ARGV[a + 1]
  local reply = nil
  for i = 1, 3 do
    local seen = redis.call('HGET', KEYS[i], key)
    if seen ~= false then
      reply = seen == hash and {'duplicate'} or {'conflict'}
      break
    end
  end
  if reply == nil then
    redis.call('HSET', KEYS[1], key, hash)
    reply = {'accepted', redis.call('XADD', KEYS[4], '*', 'e', ARGV[a + 2], 't', ARGV[a + 3])}
  end
  replies[#replies + 1] = reply
end
if redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return replies
