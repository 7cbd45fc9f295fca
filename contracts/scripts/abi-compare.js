#!/usr/bin/env node
// Compares the ABI (functions, events, errors, constructor...) of every artifact in two artifact
// dirs (scripts/compile.js output), e.g. before and after a refactoring that must not change the ABI.
// Usage: node scripts/abi-compare.js <artifactsBefore> <artifactsAfter>; exit 1 when any differs.
// Entries are canonicalised (keys sorted) and sorted by type+signature; internalType is kept.
'use strict';
const fs = require('fs'), path = require('path');
const [a, b] = process.argv.slice(2);
const canon = (v) => Array.isArray(v) ? v.map(canon) : v && typeof v === 'object'
  ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])])) : v;
const sig = (e) => `${e.type} ${e.name || ''}(${(e.inputs || []).map((i) => i.type).join(',')})`;
const load = (d, f) => JSON.parse(fs.readFileSync(path.join(d, f))).abi.map(canon)
  .sort((x, y) => sig(x).localeCompare(sig(y)));
const names = (d) => fs.readdirSync(d).filter((f) => f.endsWith('.json')).sort();
let bad = 0;
const na = names(a), nb = names(b);
if (JSON.stringify(na) !== JSON.stringify(nb)) { console.log('artifact sets differ', na, nb); bad++; }
for (const f of na.filter((x) => nb.includes(x))) {
  const x = load(a, f), y = load(b, f);
  const same = JSON.stringify(x) === JSON.stringify(y);
  const count = (t) => x.filter((e) => e.type === t).length;
  console.log(`${same ? 'IDENTICAL' : 'DIFFERENT'} ${f.replace('.json', '').padEnd(22)} functions ${count('function')}, events ${count('event')}, errors ${count('error')}`);
  if (!same) {
    bad++;
    const sx = new Set(x.map((e) => JSON.stringify(e))), sy = new Set(y.map((e) => JSON.stringify(e)));
    for (const e of sx) if (!sy.has(e)) console.log('  - ' + e);
    for (const e of sy) if (!sx.has(e)) console.log('  + ' + e);
  }
}
console.log(bad ? `ABI CHANGED (${bad})` : 'all ABIs identical');
process.exit(bad ? 1 : 0);
