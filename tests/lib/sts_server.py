#!/usr/bin/python3
# Plays AWS STS (Query protocol, version 2011-06-15) for GetCallerIdentity and AssumeRole, answering
# the documented XML. It checks that each request is SigV4-signed for service "sts" and names the
# caller by the access key it was signed with; AssumeRole answers fresh credentials (ASIAROLE...)
# valid --expires-in seconds. Every call is logged (--log) with its action and access key.
import datetime, urllib.parse
from loopback import Handler, arg, log_hit, serve

N = [0]


class Sts(Handler):
    def do_POST(self):
        form = urllib.parse.parse_qs(self.body().decode(), keep_blank_values=True)
        action = form.get('Action', [''])[0]
        auth = self.headers.get('Authorization', '')
        key = auth.split('Credential=')[1].split('/')[0] if 'Credential=' in auth else ''
        log_hit(action=action, key=key, role=form.get('RoleArn', [''])[0],
                token=bool(self.headers.get('X-Amz-Security-Token')))
        if not key or '/sts/aws4_request' not in auth or form.get('Version') != ['2011-06-15']:
            return self.answer(403, '<ErrorResponse><Error><Type>Sender</Type><Code>IncompleteSignature</Code>'
                               '<Message>not signed for sts</Message></Error><RequestId>r-1</RequestId></ErrorResponse>')
        if key.startswith('BAD'):
            return self.answer(403, '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>'
                               '<Message>The security token included in the request is invalid.</Message></Error>'
                               '<RequestId>r-2</RequestId></ErrorResponse>', headers=[('x-amzn-RequestId', 'r-2')])
        if action == 'GetCallerIdentity':
            return self.answer(200, '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
                               '<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/%s</Arn>'
                               '<UserId>AIDA%s</UserId><Account>123456789012</Account></GetCallerIdentityResult>'
                               '<ResponseMetadata><RequestId>r-3</RequestId></ResponseMetadata>'
                               '</GetCallerIdentityResponse>' % (key, key))
        if action == 'AssumeRole':
            N[0] += 1
            exp = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=int(arg('--expires-in', '3600')))
            return self.answer(200, '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
                               '<AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE%04d</AccessKeyId>'
                               '<SecretAccessKey>role-secret-%d-wJalrXUtnFEMI</SecretAccessKey>'
                               '<SessionToken>role-token-%d-FwoGZXIvYXdzE</SessionToken>'
                               '<Expiration>%s</Expiration></Credentials><AssumedRoleUser>'
                               '<Arn>%s/%s</Arn><AssumedRoleId>AROA:%s</AssumedRoleId></AssumedRoleUser>'
                               '</AssumeRoleResult><ResponseMetadata><RequestId>r-4</RequestId></ResponseMetadata>'
                               '</AssumeRoleResponse>' % (N[0], N[0], N[0], exp.strftime('%Y-%m-%dT%H:%M:%SZ'),
                                                          form['RoleArn'][0], form['RoleSessionName'][0],
                                                          form['RoleSessionName'][0]))
        self.answer(400, '<ErrorResponse><Error><Code>InvalidAction</Code><Message>%s</Message></Error>'
                    '</ErrorResponse>' % action)


serve(Sts)
