--[[
  Appends an event to the log unless an event with the same source + id was accepted within the
  retention window. Deduplication and storage are one atomic step, so "accepted" always means
  "stored exactly once".

  KEYS[1..3]: the dedup HASHes (`source|id` → content hash) of the current generation and the two
              before it (see lib/events/retention.ts); only the first is written
  KEYS[4]: the event STREAM
  ARGV[1]: the event's dedup key (`source|id`)
  ARGV[2]: the event's content hash
  ARGV[3]: the entry payload (JSON of { event, recordedAt }), stored as stream field `e`
  ARGV[4]: time to live (ms) of the current generation, set when it is created

  Returns {'accepted', <stream id>}, {'duplicate'} (same content) or {'conflict'} (other content).
]]
for i = 1, 3 do
  local seen = redis.call('HGET', KEYS[i], ARGV[1])
  if seen ~= false then
    if seen == ARGV[2] then return {'duplicate'} end
    return {'conflict'}
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) == -1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
local id = redis.call('XADD', KEYS[4], '*', 'e', ARGV[3])
return {'accepted', id}
