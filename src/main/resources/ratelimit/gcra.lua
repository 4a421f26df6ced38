-- GCRA (generic cell rate algorithm), a port of redis-cell's CL.THROTTLE (brandur/redis-cell) with the
-- same arguments and the same answers, but times in ms instead of seconds.
--   KEYS[1]  the caller's theoretical arrival time (named by the caller, e.g. rl:{alice}:minute)
--   ARGV     max_burst, count_per_period, period_s, [quantity = 1]   (quantity 0 peeks)
-- Reply: {limited (0|1), limit = max_burst + 1, remaining, retry_after_ms (-1 when allowed), reset_after_ms}
--   retry_after_ms is -1 on a denial too when quantity > limit: such a request is never allowed.
--   reset_after_ms: until the caller is back to a full burst (the TAT).
-- Semantics, as redis-cell: emission_interval = period / count_per_period (truncated, here to whole us),
-- delay_variation_tolerance = emission_interval * (max_burst + 1), increment = emission_interval * quantity.
--   tat     = stored TAT, or now when there is none
--   new_tat = max(now, tat) + increment
--   limited when now < new_tat - dvt; then retry_after = new_tat - dvt - now (if increment <= dvt)
--   ttl     = new_tat - now when allowed, tat - now when limited  -> reset_after
--   remaining = floor((dvt - ttl) / emission_interval), at least 0
-- Durations are rounded up to the next ms (redis-cell rounds up to the next second), so a caller that
-- waits retry_after is never early. Time is Redis's clock (TIME) in us (redis-cell: the server's clock in ns).
-- Differences, deliberate: a peek (quantity 0) writes nothing (redis-cell rewrites the same TAT), and a
-- stored TAT already in the past counts as now (redis-cell could then report a negative reset_after).
-- Memory: one string per caller, the TAT in us since the Unix epoch, expiring when it is reached
-- (then a missing key means the same thing). Redis runs a script alone, so redis-cell's
-- compare-and-swap loop is unnecessary: read, decide and write cannot interleave with another request.
--   redis-cli --eval gcra.lua rl:{john_doe}:default , 4 1 1
local function gcra(key, now_us, quantity, max_burst, count_per_period, period_s)
    local emission_interval = math.floor(period_s * 1000000 / count_per_period)
    if count_per_period <= 0 or emission_interval <= 0 then
        error('gcra: rates of zero or above 1 per microsecond are not supported')
    end
    local limit = max_burst + 1
    local dvt = emission_interval * limit
    local increment = emission_interval * quantity

    local tat = tonumber(redis.call('GET', key) or now_us)
    if tat < now_us then
        tat = now_us
    end
    local new_tat = tat + increment
    local diff = now_us - (new_tat - dvt)

    local limited, retry_us, ttl = 0, -1, new_tat - now_us
    if diff < 0 then
        limited, ttl = 1, tat - now_us
        if increment <= dvt then
            retry_us = -diff
        end
    end

    local reply = {limited, limit, math.max(0, math.floor((dvt - ttl) / emission_interval)),
                   retry_us < 0 and -1 or math.ceil(retry_us / 1000), math.ceil(ttl / 1000)}
    if limited == 1 or quantity == 0 then
        return reply, nil
    end
    return reply, function()
        redis.call('SET', key, string.format('%d', new_tat), 'PX', math.ceil(ttl / 1000))
    end
end

-- Run alone
local t = redis.call('TIME')
local reply, commit = gcra(KEYS[1], tonumber(t[1]) * 1000000 + tonumber(t[2]),
        tonumber(ARGV[4] or '1'), tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
if reply[1] == 0 and commit then
    commit()
end
return reply
