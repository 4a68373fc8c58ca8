#!/usr/bin/python3
# A loopback S3 (path-style, in memory) for what s3rver does not implement, answering as the S3 API
# reference documents: bucket versioning, ListObjectVersions (key/version-id markers, delete markers),
# DeleteObjects with versions, multipart (ListParts paged by --parts-page, AbortMultipartUpload),
# bucket policy, default encryption, public access block, GetBucketLocation. It checks Content-MD5
# (BadDigest) and x-amz-content-sha256 (XAmzContentSHA256Mismatch) of every body, and requires
# Content-MD5 where S3 does. --fail-part N answers UploadPart N with InvalidArgument. Logs (--log).
import base64, hashlib, json, re, threading, time, urllib.parse, uuid
import xml.etree.ElementTree as ET
from loopback import Handler, arg, log_hit, serve

BUCKETS = {}
LOCK = threading.Lock()
NS = 'http://s3.amazonaws.com/doc/2006-03-01/'
SERIAL = [0]


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def local(tag):
    return tag.split('}')[-1]


def find(node, name):
    for c in node:
        if local(c.tag) == name:
            return c
    return None


class S3(Handler):
    def error(self, status, code, message):
        rid = uuid.uuid4().hex[:16].upper()
        self.answer(status, '<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message>'
                    '<RequestId>%s</RequestId></Error>' % (code, esc(message), rid), headers=[('x-amz-request-id', rid)])

    def route(self):
        u = urllib.parse.urlsplit(self.path)
        q = urllib.parse.parse_qs(u.query, keep_blank_values=True)
        parts = u.path.split('/', 2)
        bucket = urllib.parse.unquote(parts[1]) if len(parts) > 1 else ''
        key = urllib.parse.unquote(parts[2]) if len(parts) > 2 else ''
        return bucket, key, q

    def checked_body(self, need_md5):
        body = self.body()
        md5 = self.headers.get('Content-MD5')
        if need_md5 and not md5:
            self.error(400, 'InvalidRequest', 'Missing required header for this request: Content-MD5')
            return None
        if md5 and base64.b64encode(hashlib.md5(body).digest()).decode() != md5:
            self.error(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.')
            return None
        sha = self.headers.get('x-amz-content-sha256')
        if sha and sha != 'UNSIGNED-PAYLOAD' and sha != hashlib.sha256(body).hexdigest():
            self.error(400, 'XAmzContentSHA256Mismatch', 'The provided x-amz-content-sha256 header does not match')
            return None
        return body

    def handle_any(self):
        bucket, key, q = self.route()
        action = self.command + ' ' + ('/'.join(sorted(q)) or ('object' if key else 'bucket'))
        log_hit(method=self.command, bucket=bucket, key=key, query=sorted(q))
        with LOCK:
            return self.dispatch(bucket, key, q)

    def dispatch(self, bucket, key, q):
        m = self.command
        if not bucket:
            names = ''.join('<Bucket><Name>%s</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket>'
                            % esc(n) for n in sorted(BUCKETS))
            return self.answer(200, '<ListAllMyBucketsResult xmlns="%s"><Owner><ID>o</ID></Owner><Buckets>%s'
                               '</Buckets></ListAllMyBucketsResult>' % (NS, names))
        b = BUCKETS.get(bucket)
        if m == 'PUT' and not key and not q:
            body = self.checked_body(False)
            if body is None:
                return
            loc = ''
            if body:
                node = find(ET.fromstring(body), 'LocationConstraint')
                loc = node.text if node is not None else ''
            if b:
                return self.error(409, 'BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded')
            BUCKETS[bucket] = {'location': loc, 'versioning': '', 'policy': None, 'encryption': None, 'pab': None,
                               'versions': [], 'uploads': {}}
            return self.answer(200, '', headers=[('Location', '/' + bucket)])
        if b is None:
            return self.error(404, 'NoSuchBucket', 'The specified bucket does not exist')
        if not key:
            return self.bucket_op(b, q)
        return self.object_op(b, key, q)

    def bucket_op(self, b, q):
        m = self.command
        if 'location' in q:
            return self.answer(200, '<LocationConstraint xmlns="%s">%s</LocationConstraint>' % (NS, esc(b['location'])))
        if 'versioning' in q:
            if m == 'PUT':
                body = self.checked_body(False)
                if body is None:
                    return
                b['versioning'] = find(ET.fromstring(body), 'Status').text
                return self.answer(200)
            status = '<Status>%s</Status>' % b['versioning'] if b['versioning'] else ''
            return self.answer(200, '<VersioningConfiguration xmlns="%s">%s</VersioningConfiguration>' % (NS, status))
        for sub, none_code in (('policy', 'NoSuchBucketPolicy'), ('encryption', 'ServerSideEncryptionConfigurationNotFoundError'),
                               ('publicAccessBlock', 'NoSuchPublicAccessBlockConfiguration')):
            if sub in q:
                field = 'pab' if sub == 'publicAccessBlock' else sub
                if m == 'PUT':
                    body = self.checked_body(sub != 'policy')
                    if body is None:
                        return
                    if sub == 'policy':
                        json.loads(body)
                    else:
                        ET.fromstring(body)
                    b[field] = body
                    return self.answer(204 if sub == 'policy' else 200)
                if m == 'DELETE':
                    b[field] = None
                    return self.answer(204)
                if b[field] is None:
                    return self.error(404, none_code, 'The %s configuration was not found' % sub)
                return self.answer(200, b[field], 'application/json' if sub == 'policy' else 'application/xml')
        if 'versions' in q:
            return self.list_versions(b, q)
        if 'delete' in q and m == 'POST':
            return self.delete_objects(b)
        if m == 'DELETE':
            if b['versions']:
                return self.error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty')
            del BUCKETS[[k for k, v in BUCKETS.items() if v is b][0]]
            return self.answer(204)
        if m == 'HEAD':
            return self.answer(200, '', headers=[('x-amz-bucket-region', b['location'] or 'us-east-1')])
        return self.error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented')

    def list_versions(self, b, q):
        prefix = q.get('prefix', [''])[0]
        max_keys = int(q.get('max-keys', ['1000'])[0])
        km, vm = q.get('key-marker', [''])[0], q.get('version-id-marker', [''])[0]
        items = sorted((v for v in b['versions'] if v['key'].startswith(prefix)), key=lambda v: (v['key'], -v['seq']))
        if km:
            idx = 0
            for i, v in enumerate(items):
                if (v['key'], v['vid']) == (km, vm) or (not vm and v['key'] == km):
                    idx = i + 1
            items = items[idx:] if vm else [v for v in items if v['key'] > km]
        page, more = items[:max_keys], len(items) > max_keys
        latest = {}
        for v in sorted(b['versions'], key=lambda v: v['seq']):
            latest[v['key']] = v['vid']
        out = []
        for v in page:
            tag = 'DeleteMarker' if v['marker'] else 'Version'
            extra = '' if v['marker'] else '<ETag>%s</ETag><Size>%d</Size><StorageClass>STANDARD</StorageClass>' % (
                v['etag'], len(v['data']))
            out.append('<%s><Key>%s</Key><VersionId>%s</VersionId><IsLatest>%s</IsLatest><LastModified>%s</LastModified>'
                       '%s</%s>' % (tag, esc(v['key']), v['vid'], 'true' if latest[v['key']] == v['vid'] else 'false',
                                    v['modified'], extra, tag))
        nxt = '<NextKeyMarker>%s</NextKeyMarker><NextVersionIdMarker>%s</NextVersionIdMarker>' % (
            esc(page[-1]['key']), page[-1]['vid']) if more else ''
        self.answer(200, '<ListVersionsResult xmlns="%s"><Name>b</Name><Prefix>%s</Prefix><KeyMarker>%s</KeyMarker>'
                    '<VersionIdMarker>%s</VersionIdMarker><MaxKeys>%d</MaxKeys><IsTruncated>%s</IsTruncated>%s%s'
                    '</ListVersionsResult>' % (NS, esc(prefix), esc(km), vm, max_keys, 'true' if more else 'false',
                                               nxt, ''.join(out)))

    def delete_objects(self, b):
        body = self.checked_body(True)
        if body is None:
            return
        root = ET.fromstring(body)
        quiet = find(root, 'Quiet') is not None and find(root, 'Quiet').text == 'true'
        out = []
        for o in root:
            if local(o.tag) != 'Object':
                continue
            k = find(o, 'Key').text
            vid = find(o, 'VersionId').text if find(o, 'VersionId') is not None else None
            self.remove(b, k, vid)
            if not quiet:
                out.append('<Deleted><Key>%s</Key></Deleted>' % esc(k))
        self.answer(200, '<DeleteResult xmlns="%s">%s</DeleteResult>' % (NS, ''.join(out)))

    def add_version(self, b, key, data, marker=False):
        SERIAL[0] += 1
        vid = uuid.uuid4().hex if b['versioning'] == 'Enabled' else 'null'
        if vid == 'null':
            b['versions'] = [v for v in b['versions'] if not (v['key'] == key and v['vid'] == 'null')]
        v = {'key': key, 'vid': vid, 'data': data, 'marker': marker, 'seq': SERIAL[0],
             'etag': '"%s"' % hashlib.md5(data).hexdigest(),
             'modified': time.strftime('%Y-%m-%dT%H:%M:%S.000Z', time.gmtime())}
        b['versions'].append(v)
        return v

    def remove(self, b, key, vid):
        if vid:
            b['versions'] = [v for v in b['versions'] if not (v['key'] == key and v['vid'] == vid)]
        elif b['versioning'] == 'Enabled':
            self.add_version(b, key, b'', marker=True)
        else:
            b['versions'] = [v for v in b['versions'] if v['key'] != key]

    def object_op(self, b, key, q):
        m = self.command
        if 'uploads' in q and m == 'POST':
            uid = uuid.uuid4().hex
            b['uploads'][uid] = {'key': key, 'parts': {}}
            return self.answer(200, '<InitiateMultipartUploadResult xmlns="%s"><Bucket>b</Bucket><Key>%s</Key>'
                               '<UploadId>%s</UploadId></InitiateMultipartUploadResult>' % (NS, esc(key), uid))
        if 'uploadId' in q:
            up = b['uploads'].get(q['uploadId'][0])
            if up is None:
                return self.error(404, 'NoSuchUpload', 'The specified upload does not exist.')
            return self.upload_op(b, key, q, up)
        if m == 'PUT':
            body = self.checked_body(False)
            if body is None:
                return
            v = self.add_version(b, key, body)
            return self.answer(200, '', headers=[('ETag', v['etag'])] + (
                [('x-amz-version-id', v['vid'])] if b['versioning'] else []))
        live = [v for v in b['versions'] if v['key'] == key]
        if m == 'DELETE':
            self.remove(b, key, q.get('versionId', [None])[0])
            return self.answer(204)
        if not live or max(live, key=lambda v: v['seq'])['marker']:
            return self.error(404, 'NoSuchKey', 'The specified key does not exist.')
        v = max(live, key=lambda v: v['seq'])
        return self.answer(200, v['data'], 'application/octet-stream', [('ETag', v['etag'])])

    def upload_op(self, b, key, q, up):
        m = self.command
        uid = q['uploadId'][0]
        if m == 'PUT':
            n = int(q['partNumber'][0])
            body = self.checked_body(False)
            if body is None:
                return
            if arg('--fail-part') and int(arg('--fail-part')) == n:
                return self.error(400, 'InvalidArgument', 'Part number %d refused by the test' % n)
            etag = '"%s"' % hashlib.md5(body).hexdigest()
            up['parts'][n] = (etag, body)
            return self.answer(200, '', headers=[('ETag', etag)])
        if m == 'DELETE':
            del b['uploads'][uid]
            return self.answer(204)
        if m == 'GET':
            page = int(arg('--parts-page', '1000'))
            marker = int(q.get('part-number-marker', ['0'])[0])
            nums = [n for n in sorted(up['parts']) if n > marker]
            shown, more = nums[:page], len(nums) > page
            parts = ''.join('<Part><PartNumber>%d</PartNumber><ETag>%s</ETag><Size>%d</Size>'
                            '<LastModified>2024-01-01T00:00:00.000Z</LastModified></Part>'
                            % (n, up['parts'][n][0], len(up['parts'][n][1])) for n in shown)
            return self.answer(200, '<ListPartsResult xmlns="%s"><Bucket>b</Bucket><Key>%s</Key><UploadId>%s</UploadId>'
                               '<PartNumberMarker>%d</PartNumberMarker><NextPartNumberMarker>%d</NextPartNumberMarker>'
                               '<MaxParts>%d</MaxParts><IsTruncated>%s</IsTruncated>%s</ListPartsResult>'
                               % (NS, esc(key), uid, marker, shown[-1] if shown else 0, page,
                                  'true' if more else 'false', parts))
        if m == 'POST':
            body = self.checked_body(False)
            if body is None:
                return
            want = [(int(find(p, 'PartNumber').text), find(p, 'ETag').text) for p in ET.fromstring(body)]
            if any(up['parts'].get(n, ('',))[0] != e for n, e in want):
                return self.error(400, 'InvalidPart', 'One or more of the specified parts could not be found.')
            data = b''.join(up['parts'][n][1] for n, _ in want)
            v = self.add_version(b, key, data)
            del b['uploads'][uid]
            etag = '"%s-%d"' % (hashlib.md5(b''.join(bytes.fromhex(up['parts'][n][0].strip('"')) for n, _ in want)).hexdigest(), len(want))
            v['etag'] = etag
            return self.answer(200, '<CompleteMultipartUploadResult xmlns="%s"><Key>%s</Key><ETag>%s</ETag>'
                               '</CompleteMultipartUploadResult>' % (NS, esc(key), etag))

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any


serve(S3)
