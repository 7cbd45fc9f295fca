package io.tribunal.devnet.besu;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * The files of the 4-validator Besu QBFT devnet under {@code devnet/besu/}, and the reproducible
 * tool that makes them.
 *
 * <p>The validator node keys are <b>devnet-only</b>: each is keccak256 of a public label ({@link
 * #KEY_LABEL} + index), so anyone can recompute them. Never use them outside a throwaway local
 * network.
 *
 * <p>Run {@link #main} to (re)write {@code keys/validator-N/key}, the {@code extraData} of {@code
 * genesis.json} and the bootnode enode in {@code docker-compose.yml}:
 *
 * <pre>
 * mvn -pl devnet test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.tribunal.devnet.besu.BesuNetwork
 * </pre>
 *
 * {@code BesuNetworkFilesTest} recomputes everything from the committed keys, so the files cannot
 * drift apart.
 */
public final class BesuNetwork {
  /** Chain id of the Besu devnet (anvil is 31337, so the two are never confused). */
  public static final long CHAIN_ID = 1337;

  public static final int VALIDATORS = 4;

  /** The Besu image the IT and docker-compose.yml use (override: {@code -Dbesu.image=...}). */
  public static final String DEFAULT_IMAGE = "hyperledger/besu:25.8.0";

  /** Public label the devnet-only validator keys are derived from. */
  public static final String KEY_LABEL = "tribunal devnet-only besu qbft validator ";

  public static final int P2P_PORT = 30303;
  public static final int RPC_PORT = 8545;

  private static final Pattern EXTRA_DATA =
      Pattern.compile("(\"extraData\"\\s*:\\s*\")(0x[0-9a-fA-F]*)(\")");
  private static final Pattern BOOTNODE = Pattern.compile("(enode://)([0-9a-fA-F]{128})(@)");

  private BesuNetwork() {}

  /** The {@code devnet/besu} folder, from the module directory (Maven) or the repository root. */
  public static Path dir() {
    List<Path> candidates = new ArrayList<>();
    String basedir = System.getProperty("basedir");
    if (basedir != null && !basedir.isBlank()) {
      candidates.add(Path.of(basedir, "besu"));
    }
    candidates.add(Path.of("besu"));
    candidates.add(Path.of("devnet", "besu"));
    for (Path p : candidates) {
      if (Files.isRegularFile(p.resolve("genesis.json"))) {
        return p.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("cannot find devnet/besu/genesis.json from " + candidates);
  }

  public static Path genesis() {
    return dir().resolve("genesis.json");
  }

  public static Path compose() {
    return dir().resolve("docker-compose.yml");
  }

  /** {@code keys/validator-N/key}, N = 1..4: a 0x-prefixed hex private key, as Besu reads it. */
  public static Path keyFile(int n) {
    return dir().resolve("keys").resolve("validator-" + n).resolve("key");
  }

  /** The committed validator keys, validator 1 first. */
  public static List<Credentials> validators() {
    List<Credentials> keys = new ArrayList<>();
    for (int n = 1; n <= VALIDATORS; n++) {
      try {
        keys.add(Credentials.create(Files.readString(keyFile(n)).strip()));
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + keyFile(n), e);
      }
    }
    return keys;
  }

  /** Validator {@code n}'s devnet-only private key: keccak256(KEY_LABEL + n). */
  public static ECKeyPair derivedKey(int n) {
    byte[] k = Hash.sha3((KEY_LABEL + n).getBytes(StandardCharsets.UTF_8));
    BigInteger d = Numeric.toBigInt(k);
    BigInteger order = org.web3j.crypto.Sign.CURVE_PARAMS.getN();
    if (d.signum() == 0 || d.compareTo(order) >= 0) {
      throw new IllegalStateException("label " + n + " gives an invalid secp256k1 key");
    }
    return ECKeyPair.create(d);
  }

  /**
   * QBFT genesis {@code extraData}: RLP([32-byte zero vanity, [validators], [] (no vote), round 0
   * (the empty byte string 0x80), [] (no seals)]).
   */
  public static String extraData(List<String> validatorAddresses) {
    List<RlpType> addresses = new ArrayList<>();
    for (String a : validatorAddresses) {
      byte[] raw = Numeric.hexStringToByteArray(a);
      if (raw.length != 20) {
        throw new IllegalArgumentException("not a 20-byte address: " + a);
      }
      addresses.add(RlpString.create(raw));
    }
    RlpList extra =
        new RlpList(
            RlpString.create(new byte[32]),
            new RlpList(addresses),
            new RlpList(),
            RlpString.create(new byte[0]),
            new RlpList());
    return Numeric.toHexString(RlpEncoder.encode(extra));
  }

  /** The node id in an enode URL: the 64-byte uncompressed public key, hex, no prefix. */
  public static String enodeId(Credentials node) {
    return Numeric.toHexStringNoPrefixZeroPadded(node.getEcKeyPair().getPublicKey(), 128);
  }

  /** The extraData for the committed keys. */
  public static String expectedExtraData() {
    return extraData(validators().stream().map(Credentials::getAddress).toList());
  }

  /** The extraData string currently in genesis.json. */
  public static String genesisExtraData() throws IOException {
    Matcher m = EXTRA_DATA.matcher(Files.readString(genesis()));
    if (!m.find()) {
      throw new IllegalStateException("no extraData in " + genesis());
    }
    return m.group(2);
  }

  /** Writes the keys, then patches genesis.json's extraData and the compose bootnode enode. */
  public static void main(String[] args) throws IOException {
    for (int n = 1; n <= VALIDATORS; n++) {
      Path key = keyFile(n);
      Files.createDirectories(key.getParent());
      String hex = Numeric.toHexStringWithPrefixZeroPadded(derivedKey(n).getPrivateKey(), 64);
      Files.writeString(key, hex); // no trailing newline: Besu reads the file as one hex value
      System.out.printf(
          "validator-%d  %s  enode id %s%n",
          n, Credentials.create(hex).getAddress(), enodeId(Credentials.create(hex)));
    }
    String extra = expectedExtraData();
    replaceOnce(genesis(), EXTRA_DATA, extra);
    replaceOnce(compose(), BOOTNODE, enodeId(validators().get(0)));
    System.out.println("extraData " + extra);
  }

  private static void replaceOnce(Path file, Pattern pattern, String value) throws IOException {
    String text = Files.readString(file);
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException(pattern + " not found in " + file);
    }
    String updated = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + value + r.group(3)));
    Files.writeString(file, updated);
  }
}
