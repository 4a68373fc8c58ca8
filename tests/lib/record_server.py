#!/usr/bin/python3
# A loopback HTTP server that records every request it gets as one JSON line in --out
# {"method","target","headers":[[name,value]...],"body_b64"} and answers 200 with an empty body.
# Used to see exactly what another client (curl --aws-sigv4) signed and sent. Prints "port N".
import base64, json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

out = open(sys.argv[sys.argv.index('--out') + 1], 'a', buffering=1)


class Recorder(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def handle_one(self):
        n = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(n) if n else b''
        out.write(json.dumps({'method': self.command, 'target': self.path,
                              'headers': [[k, v] for k, v in self.headers.raw_items()],
                              'body_b64': base64.b64encode(body).decode()}) + '\n')
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = handle_one

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(('127.0.0.1', 0), Recorder)
print('port', server.server_address[1], flush=True)
server.serve_forever()
