package io.tribunal.client.sdk;

import io.tribunal.protocol.config.KeySource;
import java.nio.file.Path;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Option;

/**
 * {@code --keystore FILE [--password-file FILE]}: the account a command signs with (picocli mixin).
 * The key is decrypted only when {@link #credentials()} is called, and never printed.
 */
public final class SignerOptions {
  @Option(
      names = "--keystore",
      required = true,
      paramLabel = "FILE",
      description = "Keystore V3 file of the account that signs.")
  Path keystore;

  @Option(
      names = "--password-file",
      paramLabel = "FILE",
      description = "Keystore password file (else $TRIBUNAL_PASSWORD, else a prompt).")
  Path passwordFile;

  public Path keystore() {
    return keystore;
  }

  /** The decrypted key (asks for the password if neither a file nor the variable gives it). */
  public Credentials credentials() {
    return new KeySource(keystore, Optional.ofNullable(passwordFile)).load();
  }
}
