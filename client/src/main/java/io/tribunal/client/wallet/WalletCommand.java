package io.tribunal.client.wallet;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.protocol.config.KeySource;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tribunal wallet new|import|address}: keystore V3 files. Passwords come from {@code
 * --password-file}, {@code TRIBUNAL_PASSWORD}, or a prompt; a private key to import comes from a
 * file or a hidden prompt, never from the command line. Keys are never printed.
 */
@Command(
    name = "wallet",
    mixinStandardHelpOptions = true,
    description = "Keystore V3 wallets (keys are never printed).",
    subcommands = {
      WalletCommand.New.class,
      WalletCommand.Import.class,
      WalletCommand.Address.class
    })
public final class WalletCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand (new, import, address)");
  }

  static Path defaultDir() {
    return Path.of(System.getProperty("user.home"), ".tribunal", "keystore");
  }

  /**
   * Writes {@code key} as a keystore V3 file in {@code dir}: geth's standard scrypt (N = 2^18, r =
   * 8, p = 1; about a second to unlock, by design), the file readable by its owner only (0600, the
   * directory 0700).
   */
  static String write(ECKeyPair key, Path dir, Optional<Path> passwordFile) {
    try {
      Files.createDirectories(dir);
      ownerOnly(dir, "rwx------");
      String password = KeySource.password("the new keystore", passwordFile, true);
      String file = WalletUtils.generateWalletFile(password, key, dir.toFile(), true);
      ownerOnly(dir.resolve(file), "rw-------");
      return dir.resolve(file).toString();
    } catch (IOException | org.web3j.crypto.exception.CipherException e) {
      throw new IllegalStateException("cannot write keystore in " + dir + ": " + e.getMessage());
    }
  }

  private static void ownerOnly(Path p, String mode) throws IOException {
    try {
      Files.setPosixFilePermissions(
          p, java.nio.file.attribute.PosixFilePermissions.fromString(mode));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system (Windows): the user profile's ACLs apply
    }
  }

  /** The new key's checksummed address and keystore file; never the key itself. */
  private static void printKey(
      CommandLine.Model.CommandSpec spec, boolean json, ECKeyPair key, String file) {
    String address = Keys.toChecksumAddress(Keys.getAddress(key));
    if (json) {
      java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
      doc.put("address", address);
      doc.put("keystore", file);
      io.tribunal.client.sdk.JsonOutput.print(spec.commandLine().getOut(), doc);
    } else {
      spec.commandLine().getOut().println("address:  " + address);
      spec.commandLine().getOut().println("keystore: " + file);
    }
  }

  /** {@code wallet new}. */
  @Command(name = "new", mixinStandardHelpOptions = true, description = "Create a new key.")
  public static final class New implements Callable<Integer> {
    @Option(names = "--dir", description = "Keystore directory (default ~/.tribunal/keystore).")
    Path dir = defaultDir();

    @Option(names = "--password-file", description = "File holding the password.")
    Path passwordFile;

    @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ECKeyPair key = Keys.createEcKeyPair();
      String file = write(key, dir, Optional.ofNullable(passwordFile));
      printKey(spec, json.on(), key, file);
      return 0;
    }
  }

  /** {@code wallet import}. */
  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = "Import a private key into a keystore.")
  public static final class Import implements Callable<Integer> {
    @Option(
        names = "--key-file",
        description = "File holding the hex private key (else a hidden prompt).")
    Path keyFile;

    @Option(names = "--dir", description = "Keystore directory (default ~/.tribunal/keystore).")
    Path dir = defaultDir();

    @Option(names = "--password-file", description = "File holding the keystore password.")
    Path passwordFile;

    @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      String hex;
      if (keyFile != null) {
        hex = Files.readString(keyFile, StandardCharsets.UTF_8).strip();
      } else {
        Console c = System.console();
        if (c == null) {
          throw new IllegalArgumentException("no --key-file and no terminal to prompt for the key");
        }
        hex = new String(c.readPassword("Private key (hex): ")).strip();
      }
      if (!WalletUtils.isValidPrivateKey(hex)) {
        throw new IllegalArgumentException("not a 32-byte hex private key");
      }
      ECKeyPair key = ECKeyPair.create(Numeric.toBigInt(hex));
      String file = write(key, dir, Optional.ofNullable(passwordFile));
      printKey(spec, json.on(), key, file);
      return 0;
    }
  }

  /** {@code wallet address}: reads the address from a keystore (no password needed). */
  @Command(
      name = "address",
      mixinStandardHelpOptions = true,
      description = "Print a keystore's address.")
  public static final class Address implements Callable<Integer> {
    @Parameters(paramLabel = "KEYSTORE", description = "Keystore V3 file.")
    Path keystore;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(keystore)) {
        throw new IllegalArgumentException("keystore file not found: " + keystore);
      }
      String address = new ObjectMapper().readTree(keystore.toFile()).path("address").asText("");
      if (!address.matches("(0x)?[0-9a-fA-F]{40}")) {
        throw new IllegalArgumentException(keystore + " has no address field");
      }
      spec.commandLine().getOut().println(Keys.toChecksumAddress(address));
      return 0;
    }
  }
}
