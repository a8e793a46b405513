-- token-bucket: admits a request while a principal's bucket holds at least one token, then charges
-- its cost (which may leave a debt), refilled continuously, atomically across every gateway instance.
-- KEYS[1]: the bucket HASH (fields t = tokens left, u = last update in ms).
-- ARGV[1]: refill rate per second; ARGV[2]: capacity (burst); ARGV[3]: cost in tokens (default 1);
-- ARGV[4]: now in ms, given only by a caller with its own clock (tests that move time by hand).
-- Time is otherwise Redis's own clock (TIME), not the caller's: gateway instances whose clocks disagree
-- would refill one bucket by their skew. (Scripts replicate by effects since Redis 5, so TIME is allowed.)
-- Returns {1, 0} when allowed, {0, ms until a token is available} when not.
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local cost = tonumber(ARGV[3]) or 1
local now = tonumber(ARGV[4])
if not now then
  local clock = redis.call('TIME')
  now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
end
local state = redis.call('HMGET', KEYS[1], 't', 'u')
local tokens = tonumber(state[1]) or capacity
local updated = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - updated) * rate / 1000)
local allowed = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - cost
  allowed = 1
else
  wait = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'u', tostring(now))
-- Kept until refilled to capacity (a debt included); a full bucket equals no bucket.
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) * 1000 / rate) + 1000)
return {allowed, wait}
