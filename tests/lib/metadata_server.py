#!/usr/bin/python3
# Plays the EC2 instance metadata service (IMDSv2: PUT /latest/api/token, then GETs carrying
# X-aws-ec2-metadata-token; a GET without a valid token gets 401) and the container credentials
# endpoint (GET --container-path, Authorization must equal --auth-token when given), as documented
# by AWS. Credentials expire --expires-in seconds after each answer; every request is logged (--log).
# Usage: metadata_server.py [--region R] [--role NAME] [--expires-in S] [--container-path P]
#        [--auth-token T] [--log FILE]
import datetime, json, secrets
from loopback import Handler, arg, log_hit, serve

TOKENS = set()
SERIAL = [0]


def creds(kind):
    SERIAL[0] += 1
    exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=int(arg('--expires-in', '3600')))
    return json.dumps({'Code': 'Success', 'Type': 'AWS-HMAC', 'AccessKeyId': f'ASIA{kind.upper()}{SERIAL[0]:04d}',
                       'SecretAccessKey': f'{kind}-secret-{SERIAL[0]}-wJalrXUtnFEMI', 'Token': f'{kind}-token-{SERIAL[0]}-IQoJb3JpZ2lu',
                       'Expiration': exp.strftime('%Y-%m-%dT%H:%M:%SZ'),
                       'LastUpdated': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')})


class Metadata(Handler):
    def do_PUT(self):
        self.body()
        log_hit(method='PUT', path=self.path)
        if self.path == '/latest/api/token' and self.headers.get('X-aws-ec2-metadata-token-ttl-seconds'):
            token = secrets.token_hex(16)
            TOKENS.add(token)
            return self.answer(200, token, 'text/plain')
        self.answer(400, '', 'text/plain')

    def do_GET(self):
        log_hit(method='GET', path=self.path)
        if arg('--container-path') and self.path == arg('--container-path'):
            if arg('--auth-token') and self.headers.get('Authorization') != arg('--auth-token'):
                return self.answer(401, '{"message":"bad token"}', 'application/json')
            return self.answer(200, creds('container'), 'application/json')
        if self.headers.get('X-aws-ec2-metadata-token') not in TOKENS:
            return self.answer(401, '', 'text/plain')
        role = arg('--role', 'etl-app-role')
        if self.path == '/latest/meta-data/placement/region':
            return self.answer(200, arg('--region', 'eu-central-1'), 'text/plain')
        if self.path == '/latest/meta-data/iam/security-credentials/':
            return self.answer(200, role, 'text/plain')
        if self.path == '/latest/meta-data/iam/security-credentials/' + role:
            return self.answer(200, creds('imds'), 'text/plain')
        self.answer(404, '', 'text/plain')


serve(Metadata)
