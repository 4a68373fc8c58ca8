// Starts kinesalite on 127.0.0.1 (its CLI cannot bind a host) on the port given (0: any free one) and
// prints "port N" once it listens. Usage: node kinesalite.js [--port N] [--path DIR]
'use strict';
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const path = opt('--path');
const server = require('kinesalite')({
  path: path || undefined,            // LevelDB directory: streams survive a restart
  createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 1000,
});
server.listen(Number(opt('--port', 0)), '127.0.0.1', (err) => {
  if (err) { console.error(err); process.exit(1); }
  console.log('port ' + server.address().port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
