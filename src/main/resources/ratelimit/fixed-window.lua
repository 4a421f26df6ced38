-- Fixed window that starts at a caller's first request: at most `limit` units per `window` seconds.
--   KEYS[1]  the caller's counter
--   ARGV[1]  limit, ARGV[2] window in seconds, ARGV[3] cost of this request (default 1)
-- Reply: {limited (0|1), limit, remaining, retry_after_ms (-1 when allowed), reset_after_ms}
-- Redis runs a script alone, so simultaneous requests cannot all read the same count (the tutorial's
-- GET-then-SETEX race). The window is Redis's own key expiry: app instances never compare clocks.
-- A denial consumes nothing, and the counter always has an expiry.
--   redis-cli --eval fixed-window.lua rl:{john_doe}:default , 5 60
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window_ms = tonumber(ARGV[2]) * 1000
local cost = tonumber(ARGV[3] or '1')

local used = tonumber(redis.call('GET', key) or '0')
local reset_ms = redis.call('PTTL', key)

if used + cost > limit then
    if reset_ms < 0 then
        reset_ms = window_ms
        if used > 0 then
            redis.call('PEXPIRE', key, window_ms)
        end
    end
    return {1, limit, math.max(0, limit - used), reset_ms, reset_ms}
end

used = redis.call('INCRBY', key, cost)
if reset_ms < 0 then
    reset_ms = window_ms
    redis.call('PEXPIRE', key, window_ms)
end
return {0, limit, limit - used, -1, reset_ms}
