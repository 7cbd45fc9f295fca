#!/usr/bin/env node
// Compiles every contract under the source folders (default: src/ and harness/, the test harness
// whose web3j wrapper the Java ITs use) with the pinned solc-js through standard-json and writes
// one artifact per deployable contract to target/artifacts/:
// Usage: node scripts/compile.js [srcDir... outDir]  (one argument: a single srcDir)
//   <Name>.json  {contractName, sourceName, abi, bytecode, deployedBytecode}
//   <Name>.abi / <Name>.bin  (inputs of web3j's wrapper generator)
// Any compiler error fails the build (exit 1) and prints the compiler's own message: solc-js exits 0
// on errors in standard-json mode, so the `errors` array is the only truth.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const solc = require('solc');
const settings = require('./solc-settings');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const srcDirs = (args.length > 1 ? args.slice(0, -1) : args.length === 1 ? args : ['src', 'harness'])
  .map((d) => path.resolve(root, d));
const outDir = path.resolve(root, args.length > 1 ? args[args.length - 1] : 'target/artifacts');

function listSol(dir) {
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return listSol(p);
      return e.name.endsWith('.sol') ? [p] : [];
    });
}

function findImport(importPath) {
  for (const base of [root, path.join(root, 'node_modules')]) {
    const p = path.resolve(base, importPath);
    if (p.startsWith(root) && fs.existsSync(p)) return { contents: fs.readFileSync(p, 'utf8') };
  }
  return { error: `File not found: ${importPath} (searched ${root} and node_modules)` };
}

const files = srcDirs.flatMap(listSol);
if (files.length === 0) {
  console.error(`[solc] no .sol files under ${srcDirs.join(', ')}`);
  process.exit(1);
}
const sources = {};
for (const f of files) sources[path.relative(root, f)] = { content: fs.readFileSync(f, 'utf8') };

const input = {
  language: 'Solidity',
  sources,
  settings: {
    evmVersion: settings.evmVersion,
    optimizer: settings.optimizer,
    viaIR: settings.viaIR,
    remappings: settings.remappings,
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
  },
};

// Skip recompiling when nothing that affects the output changed.
const fingerprint = crypto.createHash('sha256')
  .update(solc.version()).update(JSON.stringify(input)).digest('hex');
const stampFile = path.join(outDir, '.fingerprint');
if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === fingerprint) {
  console.log(`[solc] ${files.length} source files unchanged, artifacts up to date in ${path.relative(root, outDir)}`);
  checkSizes();
  process.exit(0);
}

function checkSizes() {
  const r = require('child_process').spawnSync(process.execPath, [path.join(__dirname, 'check-sizes.js'), outDir], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

console.log(`[solc] compiling ${files.length} source files with solc ${solc.version()} (evm ${settings.evmVersion})`);
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
const problems = output.errors || [];
for (const e of problems.filter((e) => e.severity !== 'error')) console.warn(e.formattedMessage.trimEnd());
const errors = problems.filter((e) => e.severity === 'error');
if (errors.length > 0) {
  for (const e of errors) console.error(e.formattedMessage.trimEnd());
  console.error(`[solc] compilation failed with ${errors.length} error(s)`);
  process.exit(1);
}

fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const ownDirs = srcDirs.map((d) => path.relative(root, d) + path.sep);
const seen = new Map();
let written = 0;
for (const sourceName of Object.keys(output.contracts || {}).sort()) {
  if (!ownDirs.some((d) => sourceName.startsWith(d))) continue; // only our own contracts
  for (const [name, c] of Object.entries(output.contracts[sourceName])) {
    const bytecode = c.evm.bytecode.object;
    if (!bytecode) continue; // interfaces and abstract contracts are not deployable
    if (seen.has(name)) {
      console.error(`[solc] contract name ${name} is defined in both ${seen.get(name)} and ${sourceName}; names must be unique`);
      process.exit(1);
    }
    seen.set(name, sourceName);
    const artifact = {
      contractName: name,
      sourceName,
      abi: c.abi,
      bytecode: '0x' + bytecode,
      deployedBytecode: '0x' + c.evm.deployedBytecode.object,
    };
    fs.writeFileSync(path.join(outDir, `${name}.json`), JSON.stringify(artifact, null, 2) + '\n');
    fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(outDir, `${name}.bin`), bytecode);
    written++;
  }
}
fs.writeFileSync(stampFile, fingerprint);
console.log(`[solc] wrote ${written} artifacts to ${path.relative(root, outDir)}`);
checkSizes();
