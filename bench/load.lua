-- wrk script of bench/load.sh. With BENCH_POST_TICKERS=N every request is
-- POST {"ticker":"T000"} .. {"ticker":"T<N-1>"} in turn (each wrk thread starts elsewhere in the list);
-- without it, wrk's own GET of the URL. At the end one tab-separated line:
-- RESULT requests duration_s p50_ms p99_ms socket_errors non_2xx_3xx bytes
local count = tonumber(os.getenv("BENCH_POST_TICKERS") or "0")
local threads = 0
local next_ticker = 0

function setup(thread)
    thread:set("first", threads * 97)
    threads = threads + 1
end

function init(args)
    next_ticker = first or 0
end

if count > 0 then
    local headers = { ["Content-Type"] = "application/json" }
    function request()
        local body = string.format('{"ticker":"T%03d"}', next_ticker % count)
        next_ticker = next_ticker + 1
        return wrk.format("POST", nil, headers, body)
    end
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("RESULT\t%d\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\n", summary.requests,
        summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        e.connect + e.read + e.write + e.timeout, e.status, summary.bytes))
end
