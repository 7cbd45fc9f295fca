package io.tribunal.client.sdk;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Loads a keystore V3 file with its password from a file, the {@code TRIBUNAL_PASSWORD} environment
 * variable, or an interactive prompt, in that order. Keys and passwords are never printed.
 */
public final class KeyFiles {
  public static final String PASSWORD_ENV = "TRIBUNAL_PASSWORD";

  private KeyFiles() {}

  public static Credentials load(Path keystore, Optional<Path> passwordFile) {
    if (!Files.isRegularFile(keystore)) {
      throw new IllegalArgumentException("keystore file not found: " + keystore);
    }
    String password = password(keystore, passwordFile);
    try {
      return WalletUtils.loadCredentials(password, keystore.toFile());
    } catch (CipherException e) {
      throw new IllegalArgumentException("wrong password for keystore " + keystore);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable keystore " + keystore + ": " + e.getMessage());
    }
  }

  private static String password(Path keystore, Optional<Path> passwordFile) {
    if (passwordFile.isPresent()) {
      try {
        return Files.readString(passwordFile.get(), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read password file " + passwordFile.get());
      }
    }
    String env = System.getenv(PASSWORD_ENV);
    if (env != null) {
      return env;
    }
    Console console = System.console();
    if (console == null) {
      throw new IllegalArgumentException(
          "no password: give --password-file, set " + PASSWORD_ENV + ", or run in a terminal");
    }
    return new String(console.readPassword("Password for %s: ", keystore.getFileName()));
  }
}
