#!/usr/bin/python3
"""Puts readings into a Kinesis stream with botocore (a client nobody here wrote).

    kinesis_put.py ENDPOINT STREAM SHARDS PER_RECORD FILE

Reading i of FILE (NDJSON, one reading a line) goes to shard i % SHARDS of the stream's open shards
(by an explicit hash key inside the shard's range), PER_RECORD consecutive readings of a shard packed
into one record (newline-separated), so each shard gets its readings in the file's order."""
import sys
import botocore.session
from botocore.config import Config

endpoint, stream, nshards, per_record, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
s = botocore.session.get_session()
k = s.create_client("kinesis", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="S3RVER",
                    aws_secret_access_key="S3RVER", config=Config(retries={"max_attempts": 10}))
shards = [sh for sh in k.list_shards(StreamName=stream)["Shards"]
          if "EndingSequenceNumber" not in sh["SequenceNumberRange"]]
shards.sort(key=lambda sh: int(sh["HashKeyRange"]["StartingHashKey"]))
shards = shards[:nshards]
with open(path, "rb") as f:
    lines = f.read().split(b"\n")
if lines and lines[-1] == b"":
    lines.pop()
groups = [[] for _ in shards]
for i, line in enumerate(lines):
    groups[i % len(shards)].append(line)
entries = []
for sh, g in zip(shards, groups):
    for j in range(0, len(g), per_record):
        entries.append({"Data": b"\n".join(g[j:j + per_record]), "PartitionKey": "p",
                        "ExplicitHashKey": sh["HashKeyRange"]["StartingHashKey"]})
# in order, batches of at most 500 records and 4 MiB; a refused entry is sent again before any later one
i = 0
while i < len(entries):
    batch, size = [], 0
    while i + len(batch) < len(entries) and len(batch) < 500 and size + len(entries[i + len(batch)]["Data"]) < 4 << 20:
        size += len(entries[i + len(batch)]["Data"])
        batch.append(entries[i + len(batch)])
    out = k.put_records(StreamName=stream, Records=batch)
    ok = 0
    for r in out["Records"]:
        if "ErrorCode" in r:
            break
        ok += 1
    i += ok
print(len(entries))
