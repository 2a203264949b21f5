-- wrk script of the ingest benchmark: POST /locations with a body made for each request, every
-- location in it distinct (its own device and time), and a count of the answers.
--
-- wrk -t1 -c50 -d10s --latency -s wrk-locations.lua <url> -- <phase> <per request> <base epoch ms> <ids file>
--   phase        a tag (letters) that starts every device id, so that phases never repeat a location
--   per request  1: a single location object; N > 1: { "locations": [ N objects ] }
--   base ms      the newest recorded time; each location is 1 ms older than the one before it
--   ids file     where `done` writes the record ids answered with 202 (one a line); "-" for none
-- `done` prints one JSON line, prefixed `wrk-result `, with the counts and latency percentiles.

local threads = {}
local next_thread = 0

function setup(thread)
  next_thread = next_thread + 1
  thread:set("tid", next_thread)
  table.insert(threads, thread)
end

local phase, per_request, base_ms
local counter = 0
-- Globals, which `done` reads from each thread.
accepted, other, ids, keep_ids, ids_path = 0, 0, {}, false, "-"

function init(args)
  phase = args[1] or "p"
  per_request = tonumber(args[2] or "1")
  base_ms = tonumber(args[3] or "0")
  ids_path = args[4] or "-"
  keep_ids = ids_path ~= "-"
  wrk.method = "POST"
  wrk.path = "/locations"
  wrk.headers["Content-Type"] = "application/json"
end

local function location()
  counter = counter + 1
  local ms = base_ms - counter
  local seconds = math.floor(ms / 1000)
  return string.format(
    '{"deviceId":"%s-%d-%03d","latitude":%.6f,"longitude":%.6f,"timestamp":"%s.%03dZ","accuracy":12.5}',
    phase, tid, counter % 500,
    35 + (counter % 100000) / 100000, 139 + (counter % 70000) / 100000,
    os.date("!%Y-%m-%dT%H:%M:%S", seconds), ms - seconds * 1000)
end

function request()
  local body
  if per_request == 1 then
    body = location()
  else
    local items = {}
    for i = 1, per_request do items[i] = location() end
    body = '{"locations":[' .. table.concat(items, ",") .. ']}'
  end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
    if keep_ids then
      for id in string.gmatch(body, '"(%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x%x)"') do
        ids[#ids + 1] = id
      end
    end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local total_accepted, total_other = 0, 0
  for _, thread in ipairs(threads) do
    total_accepted = total_accepted + thread:get("accepted")
    total_other = total_other + thread:get("other")
  end
  if #threads > 0 and threads[1]:get("keep_ids") then
    -- wrk hands the script's arguments to the threads' `init` only: the file name is theirs.
    local file = io.open(threads[1]:get("ids_path"), "w")
    for _, thread in ipairs(threads) do
      local list = thread:get("ids")
      for i = 1, #list do file:write(list[i], "\n") end
    end
    file:close()
  end
  local e = summary.errors
  io.write(string.format(
    'wrk-result {"requests":%d,"durationUs":%d,"accepted":%d,"other":%d,"non2xx":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"timeout":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, total_accepted, total_other, e.status,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
