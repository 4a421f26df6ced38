-- Token bucket: holds up to `capacity` tokens, refilled continuously at `refill_count` tokens per
-- `refill_period_s` seconds; a request takes `cost` tokens or, when there are not enough, none.
--   KEYS[1]  the caller's bucket (named by the caller, e.g. rl:{alice}:minute)
--   ARGV     capacity, refill_count, refill_period_s, [cost = 1]   (cost 0 peeks: it takes and writes nothing)
-- Reply: {limited (0|1), capacity, remaining, retry_after_ms (-1 when allowed), reset_after_ms}
--   remaining: whole tokens left; retry_after_ms: until enough tokens have dripped in for this cost
--   (-1 on a denial too when cost > capacity: such a request is never allowed);
--   reset_after_ms: until the bucket is full again.
-- Semantics: time is Redis's clock (TIME) in whole ms. The level is kept in fixed point, tokens times
-- refill_period_ms, so that a ms of refill adds exactly refill_count and no rounding can let a request
-- in early or turn it away late; waits are rounded up to the next ms. A missing bucket is full.
-- Memory: one hash per caller, fields level (tokens * refill_period_ms) and at (ms of that level).
-- Its expiry is the moment the bucket is full again, when a missing key means the same thing.
-- Redis runs a script alone: read, decide and write cannot interleave with another request.
-- Exact while capacity * refill_period_ms stays below 2^53 (e.g. 10^8 tokens refilled per day).
--   redis-cli --eval token-bucket.lua rl:{john_doe}:default , 10 5 60
local function token_bucket(key, now_us, cost, capacity, refill_count, refill_period_s)
    local period_ms = refill_period_s * 1000
    local now_ms = math.floor(now_us / 1000)
    local full = capacity * period_ms

    local state = redis.call('HMGET', key, 'level', 'at')
    local level = full
    if state[1] and state[2] then
        level = math.min(full, tonumber(state[1]) + math.max(0, now_ms - tonumber(state[2])) * refill_count)
    end

    local function ms_to_fill(amount)
        return math.ceil(amount / refill_count)
    end

    local needed = cost * period_ms
    if needed > level then
        local retry_ms = -1
        if cost <= capacity then
            retry_ms = ms_to_fill(needed - level)
        end
        return {1, capacity, math.floor(level / period_ms), retry_ms, ms_to_fill(full - level)}, nil
    end

    local left = level - needed
    local reset_ms = ms_to_fill(full - left)
    local commit = nil
    if cost > 0 then
        commit = function()
            redis.call('HSET', key, 'level', string.format('%d', left), 'at', string.format('%d', now_ms))
            redis.call('PEXPIRE', key, reset_ms)
        end
    end
    return {0, capacity, math.floor(left / period_ms), -1, reset_ms}, commit
end

-- Run alone
local t = redis.call('TIME')
local reply, commit = token_bucket(KEYS[1], tonumber(t[1]) * 1000000 + tonumber(t[2]),
        tonumber(ARGV[4] or '1'), tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]))
if reply[1] == 0 and commit then
    commit()
end
return reply
