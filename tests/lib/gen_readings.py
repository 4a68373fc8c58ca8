#!/usr/bin/python3
"""Generates a replay file with everything etl-app must handle, and what a correct run gives for it.

    gen_readings.py SEED READINGS HOURS SENSORS LATENESS WINDOW OUTDIR

OUTDIR/input.ndjson  the replay file: readings in several shapes (numbers with fractions, exponents,
                     RFC 3339 strings with zones, keys in any order, extra fields, escapes), out of
                     order within the lateness, outliers, late readings, malformed lines, blank lines
OUTDIR/clean.ndjson  the readings that must count (valid and on time), in the usual shape, for DuckDB
OUTDIR/expect.json   {"in", "error", "late", "errors": [[reason, line]], "late_lines": [[dir, text]]}
Lateness follows SEMANTICS.md: late when the source's watermark before the reading (largest event time
so far minus the lateness) has reached the end of the reading's window."""
import datetime, json, random, sys
from decimal import Decimal, ROUND_FLOOR

seed, n, hours, sensors, lateness, window = (int(a) for a in sys.argv[1:7])
out = sys.argv[7]
rnd = random.Random(seed)
base = 1682330400  # 2023-04-24T10:00:00Z
span = hours * 3600

def rfc3339(ms):
    t = datetime.datetime.fromtimestamp(ms // 1000, datetime.timezone.utc)
    off = rnd.choice([0, 120, -330])
    local = t + datetime.timedelta(minutes=off)
    zone = "Z" if off == 0 else "%s%02d:%02d" % ("+" if off > 0 else "-", abs(off) // 60, abs(off) % 60)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + ".%03d" % (ms % 1000) + zone

def render(ts_text, sensor, temp_text):
    shape = rnd.random()
    if shape < 0.7:
        return '{"timestamp": %s, "sensor-id": %d, "temperature": %s}' % (ts_text, sensor, temp_text)
    if shape < 0.8:
        return '{"temperature":%s,"sensor-id":%d,"timestamp":%s}' % (temp_text, sensor, ts_text)
    if shape < 0.9:
        return '{ "site": "b\\u00e9\\"x", "sensor\\u002did": %d, "timestamp" : %s, "tags": [1, {"a": null}], "temperature": %s }' % (sensor, ts_text, temp_text)
    return '\t{"timestamp":%s,\r"temperature":%s, "sensor-id":%d}  ' % (ts_text, temp_text, sensor)

malformed = [
    ("bad_json", '{"timestamp": 1682330400, "sensor-id": 1, "temperature": 21.1'),
    ("bad_json", 'not json at all'),
    ("bad_json", '[1, 2, 3]'),
    ("bad_json", '{"timestamp": 1682330400, "sensor-id": 1, "temperature": 2\xff}'),
    ("duplicate_key", '{"timestamp": 1682330400, "sensor-id": 1, "sensor-id": 2, "temperature": 21.1}'),
    ("missing_field", '{"timestamp": 1682330400, "temperature": 21.1}'),
    ("bad_type", '{"timestamp": 1682330400, "sensor-id": 1, "temperature": "21.1"}'),
    ("bad_type", '{"timestamp": 1682330400, "sensor-id": 1.5, "temperature": 21.1}'),
    ("bad_type", '{"timestamp": "yesterday", "sensor-id": 1, "temperature": 21.1}'),
    ("bad_value", '{"timestamp": 1682330400, "sensor-id": 1, "temperature": 1e999}'),
    ("bad_value", '{"timestamp": 1682330400, "sensor-id": 99999999999999999999, "temperature": 1}'),
    ("too_large", '{"timestamp": 1682330400, "sensor-id": 1, "temperature": 21.1, "pad": "%s"}' % ("x" * 70000)),
]

lines, clean, errors, late_lines = [], [], [], []
max_ms = None
count_in = 0
for i in range(n):
    r = rnd.random()
    if r < 0.01:
        reason, text = rnd.choice(malformed)
        lines.append(text)
        errors.append([reason, len(lines)])
        count_in += 1
        continue
    if r < 0.015:
        lines.append(rnd.choice(["", "   ", "\t"]))
        continue
    t = base + span * i // n
    if r < 0.10:
        t -= rnd.randint(0, lateness * 2)  # out of order: on time or late, by the rule
    if r > 0.995 and max_ms is not None:
        t = max_ms // 1000 - lateness - window - rnd.randint(0, 3600)  # surely late
    t = max(t, base)
    ms = t * 1000 + rnd.choice([0, 0, 0, rnd.randint(0, 999)])
    frac = ms % 1000
    kind = rnd.random()
    if kind < 0.8:
        ts_text = str(ms // 1000) + (".%03d" % frac if frac else "")
    elif kind < 0.9:
        ts_text = '"%s"' % rfc3339(ms)
    else:
        ts_text = "%de-3" % ms if frac else "%d.0e0" % (ms // 1000)
    sensor = rnd.randrange(sensors)
    temp = Decimal(rnd.randint(1500, 3000)) / 100
    if rnd.random() < 0.02:
        temp += rnd.choice([-60, 80])  # outliers
    temp_text = str(temp) if rnd.random() < 0.9 else "%se0" % temp
    text = render(ts_text, sensor, temp_text)
    lines.append(text)
    count_in += 1
    start = ms // (window * 1000) * window * 1000
    if max_ms is not None and max_ms - lateness * 1000 >= start + window * 1000:
        d = datetime.datetime.fromtimestamp(start // 1000, datetime.timezone.utc)
        late_lines.append([d.strftime("late/dt=%Y-%m-%d/hour=%H/"), text.rstrip("\r")])
        continue
    max_ms = ms if max_ms is None else max(max_ms, ms)
    clean.append('{"timestamp": %s, "sensor-id": %d, "temperature": %s}' % (Decimal(ms) / 1000, sensor, temp))

with open(out + "/input.ndjson", "w", encoding="latin-1") as f:
    for l in lines:
        f.write(l + "\n")
with open(out + "/clean.ndjson", "w") as f:
    for l in clean:
        f.write(l + "\n")
with open(out + "/expect.json", "w") as f:
    json.dump({"in": count_in, "error": len(errors), "late": len(late_lines), "clean": len(clean),
               "errors": errors, "late_lines": late_lines}, f)
