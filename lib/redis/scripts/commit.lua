--[[
  Atomic conditional commits of DocumentStore units of work: several in one call (those made in
  the same turn of the event loop), each applied or refused on its own, in order, so a later one
  sees what an earlier one wrote (and fails if it read a document that one changed).

  KEYS: every key the commits read or write (document HASHes, index ZSETs, change STREAMs), each once, in the
        order the caller chose; ARGV[1] refers to them by 1-based position in KEYS.
  ARGV[1]: JSON array of commits, each { "pre": [[k, id] | [k, id, a], ...],
           "ops": [[op, k, id] | ["put", k, id, a] | ["expire", k, ms] | ["xadd", k, a, ms, t], ...] }
    pre: field `id` of HASH KEYS[k] must be absent, or hold a document whose SHA-1 (hex) is ARGV[a].
    ops: applied in order; op is "put" (HSET of the document ARGV[a]), "del" (HDEL), "zadd" (ZADD
         score 0), "zrem" (ZREM), "expire" (PEXPIRE of KEYS[k] by ms, unless it has a TTL already) or
         "xadd" (XADD of field `c` = ARGV[a] to the change STREAM KEYS[k], its id assigned here, in
         commit order; then entries older than ms, a Redis time, are trimmed, never the new one, and
         the newest id trimmed is SET in STRING KEYS[t]).
  ARGV[2..]: documents and precondition hashes, referred to by position.

  Returns one number per commit: 1 when every write was applied, 0 (writing nothing) when a
  precondition no longer held.
]]
local commits = cjson.decode(ARGV[1])
local known = { put = true, del = true, zadd = true, zrem = true, expire = true, xadd = true }

-- Checked before anything is written: an error must not leave some commits applied.
for _, commit in ipairs(commits) do
  for _, op in ipairs(commit.ops) do
    if not known[op[1]] then return redis.error_reply('unknown commit op ' .. tostring(op[1])) end
  end
end

local function holds(commit)
  for _, p in ipairs(commit.pre) do
    local current = redis.call('HGET', KEYS[p[1]], p[2])
    if p[3] == nil then
      if current ~= false then return false end
    elseif current == false or redis.sha1hex(current) ~= ARGV[p[3]] then
      return false
    end
  end
  return true
end

local results = {}
for c, commit in ipairs(commits) do
  if holds(commit) then
    for _, op in ipairs(commit.ops) do
      local key = KEYS[op[2]]
      if op[1] == 'put' then
        redis.call('HSET', key, op[3], ARGV[op[4]])
      elseif op[1] == 'del' then
        redis.call('HDEL', key, op[3])
      elseif op[1] == 'zadd' then
        redis.call('ZADD', key, 0, op[3])
      elseif op[1] == 'zrem' then
        redis.call('ZREM', key, op[3])
      elseif op[1] == 'xadd' then
        local id = redis.call('XADD', key, '*', 'c', ARGV[op[3]])
        local ms = tonumber(string.match(id, '^(%d+)'))
        local cutoff = tonumber(op[4])
        -- A cutoff at or past the new entry (clocks apart) keeps the new entry and trims all before it.
        local minid = cutoff < ms and (string.format('%d', cutoff) .. '-0') or id
        local last = redis.call('XREVRANGE', key, '(' .. minid, '-', 'COUNT', 1)
        if #last > 0 then
          -- The newest trimmed id, for readers to tell what they missed (XTRIM does not record it).
          redis.call('XTRIM', key, 'MINID', minid)
          redis.call('SET', KEYS[op[5]], last[1][1])
        end
      else
        if redis.call('PTTL', key) == -1 then redis.call('PEXPIRE', key, op[3]) end
      end
    end
    results[c] = 1
  else
    results[c] = 0
  end
end
return results
