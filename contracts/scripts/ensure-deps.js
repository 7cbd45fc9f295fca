#!/usr/bin/env node
// Runs `npm ci` only when node_modules does not match package-lock.json.
// The stamp file records the lockfile's sha256 after a successful install, so a second build
// reuses the install instead of reinstalling (the README's test command on a fresh clone).
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const stamp = path.join(root, 'node_modules', '.tribunal-lock.sha256');

if (!fs.existsSync(lock)) {
  console.error(`[tribunal] ${lock} is missing; run 'npm install' in ${root} once and commit the lockfile`);
  process.exit(1);
}
const want = crypto.createHash('sha256').update(fs.readFileSync(lock)).digest('hex');
const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';

if (have === want) {
  console.log(`[tribunal] npm dependencies up to date (lockfile sha256 ${want.slice(0, 12)}), not reinstalling`);
  process.exit(0);
}
console.log(`[tribunal] installing npm dependencies with 'npm ci' (lockfile sha256 ${want.slice(0, 12)})`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.error(`[tribunal] 'npm ci' failed (exit ${r.status}); see the npm output above`);
  process.exit(r.status || 1);
}
fs.writeFileSync(stamp, want + '\n');
console.log('[tribunal] npm dependencies installed');
