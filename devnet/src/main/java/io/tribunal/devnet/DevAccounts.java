package io.tribunal.devnet;

import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * anvil's ten pre-funded development accounts, derived from its public test mnemonic (BIP-44 path
 * m/44'/60'/0'/0/i). Devnet-only: these keys are public knowledge and must never hold real funds.
 * Account 0 deploys the contracts and owns TestUSD.
 */
public final class DevAccounts {
  public static final String MNEMONIC =
      "test test test test test test test test test test test junk";
  public static final int COUNT = 10;
  private static final int HARDENED = 0x80000000;

  private DevAccounts() {}

  public static Credentials get(int index) {
    if (index < 0 || index >= COUNT) {
      throw new IllegalArgumentException("anvil has dev accounts 0.." + (COUNT - 1));
    }
    Bip32ECKeyPair master =
        Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));
    int[] path = {44 | HARDENED, 60 | HARDENED, HARDENED, 0, index};
    return Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, path));
  }

  public static Credentials deployer() {
    return get(0);
  }
}
