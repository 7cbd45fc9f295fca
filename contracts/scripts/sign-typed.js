#!/usr/bin/env node
// Signs any EIP-712 typed data with ethers 6 `signTypedData`, the way a MetaMask/ethers wallet does.
// Input (one JSON argument): {privateKey, domain, types, primaryType, message}
//   - types: {TypeName: [{name, type}, ...]} without EIP712Domain (ignored if present)
//   - integers may be decimal strings (uint256 values do not fit JSON doubles)
// Output (stdout, JSON): {signer, signature, digest}  (signature = r‖s‖v hex, v in {27, 28})
'use strict';
const { Wallet, TypedDataEncoder } = require('ethers');

async function main() {
  const a = JSON.parse(process.argv[2]);
  const types = { ...a.types };
  delete types.EIP712Domain;
  const encoder = TypedDataEncoder.from(types);
  if (a.primaryType && encoder.primaryType !== a.primaryType) {
    throw new Error(`primaryType ${a.primaryType} does not match the types' root ${encoder.primaryType}`);
  }
  const wallet = new Wallet(a.privateKey);
  const signature = await wallet.signTypedData(a.domain, types, a.message);
  process.stdout.write(JSON.stringify({
    signer: wallet.address,
    signature,
    digest: TypedDataEncoder.hash(a.domain, types, a.message),
  }) + '\n');
}
main().catch((e) => { console.error(e.message); process.exit(1); });
