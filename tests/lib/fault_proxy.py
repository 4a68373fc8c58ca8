#!/usr/bin/python3
# A loopback proxy in front of a real peer (kinesalite, s3rver) that answers the first --fail requests
# whose action matches --match (X-Amz-Target suffix, or "METHOD" for S3) with an AWS error instead of
# forwarding them: --status and --code, in --protocol json (Kinesis) or xml (S3). With --skew S it
# plays a server whose clock is S seconds ahead: a request whose X-Amz-Date is more than 5 minutes
# off that clock gets 403 RequestTimeTooSkewed with that Date. Every request is logged (--log) with
# what was done to it. With --drop-every K --drop-calls T, the first T PutRecords calls forward all but
# every K-th record and answer those with ProvisionedThroughputExceededException entries, as Kinesis
# does on a partial failure.
import datetime, email.utils, http.client, json, time, urllib.parse
from loopback import Handler, arg, log_hit, serve

UP = urllib.parse.urlsplit(arg('--upstream'))
FAILED = [0]
PARTIAL = [0]


class Proxy(Handler):
    def action(self):
        target = self.headers.get('X-Amz-Target')
        return target.split('.')[-1] if target else self.command

    def date_time_string(self, timestamp=None):
        # the Date of every answer is that of this server's (possibly skewed) clock
        return email.utils.formatdate(time.time() + int(arg('--skew', '0')), usegmt=True)

    def error(self, status, code):
        headers = [('x-amzn-RequestId', 'fault-%d' % FAILED[0]), ('x-amz-request-id', 'fault-%d' % FAILED[0])]
        if arg('--protocol', 'json') == 'json':
            body = '{"__type":"%s","message":"injected by fault_proxy"}' % code
            return self.answer(status, body, 'application/x-amz-json-1.1', headers)
        body = ('<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>injected by fault_proxy'
                '</Message><RequestId>fault-%d</RequestId></Error>' % (code, FAILED[0]))
        return self.answer(status, body, 'application/xml', headers)

    def handle_any(self):
        body = self.body()
        action = self.action()
        skew = int(arg('--skew', '0'))
        if skew:
            sent = datetime.datetime.strptime(self.headers.get('X-Amz-Date', '19700101T000000Z'), '%Y%m%dT%H%M%SZ')
            off = sent.replace(tzinfo=datetime.timezone.utc).timestamp() - (time.time() + skew)
            if abs(off) > 300:
                log_hit(action=action, done='skewed', offset=int(off))
                return self.error(403, 'RequestTimeTooSkewed')
        if (not arg('--match') or arg('--match') == action) and FAILED[0] < int(arg('--fail', '0')):
            FAILED[0] += 1
            log_hit(action=action, done='failed', n=FAILED[0])
            return self.error(int(arg('--status', '503')), arg('--code', 'ServiceUnavailable'))
        dropped = []
        if action == 'PutRecords' and PARTIAL[0] < int(arg('--drop-calls', '0')):
            PARTIAL[0] += 1
            req = json.loads(body)
            k = int(arg('--drop-every'))
            dropped = [i for i in range(len(req['Records'])) if i % k == 0]
            log_hit(action=action, done='partial', sent=len(req['Records']), dropped=len(dropped))
            req['Records'] = [r for i, r in enumerate(req['Records']) if i % k != 0]
            body = json.dumps(req).encode()
            del self.headers['Content-Length']
            self.headers['Content-Length'] = str(len(body))
        elif action == 'PutRecords':
            log_hit(action=action, done='whole', sent=len(json.loads(body)['Records']))
        conn = http.client.HTTPConnection(UP.hostname, UP.port, timeout=30)
        conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for k, v in self.headers.items():
            conn.putheader(k, v)
        conn.endheaders(body)
        r = conn.getresponse()
        data = r.read()
        if dropped and r.status == 200:
            res = json.loads(data)
            kept = iter(res['Records'])
            total = len(res['Records']) + len(dropped)
            res['Records'] = [{'ErrorCode': 'ProvisionedThroughputExceededException',
                               'ErrorMessage': 'Rate exceeded for shard'} if i in dropped else next(kept)
                              for i in range(total)]
            res['FailedRecordCount'] = len(dropped)
            data = json.dumps(res).encode()
        log_hit(action=action, done='forwarded', status=r.status)
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ('transfer-encoding', 'connection', 'content-length', 'date', 'server'):
                self.send_header(k, v)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(data)
        conn.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


serve(Proxy)
