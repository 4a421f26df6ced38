-- GET /continents as one user (BENCH_AUTH: an Authorization header) or, without it, as anonymous callers
-- behind a trusted proxy: BENCH_CALLERS distinct X-Forwarded-For addresses, taken in turn (each thread its
-- share, BENCH_THREADS threads), so the first pass over them meets a new caller at every request.
local auth = os.getenv("BENCH_AUTH")
local callers = tonumber(os.getenv("BENCH_CALLERS") or "1")
local stride = tonumber(os.getenv("BENCH_THREADS") or "1")
local next_caller = 0

local threads = 0

function setup(thread)
    threads = threads + 1
    thread:set("index", threads)
end

function init(args)
    next_caller = index - 1
    if auth and auth ~= "" then
        wrk.headers["Authorization"] = auth
    end
end

function request()
    if auth and auth ~= "" then
        return wrk.format("GET", "/continents")
    end
    local n = next_caller % callers
    next_caller = next_caller + stride
    return wrk.format("GET", "/continents", {["X-Forwarded-For"] = string.format("10.%d.%d.%d",
        math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)})
end

function done(summary, latency, requests)
    io.write(string.format("BENCH requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f p999_ms=%.3f non2xx=%d socket_errors=%d\n",
        summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000,
        summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
