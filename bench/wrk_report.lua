-- wrk -s bench/wrk_report.lua [-- METHOD BODY STATUS PATH...]: one line
-- "BENCH {json}" with requests, latency percentiles and answers by status.
-- With arguments, each request is METHOD to the next PATH (round robin per
-- thread) with BODY; STATUS is the status that counts as success (e.g. 201).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  ok, bad = 0, 0
  expected = 0
  paths = {}
  if #args >= 4 then
    wrk.method = args[1]
    wrk.body = args[2]
    expected = tonumber(args[3])
    for i = 4, #args do
      table.insert(paths, args[i])
    end
  end
  counter = 0
end

function request()
  if #paths == 0 then
    return wrk.format()
  end
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if (expected > 0 and status == expected) or (expected == 0 and status < 400) then
    ok = ok + 1
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local ok_total, bad_total = 0, 0
  for _, thread in ipairs(threads) do
    ok_total = ok_total + thread:get("ok")
    bad_total = bad_total + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "mean_us": %.1f, "ok": %d, "bad": %d, "errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.mean,
    ok_total, bad_total, e.connect + e.read + e.write + e.timeout))
end
