--[[
  Appends an event to the log unless an event with the same source + id was accepted before.
  Deduplication and storage are one atomic step, so "accepted" always means "stored exactly once".

  KEYS[1]: the dedup HASH (`source|id` → content hash)
  KEYS[2]: the event STREAM
  ARGV[1]: the event's dedup key (`source|id`)
  ARGV[2]: the event's content hash
  ARGV[3]: the entry payload (JSON of { event, recordedAt }), stored as stream field `e`

  Returns {'accepted', <stream id>}, {'duplicate'} (same content) or {'conflict'} (other content).
]]
local seen = redis.call('HGET', KEYS[1], ARGV[1])
if seen == false then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  local id = redis.call('XADD', KEYS[2], '*', 'e', ARGV[3])
  return {'accepted', id}
end
if seen == ARGV[2] then
  return {'duplicate'}
end
return {'conflict'}
