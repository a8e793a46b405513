--[[
  Renews or releases a lease (a STRING naming its holder, with a time to live), only while the
  caller holds it: a holder that paused past its lease never renews or deletes another's.

  KEYS[1]: the lease
  ARGV[1]: 'renew' or 'release'
  ARGV[2]: the caller (instance name)
  ARGV[3]: time to live in ms (renew)

  Returns 1 when the caller held the lease (renewed or released), 0 when it did not.
]]
if redis.call('GET', KEYS[1]) ~= ARGV[2] then return 0 end
if ARGV[1] == 'renew' then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
else
  redis.call('DEL', KEYS[1])
end
return 1
