#!/usr/bin/env node
// Interop oracle for core's Java commitments (used by core's MerkleInteropTest).
// Reads one JSON request on stdin and prints one JSON answer on stdout:
//   request.dataset  = { types: ["uint256","uint256","bytes"], values: [[...], ...] }
//     -> answer.dataset = { root, proofs: [[hex...] per value, in input order] }
//        built with @openzeppelin/merkle-tree's StandardMerkleTree (sorted leaves, default options).
//   request.rngWords = [[seed, tag, a, counter], ...] (decimal strings)
//     -> answer.rngWords = [keccak256(abi.encode(uint256,uint256,uint256,uint256)), ...]
//   request.rowLeaves = [{ index, row: [int32...] }, ...]
//     -> answer.rowLeaves = [keccak256(0x00 ‖ uint32 index ‖ int32 big-endian row), ...]
'use strict';
const path = require('path');
const modules = path.join(__dirname, '..', 'node_modules');
const { StandardMerkleTree } = require(path.join(modules, '@openzeppelin', 'merkle-tree'));
const { AbiCoder, keccak256, concat, toBeHex, getBytes } = require(path.join(modules, 'ethers'));

function int32BigEndian(v) {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setInt32(0, v, false);
  return b;
}

function uint32BigEndian(v) {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, false);
  return b;
}

function main(input) {
  const req = JSON.parse(input);
  const out = {};
  if (req.dataset) {
    const tree = StandardMerkleTree.of(req.dataset.values, req.dataset.types);
    out.dataset = {
      root: tree.root,
      proofs: req.dataset.values.map((_, i) => tree.getProof(i)),
    };
  }
  if (req.rngWords) {
    const coder = AbiCoder.defaultAbiCoder();
    out.rngWords = req.rngWords.map((w) =>
      keccak256(coder.encode(['uint256', 'uint256', 'uint256', 'uint256'], w.map((x) => BigInt(x)))),
    );
  }
  if (req.rowLeaves) {
    out.rowLeaves = req.rowLeaves.map(({ index, row }) =>
      keccak256(concat([new Uint8Array([0]), uint32BigEndian(index), ...row.map(int32BigEndian)])),
    );
  }
  process.stdout.write(JSON.stringify(out));
}

let data = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (data += chunk));
process.stdin.on('end', () => main(data));
