-- wrk's summary as one JSON line, with the 95th percentile its own report leaves out.
-- Latencies are in microseconds. Used by bench/run.py: wrk -s bench/report.lua ...
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"p50": %.0f, "p90": %.0f, "p95": %.0f, "p99": %.0f, "max": %.0f, ' ..
    '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
