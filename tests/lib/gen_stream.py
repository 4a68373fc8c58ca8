#!/usr/bin/python3
"""Readings for the stream tests, as the producer (kinesis_put.py) spreads them: reading i goes to
shard i % SHARDS.

    gen_stream.py SEED N HOURS SHARDS MODE OUT

MODE ordered: event times rise through the file (so within every shard), with outliers and malformed
lines: nothing is late in any order. MODE skewed: shard 0 runs two hours ahead of the others, the
other shards also carry readings that are late by their own shard's order, and readings an hour behind
the file's order but on time in their shard. Writes OUT/input.ndjson and OUT/expect.json with the
late lines by each shard's own watermark (SEMANTICS.md, lateness 300 s, window 3600 s)."""
import json, random, sys

seed, n, hours, shards, mode, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6]
rnd = random.Random(seed)
base, lateness, window = 1682330400, 300, 3600
malformed = ['{"timestamp": 1682330400, "sensor-id": 1, "temperature": 21.1',
             '{"timestamp": 1682330400, "sensor-id": 1, "sensor-id": 2, "temperature": 1}',
             '{"timestamp": 1682330400, "temperature": 21.1}', '{"timestamp": "x", "sensor-id": 1, "temperature": 1}',
             '{"timestamp": 1682330400, "sensor-id": 1, "temperature": 1e999}']
lines, late, maxt = [], [], [None] * shards
for i in range(n):
    shard = i % shards
    t = base + hours * 3600 * i // n
    if mode == "skewed":
        if shard == 0:
            t += 7200
        elif rnd.random() < 0.02:
            t -= rnd.randint(lateness + window, 3 * window)  # late by its own shard
        elif rnd.random() < 0.05:
            t -= rnd.randint(0, lateness // 2)  # behind others, on time in its shard
    if rnd.random() < 0.01:
        lines.append(rnd.choice(malformed))
        continue
    temp = rnd.randint(1500, 3000) / 100 + (rnd.choice([-60, 80]) if rnd.random() < 0.02 else 0)
    text = '{"timestamp": %d, "sensor-id": %d, "temperature": %s}' % (t, rnd.randrange(20), temp)
    lines.append(text)
    start = t // window * window
    if maxt[shard] is not None and maxt[shard] - lateness >= start + window:
        late.append(text)
        continue
    maxt[shard] = t if maxt[shard] is None else max(maxt[shard], t)
with open(out + "/input.ndjson", "w") as f:
    f.write("".join(l + "\n" for l in lines))
with open(out + "/expect.json", "w") as f:
    json.dump({"in": len(lines), "late": sorted(late)}, f)
