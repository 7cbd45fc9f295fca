#!/usr/bin/env node
// Signs an EIP-2612 permit with ethers 6 `signTypedData`, the way a MetaMask/ethers wallet would.
// Input (one JSON argument): {privateKey, tokenName, chainId, token, owner, spender, value, nonce, deadline}
// Output (stdout, JSON): {signer, signature, v, r, s, digest}
'use strict';
const { Wallet, Signature, TypedDataEncoder } = require('ethers');

async function main() {
  const a = JSON.parse(process.argv[2]);
  const wallet = new Wallet(a.privateKey);
  const domain = { name: a.tokenName, version: '1', chainId: BigInt(a.chainId), verifyingContract: a.token };
  const types = {
    Permit: [
      { name: 'owner', type: 'address' },
      { name: 'spender', type: 'address' },
      { name: 'value', type: 'uint256' },
      { name: 'nonce', type: 'uint256' },
      { name: 'deadline', type: 'uint256' },
    ],
  };
  const message = { owner: a.owner, spender: a.spender, value: BigInt(a.value), nonce: BigInt(a.nonce), deadline: BigInt(a.deadline) };
  const signature = await wallet.signTypedData(domain, types, message);
  const sig = Signature.from(signature);
  process.stdout.write(JSON.stringify({
    signer: wallet.address,
    signature,
    v: sig.v,
    r: sig.r,
    s: sig.s,
    digest: TypedDataEncoder.hash(domain, types, message),
  }) + '\n');
}
main().catch((e) => { console.error(e.message); process.exit(1); });
