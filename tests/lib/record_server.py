#!/usr/bin/python3
# A loopback HTTP server that records every request it gets as one JSON line in --out
# {"method","target","headers":[[name,value]...],"body_b64"} and answers 200 with an empty body.
# Used to see exactly what another client (curl --aws-sigv4) signed and sent, and on which connection
# ("client_port"). With --tls CERT KEY it speaks HTTPS; with --stall it reads the request and never
# answers (a hung server). Prints "port N".
import base64, json, ssl, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

out = open(sys.argv[sys.argv.index('--out') + 1], 'a', buffering=1)


class Recorder(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def handle_one(self):
        n = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(n) if n else b''
        out.write(json.dumps({'method': self.command, 'target': self.path, 'client_port': self.client_address[1],
                              'headers': [[k, v] for k, v in self.headers.raw_items()],
                              'body_b64': base64.b64encode(body).decode()}) + '\n')
        if '--stall' in sys.argv:
            time.sleep(3600)
        self.send_response(200)
        self.send_header('Content-Length', '0')
        self.end_headers()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = do_PATCH = handle_one

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(('127.0.0.1', 0), Recorder)
if '--tls' in sys.argv:
    at = sys.argv.index('--tls')
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[at + 1], sys.argv[at + 2])
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
print('port', server.server_address[1], flush=True)
server.serve_forever()
