#!/usr/bin/python3
"""Checks etl-app's AWS requests (ETL_AWS_REQUEST_LOG lines) against the instance role's policy in a
synthesized template: every request must be allowed, and every grant used, but for the ones named
with a reason in EXPECTED_UNUSED.

    policy_check.py TEMPLATE REQUEST_LOG STREAM BUCKET LIST_PREFIX

The stack's one stream and one bucket stand for STREAM and BUCKET (us-east-1, account 000000000000);
LIST_PREFIX is the s3:prefix of the app's listings."""
import fnmatch, json, sys

template, log, stream, bucket, list_prefix = sys.argv[1:6]
t = json.load(open(template))
res = t["Resources"]
arns = {}
for name, r in res.items():
    if r["Type"] == "AWS::Kinesis::Stream":
        arns[name] = "arn:aws:kinesis:us-east-1:000000000000:stream/" + stream
    elif r["Type"] == "AWS::S3::Bucket":
        arns[name] = "arn:aws:s3:::" + bucket

def resolve(v):
    if isinstance(v, str):
        return v
    if isinstance(v, dict):
        (k, a), = v.items()
        if k == "Ref":
            return {"AWS::Partition": "aws", "AWS::Region": "us-east-1", "AWS::AccountId": "000000000000"}.get(a, a)
        if k == "Fn::GetAtt":
            return arns[a[0]] if a[1] == "Arn" else "%s.%s" % tuple(a)
        if k == "Fn::Join":
            return a[0].join(resolve(x) for x in a[1])
    raise SystemExit("cannot resolve %r" % (v,))

# (sid, action pattern, resource pattern, condition) of every Allow statement of the instance role
grants = []
for name, r in res.items():
    if r["Type"] != "AWS::IAM::Role":
        continue
    if "ec2.amazonaws.com" not in json.dumps(r["Properties"]["AssumeRolePolicyDocument"]):
        continue
    for pol in r["Properties"].get("Policies", []):
        for st in pol["PolicyDocument"]["Statement"]:
            assert st["Effect"] == "Allow"
            acts = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            rs = st["Resource"] if isinstance(st["Resource"], list) else [st["Resource"]]
            for a in acts:
                for x in rs:
                    grants.append((st.get("Sid", pol["PolicyName"]), a, resolve(x), st.get("Condition")))
if not grants:
    raise SystemExit("no instance role in the template")

def iam_request(e):
    if e["service"] == "kinesis":
        return "kinesis:" + e["action"], arns_stream(e["resource"]), None
    b, _, key = e["resource"].partition("/")
    if e["action"] == "ListObjectsV2":
        return "s3:ListBucket", "arn:aws:s3:::" + b, {"s3:prefix": list_prefix}
    action = {"HeadObject": "GetObject"}.get(e["action"], e["action"])
    return "s3:" + action, "arn:aws:s3:::%s/%s" % (b, key), None

def arns_stream(name):
    return "arn:aws:kinesis:us-east-1:000000000000:stream/" + name

def condition_holds(cond, ctx):
    for op, kv in (cond or {}).items():
        for k, pat in kv.items():
            v = (ctx or {}).get(k)
            if op != "StringLike" or v is None or not fnmatch.fnmatchcase(v, pat):
                return False
    return True

used, bad, requests = set(), [], set()
for line in open(log):
    e = json.loads(line)
    requests.add(iam_request(e)[:2] + (json.dumps(iam_request(e)[2]),))
for action, resource, ctx in sorted(requests):
    ctx = json.loads(ctx)
    ok = False
    for i, (sid, a, r, cond) in enumerate(grants):
        if fnmatch.fnmatchcase(action, a) and fnmatch.fnmatchcase(resource, r) and condition_holds(cond, ctx):
            used.add(i)
            ok = True
    print("%-8s %s %s" % ("allowed" if ok else "DENIED", action, resource))
    if not ok:
        bad.append((action, resource))

EXPECTED_UNUSED = {
    ("ReadArtifact", "s3:GetObject"): "the instance's user data downloads the artifact, not etl-app",
    ("WriteResults1", "s3:AbortMultipartUpload"): "etl-app never uploads in parts: the bucket construct's "
                                                   "write grant could drop it",
}
extra = []
for i, (sid, a, r, cond) in enumerate(grants):
    if i in used:
        continue
    why = EXPECTED_UNUSED.get((sid, a))
    print("unused   %s %s %s" % (a, r, "(%s)" % why if why else "NOT NEEDED"))
    if not why:
        extra.append((a, r))
if bad or extra:
    raise SystemExit("denied: %s; granted but not needed: %s" % (bad, extra))
print("%d distinct requests allowed, %d grants, every other one used" % (len(requests), len(grants)))
