// Prints, one per line, the directories under NODE_MODULES (relative to it) that the named packages
// need at run time: the packages and their dependencies, resolved as Node resolves them. `make install`
// copies exactly these into <share>/etlctl/local/node_modules for `etlctl local up`.
// Usage: node peer-closure.js NODE_MODULES NAME...
'use strict';
const fs = require('fs');
const path = require('path');
const [root, ...names] = process.argv.slice(2);
const top = path.resolve(root);
const seen = new Set();
function resolve(from, name) { // the package directory Node would load `name` from, starting at `from`
  for (let dir = from; dir.startsWith(top) || dir === path.dirname(top); dir = path.dirname(dir)) {
    const cand = path.join(dir.endsWith('node_modules') ? dir : path.join(dir, 'node_modules'), name);
    if (fs.existsSync(path.join(cand, 'package.json'))) return cand;
    if (dir === top) break;
  }
  throw new Error(`cannot resolve ${name} from ${from}`);
}
function visit(dir) {
  if (seen.has(dir)) return;
  seen.add(dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const deps = Object.assign({}, pkg.dependencies, pkg.optionalDependencies);
  for (const name of Object.keys(deps)) {
    try { visit(resolve(dir, name)); } catch (e) { if (!(pkg.optionalDependencies || {})[name]) throw e; }
  }
}
for (const n of names) visit(resolve(top, n));
for (const d of [...seen].sort()) console.log(path.relative(top, d));
