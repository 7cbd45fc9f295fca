// The ONE place the compiler settings live. foundry.toml must agree (checked by compile.js).
'use strict';
module.exports = {
  // cancun: supported by anvil, Besu (QBFT genesis pins cancunTime=0) and the major L2s.
  evmVersion: 'cancun',
  optimizer: { enabled: true, runs: 200 },
  viaIR: false,
  remappings: ['@openzeppelin/contracts/=node_modules/@openzeppelin/contracts/'],
};
