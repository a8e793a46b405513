--[[
  Renews or releases a lease (a STRING naming its holder, with a time to live), only while the
  caller holds it: a holder that paused past its lease never renews or deletes another's. A lease
  that ran out while nobody took it is the caller's again on renewal (a late renewal under load
  does not hand the partition over for nothing).

  KEYS[1]: the lease
  ARGV[1]: 'renew' or 'release'
  ARGV[2]: the caller (instance name)
  ARGV[3]: time to live in ms (renew)

  Returns 1 when the caller held the lease (renewed or released), 0 when another holds it.
]]
local holder = redis.call('GET', KEYS[1])
if ARGV[1] == 'renew' then
  if holder ~= ARGV[2] and holder ~= false then return 0 end
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
if holder ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
return 1
