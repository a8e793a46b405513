-- commit: applies one DocumentStore commit atomically, only if every precondition still holds.
-- KEYS: every collection HASH and index ZSET the commit reads or writes (declared, as Redis requires).
-- ARGV[1]: JSON {"p": [[k, id, expected]...], "w": [[op, k, id, json]...]}
--   k is a 1-based index into KEYS; expected is the JSON read earlier, or false when it was absent;
--   op is "put" (HSET), "del" (HDEL), "idx" (ZADD 0) or "unidx" (ZREM).
-- Returns 1 when applied, 0 when a precondition failed (then nothing is written).
local plan = cjson.decode(ARGV[1])
for _, p in ipairs(plan.p) do
  local current = redis.call('HGET', KEYS[p[1]], p[2])
  if current ~= p[3] then return 0 end
end
for _, w in ipairs(plan.w) do
  local op, key, id = w[1], KEYS[w[2]], w[3]
  if op == 'put' then
    redis.call('HSET', key, id, w[4])
  elseif op == 'del' then
    redis.call('HDEL', key, id)
  elseif op == 'idx' then
    redis.call('ZADD', key, 0, id)
  else
    redis.call('ZREM', key, id)
  end
end
return 1
