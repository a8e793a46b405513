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

  The commands are per call, not per commit: every field the preconditions name is read with one
  HMGET per HASH, each commit is checked against that and against what the commits before it
  wrote (kept here), and the writes end as one HSET and one HDEL per HASH, one ZADD and one ZREM per
  ZSET, one trim per STREAM and one TTL look per expiring key. Only XADD is one per record (its ids
  are assigned in commit order). Within one script nothing else runs, so writing each key's final
  state at the end is the same as writing op by op.
]]
local commits = cjson.decode(ARGV[1])
local known = { put = true, del = true, zadd = true, zrem = true, expire = true, xadd = true }

-- Checked before anything is written: an error must not leave some commits applied.
for _, commit in ipairs(commits) do
  for _, op in ipairs(commit.ops) do
    if not known[op[1]] then return redis.error_reply('unknown commit op ' .. tostring(op[1])) end
  end
end

-- Runs `command` on KEYS[k] with `args` (`step` at a time, and whole steps per call): Lua's unpack
-- takes only so many values, and one call's commits can name thousands. Returns the replies, joined.
local function chunked(command, k, args, step)
  local replies = {}
  for from = 1, #args, 1000 * step do
    local reply = redis.call(command, KEYS[k], unpack(args, from, math.min(#args, from + 1000 * step - 1)))
    if type(reply) == 'table' then
      for i = 1, #reply do replies[#replies + 1] = reply[i] end
    end
  end
  return replies
end

-- Each HASH's fields the preconditions name, read at once: current[k][id] is its value or false.
local wanted, order = {}, {}
for _, commit in ipairs(commits) do
  for _, p in ipairs(commit.pre) do
    local fields = wanted[p[1]]
    if fields == nil then
      fields = { list = {}, seen = {} }
      wanted[p[1]] = fields
      order[#order + 1] = p[1]
    end
    if not fields.seen[p[2]] then
      fields.seen[p[2]] = true
      fields.list[#fields.list + 1] = p[2]
    end
  end
end
local current = {}
for _, k in ipairs(order) do
  local list = wanted[k].list
  local values = chunked('HMGET', k, list, 1)
  local byId = {}
  for i, id in ipairs(list) do byId[id] = values[i] end
  current[k] = byId
end

-- What the applied commits wrote, in first-write order per key: hashes[k] = { list, value[id] =
-- document or false (deleted) }, zsets[k] = { list, member[id] = true (added) or false (removed) }.
local hashes, hashOrder, zsets, zsetOrder = {}, {}, {}, {}
local function entry(all, allOrder, k)
  local e = all[k]
  if e == nil then
    e = { list = {}, value = {} }
    all[k] = e
    allOrder[#allOrder + 1] = k
  end
  return e
end
local function set(all, allOrder, k, id, value)
  local e = entry(all, allOrder, k)
  if e.value[id] == nil then e.list[#e.list + 1] = id end
  e.value[id] = value
end

local function holds(commit)
  for _, p in ipairs(commit.pre) do
    local value = current[p[1]][p[2]]
    local written = hashes[p[1]]
    if written ~= nil and written.value[p[2]] ~= nil then value = written.value[p[2]] end
    if p[3] == nil then
      if value ~= false then return false end
    elseif value == false or redis.sha1hex(value) ~= ARGV[p[3]] then
      return false
    end
  end
  return true
end

-- Streams appended to: the last id added, the cutoff and the key that records the newest id trimmed.
local streams, streamOrder = {}, {}
-- Keys to expire: the first time to live asked for each.
local expiring, expiringOrder = {}, {}

local results = {}
for c, commit in ipairs(commits) do
  if holds(commit) then
    for _, op in ipairs(commit.ops) do
      local k = op[2]
      if op[1] == 'put' then
        set(hashes, hashOrder, k, op[3], ARGV[op[4]])
      elseif op[1] == 'del' then
        set(hashes, hashOrder, k, op[3], false)
      elseif op[1] == 'zadd' then
        set(zsets, zsetOrder, k, op[3], true)
      elseif op[1] == 'zrem' then
        set(zsets, zsetOrder, k, op[3], false)
      elseif op[1] == 'xadd' then
        local id = redis.call('XADD', KEYS[k], '*', 'c', ARGV[op[3]])
        if streams[k] == nil then streamOrder[#streamOrder + 1] = k end
        streams[k] = { id = id, cutoff = tonumber(op[4]), trimmed = op[5] }
      elseif expiring[k] == nil then
        expiring[k] = op[3]
        expiringOrder[#expiringOrder + 1] = k
      end
    end
    results[c] = 1
  else
    results[c] = 0
  end
end

for _, k in ipairs(hashOrder) do
  local e = hashes[k]
  local puts, dels = {}, {}
  for _, id in ipairs(e.list) do
    local value = e.value[id]
    if value == false then
      dels[#dels + 1] = id
    else
      puts[#puts + 1] = id
      puts[#puts + 1] = value
    end
  end
  if #puts > 0 then chunked('HSET', k, puts, 2) end
  if #dels > 0 then chunked('HDEL', k, dels, 1) end
end
for _, k in ipairs(zsetOrder) do
  local e = zsets[k]
  local adds, rems = {}, {}
  for _, id in ipairs(e.list) do
    if e.value[id] then
      adds[#adds + 1] = 0
      adds[#adds + 1] = id
    else
      rems[#rems + 1] = id
    end
  end
  if #adds > 0 then chunked('ZADD', k, adds, 2) end
  if #rems > 0 then chunked('ZREM', k, rems, 1) end
end
for _, k in ipairs(streamOrder) do
  local s = streams[k]
  local ms = tonumber(string.match(s.id, '^(%d+)'))
  -- A cutoff at or past the newest entry (clocks apart) keeps the newest entry and trims all before it.
  local minid = s.cutoff < ms and (string.format('%d', s.cutoff) .. '-0') or s.id
  local last = redis.call('XREVRANGE', KEYS[k], '(' .. minid, '-', 'COUNT', 1)
  if #last > 0 then
    -- The newest trimmed id, for readers to tell what they missed (XTRIM does not record it).
    redis.call('XTRIM', KEYS[k], 'MINID', minid)
    redis.call('SET', KEYS[s.trimmed], last[1][1])
  end
end
for _, k in ipairs(expiringOrder) do
  if redis.call('PTTL', KEYS[k]) == -1 then redis.call('PEXPIRE', KEYS[k], expiring[k]) end
end
return results
