-- Fixed window that starts at a caller's first request: at most `limit` units per `window_s` seconds.
--   KEYS[1]  the caller's counter (named by the caller, e.g. rl:{alice}:minute)
--   ARGV     limit, window_s, [cost = 1]   (cost 0 peeks: it consumes and writes nothing)
-- Reply: {limited (0|1), limit, remaining, retry_after_ms (-1 when allowed), reset_after_ms}
--   retry_after_ms is -1 on a denial too when cost > limit: such a request is never allowed.
--   reset_after_ms: until the window ends and the whole limit is back (0 when nothing is used).
-- Memory: one string per caller, the units used in the current window; its expiry IS the window.
-- The window is Redis's own key expiry, so no clock is read at all: app instances never compare clocks.
-- Redis runs a script alone, so simultaneous requests cannot all read the same count (the GET-then-SETEX
-- race). A denial or a peek writes nothing; a counter always has an expiry. A counter found without one
-- (written by something else) is not trusted: it counts as no window, and the next allowed request replaces it.
-- The key is set to expire window_ms - 1 after the first request because Redis deletes a key only once
-- its expiry time has passed: the window is then exactly [first request, first request + window_ms), and
-- PTTL + 1 is the exact wait until the key is gone.
--   redis-cli --eval fixed-window.lua rl:{john_doe}:default , 5 60
local function fixed_window(key, now_us, cost, limit, window_s)
    local window_ms = window_s * 1000
    local pttl = redis.call('PTTL', key)
    local used = 0
    if pttl >= 0 then
        used = tonumber(redis.call('GET', key))
    end
    local reset_ms = 0
    if pttl >= 0 then
        reset_ms = pttl + 1
    end

    if used + cost > limit then
        local retry_ms = reset_ms
        if cost > limit then
            retry_ms = -1
        end
        return {1, limit, math.max(0, limit - used), retry_ms, reset_ms}, nil
    end
    if cost == 0 then
        return {0, limit, limit - used, -1, reset_ms}, nil
    end
    if pttl < 0 then
        return {0, limit, limit - cost, -1, window_ms}, function()
            redis.call('SET', key, cost, 'PX', window_ms - 1)
        end
    end
    return {0, limit, limit - used - cost, -1, reset_ms}, function()
        redis.call('INCRBY', key, cost)
    end
end

-- Run alone
local reply, commit = fixed_window(KEYS[1], nil, tonumber(ARGV[3] or '1'), tonumber(ARGV[1]), tonumber(ARGV[2]))
if reply[1] == 0 and commit then
    commit()
end
return reply
