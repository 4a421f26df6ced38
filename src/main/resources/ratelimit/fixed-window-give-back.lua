-- Gives back one unit to each fixed-window counter that took it, while that counter is still the window that
-- took it: a failed login is taken before the password is checked (LoginThrottle), and a right password was
-- never a failure.
--   KEYS   fixed-window counters (fixed-window.lua's keys)
--   ARGV   for each key, in KEYS order: the reset_after_ms that fixed-window.lua replied when it took the unit
-- Reply: how many counters got their unit back.
-- A counter's PTTL only shrinks, so one whose PTTL + 1 is above the reset it replied is a later window, begun
-- after that one expired (if the unit comes back within one window of being taken): that window keeps its count.
-- A missing counter stays missing (the unit went with its window), so no key is ever written without an expiry:
-- DECR keeps the key's expiry, and a counter given back its last unit is deleted, as if nothing had been taken.
--   redis-cli --eval fixed-window-give-back.lua rl:login:{login}:c:192.0.2.1 , 900000
local given = 0
for i, key in ipairs(KEYS) do
    local pttl = redis.call('PTTL', key)
    if pttl >= 0 and pttl + 1 <= tonumber(ARGV[i]) then
        local used = tonumber(redis.call('GET', key))
        if used > 1 then
            redis.call('DECR', key)
            given = given + 1
        elseif used == 1 then
            redis.call('DEL', key)
            given = given + 1
        end
    end
end
return given
