-- wrk script: GET one path (with an optional bearer token), reporting rate and percentiles.
local token = os.getenv("BENCH_TOKEN")
local path = os.getenv("BENCH_PATH")

function request()
    local headers = {}
    if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
    return wrk.format("GET", path, headers)
end

done = function(summary, latency, requests)
    io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
        latency:percentile(99) / 1000, summary.errors.connect + summary.errors.read + summary.errors.write +
        summary.errors.timeout, summary.errors.status))
end
