-- wrk script: POST /api/v1/shifts with a fresh, non-overlapping shift each request.
-- Every request gets its own 2-hour slot: slot = thread offset + counter, so no two
-- requests of the run ever overlap, and the server's overlap check runs on every one.
local counter = 0
thread_index = 0  -- a global: setup() overrides it per thread
local next_thread = 0
local users = {}
local token = os.getenv("BENCH_TOKEN")
local base = tonumber(os.getenv("BENCH_BASE_EPOCH"))

function setup(thread)
    thread:set("thread_index", next_thread)
    next_thread = next_thread + 1
end

function init(args)
    for id in string.gmatch(os.getenv("BENCH_USER_IDS"), "%d+") do users[#users + 1] = id end
end

local function iso(t)
    return os.date("!%Y-%m-%dT%H:%M:%SZ", t)
end

function request()
    counter = counter + 1
    local slot = thread_index * 10000000 + counter
    local user = users[(slot % #users) + 1]
    local start = base + slot * 7200
    local body = string.format('{"user_id": %s, "start": "%s", "end": "%s", "note": "bench"}',
                               user, iso(start), iso(start + 3600))
    return wrk.format("POST", "/api/v1/shifts", {
        ["Content-Type"] = "application/json",
        ["Authorization"] = "Bearer " .. token,
    }, body)
end

done = function(summary, latency, requests)
    io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
        latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + summary.errors.write +
        summary.errors.timeout, summary.errors.status))
end
