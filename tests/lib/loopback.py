# Shared by the loopback test servers (metadata_server.py, sts_server.py, s3_documented_server.py,
# fault_proxy.py): bind 127.0.0.1 on a free port, print "port N", log each request as a JSON line.
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def arg(name, default=None):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


_lock = threading.Lock()


def log_hit(**fields):
    path = arg('--log')
    if not path:
        return
    with _lock, open(path, 'a') as f:
        f.write(json.dumps(fields) + '\n')


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def body(self):
        n = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(n) if n else b''

    def answer(self, status, body=b'', ctype='application/xml', headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(handler):
    server = ThreadingHTTPServer(('127.0.0.1', int(arg('--port', '0'))), handler)
    print('port', server.server_address[1], flush=True)
    server.serve_forever()
