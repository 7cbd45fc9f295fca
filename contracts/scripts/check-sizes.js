#!/usr/bin/env node
// Prints every compiled contract's runtime size and its margin under the EIP-170 limit
// (24,576 bytes), and fails the build when a contract comes within 1 KiB of the limit: the margin
// is what a later fix in place needs, so running out of it must be noticed at once, not when a
// deployment fails. Usage: node scripts/check-sizes.js [artifactsDir]
'use strict';
const fs = require('fs');
const path = require('path');

const LIMIT = 24576;
const REQUIRED_MARGIN = 1024;
const dir = path.resolve(__dirname, '..', process.argv[2] || 'target/artifacts');

const rows = fs.readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')))
  .map((a) => ({ name: a.contractName, size: (a.deployedBytecode.length - 2) / 2 }))
  .filter((r) => r.size > 100); // libraries with internal functions only deploy nothing useful

let failed = false;
console.log('[sizes] contract runtime bytes (EIP-170 limit 24,576; the build fails under 1,024 of margin)');
for (const r of rows) {
  const margin = LIMIT - r.size;
  const flag = margin < REQUIRED_MARGIN ? '  <-- TOO CLOSE TO THE LIMIT' : '';
  console.log(`[sizes]   ${r.name.padEnd(22)} ${String(r.size).padStart(6)}  margin ${String(margin).padStart(6)}${flag}`);
  if (margin < REQUIRED_MARGIN) failed = true;
}
if (failed) {
  console.error('[sizes] a contract is within 1 KiB of the 24,576-byte limit: move code out of it');
  process.exit(1);
}
