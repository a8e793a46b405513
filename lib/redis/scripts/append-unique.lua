-- append-unique: stores an event once per source + id, in the same atomic step as the check.
-- KEYS[1]: the dedup HASH (source|id -> content hash); KEYS[2]: the event STREAM.
-- ARGV[1]: the dedup key (source|id); ARGV[2]: the content hash; ARGV[3]: the entry JSON.
-- Returns {'accepted', streamId}, {'duplicate'} (same content) or {'conflict'} (other content).
local seen = redis.call('HGET', KEYS[1], ARGV[1])
if seen then
  if seen == ARGV[2] then return {'duplicate'} end
  return {'conflict'}
end
local id = redis.call('XADD', KEYS[2], '*', 'e', ARGV[3])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return {'accepted', id}
