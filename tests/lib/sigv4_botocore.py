#!/usr/bin/python3
# Signs requests with botocore (SigV4Auth, or S3SigV4Auth when "s3" is true) under a frozen clock and
# prints one Authorization header per input line. Input: JSON lines {"method","path","query",
# "headers":[[n,v]...],"body_b64","time","region","service","s3","key","secret","token"}.
import base64, datetime, json, sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

for line in sys.stdin:
    r = json.loads(line)
    url = 'http://example.amazonaws.com' + r['path'] + ('?' + r['query'] if r['query'] else '')
    req = AWSRequest(method=r['method'], url=url, data=base64.b64decode(r['body_b64']))
    for name, value in r['headers']:
        req.headers[name] = value          # appends: repeated names stay repeated
    creds = Credentials(r['key'], r['secret'], r['token'] or None)
    signer = (botocore.auth.S3SigV4Auth if r['s3'] else botocore.auth.SigV4Auth)(creds, r['service'], r['region'])
    frozen = datetime.datetime.fromtimestamp(r['time'], datetime.timezone.utc).replace(tzinfo=None)
    with mock.patch('botocore.auth.datetime') as dt:
        dt.datetime.utcnow.return_value = frozen
        dt.datetime.strptime = datetime.datetime.strptime
        signer.add_auth(req)
    print(req.headers['Authorization'], flush=True)
