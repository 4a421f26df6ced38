-- Decides every limit of one request in one call: the request is allowed only if every limit allows it,
-- and then consumed from all of them; if any limit denies it, none is consumed (nothing is written).
-- Not runnable alone: DecisionScript puts the functions of the algorithm files (each file up to the line
-- that starts its stand-alone tail) in front of this file.
--   KEYS     one distinct key per limit (on a Redis Cluster, all with one hash tag: rl:{alice}:minute, rl:{alice}:day)
--   ARGV     for each limit, in KEYS order: algorithm-id cost n p1 .. pn
--            (n and p1 .. pn: the algorithm's parameters, e.g. token-bucket 1 3 10 5 60)
-- Reply: the 5-element replies {limited, limit, remaining, retry_after_ms, reset_after_ms} of the limits,
-- concatenated in KEYS order. When the request is denied, a limit that would have allowed it answers
-- as a peek (cost 0): its remaining is what it still has, since nothing was taken from it.
-- Every limit sees the same "now", read once from Redis's clock, and only when an algorithm other than the
-- fixed window is asked (the fixed window's clock is its key's expiry); all reads happen before any write.
local algorithms = {
    ['fixed-window'] = fixed_window,
    ['sliding-window'] = sliding_window,
    ['token-bucket'] = token_bucket,
    ['gcra'] = gcra,
}

local function now()
    local t = redis.call('TIME')
    return tonumber(t[1]) * 1000000 + tonumber(t[2])
end

local function parameters(from, n)
    local params = {}
    for p = 1, n do
        params[p] = tonumber(ARGV[from + p])
    end
    return params
end

-- One limit, the common case, without the tables that gather several limits and flatten their replies
-- (a quarter of the script's time in Redis, measured: bench/BENCHMARKS.md).
if #KEYS == 1 then
    local algorithm = algorithms[ARGV[1]]
    if not algorithm then
        error('unknown rate limit algorithm ' .. tostring(ARGV[1]))
    end
    local now_us = nil
    if ARGV[1] ~= 'fixed-window' then
        now_us = now()
    end
    local reply, commit = algorithm(KEYS[1], now_us, tonumber(ARGV[2]), unpack(parameters(3, tonumber(ARGV[3]))))
    if reply[1] == 0 and commit then
        commit()
    end
    return reply
end

local limits = {}
local now_us = nil
local arg = 1
for i = 1, #KEYS do
    local algorithm = algorithms[ARGV[arg]]
    if not algorithm then
        error('unknown rate limit algorithm ' .. tostring(ARGV[arg]))
    end
    local n = tonumber(ARGV[arg + 2])
    limits[i] = {algorithm = algorithm, cost = tonumber(ARGV[arg + 1]), params = parameters(arg + 2, n)}
    if now_us == nil and ARGV[arg] ~= 'fixed-window' then
        now_us = now()
    end
    arg = arg + 3 + n
end

local replies, commits, denied = {}, {}, false
for i, limit in ipairs(limits) do
    replies[i], commits[i] = limit.algorithm(KEYS[i], now_us, limit.cost, unpack(limit.params))
    denied = denied or replies[i][1] == 1
end

for i, limit in ipairs(limits) do
    if denied then
        if replies[i][1] == 0 and limit.cost > 0 then
            replies[i] = limit.algorithm(KEYS[i], now_us, 0, unpack(limit.params))
        end
    elseif commits[i] then
        commits[i]()
    end
end

local flat = {}
for _, reply in ipairs(replies) do
    for _, value in ipairs(reply) do
        flat[#flat + 1] = value
    end
end
return flat
