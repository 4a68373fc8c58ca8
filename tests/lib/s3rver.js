// Starts s3rver on 127.0.0.1 on the port given (0: any free one), storing objects in --dir, and prints
// "port N" once it listens. Usage: node s3rver.js --dir DIR [--port N]
'use strict';
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const S3rver = require('s3rver');
const server = new S3rver({
  address: '127.0.0.1', port: Number(opt('--port', 0)), directory: opt('--dir'), silent: true,
  allowMismatchedSignatures: false,
});
server.run().then(({ port }) => console.log('port ' + port), (err) => { console.error(err); process.exit(1); });
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
