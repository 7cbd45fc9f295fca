package io.tribunal.protocol.config;

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
 * Where an account's key comes from: a keystore V3 file and its password, read from a file, the
 * {@value #PASSWORD_ENV} environment variable, or an interactive prompt (in that order). Neither
 * the key nor the password is ever printed or logged; errors name only the keystore file.
 */
public record KeySource(Path keystore, Optional<Path> passwordFile) {
  public static final String PASSWORD_ENV = "TRIBUNAL_PASSWORD";

  public Credentials load() {
    if (!Files.isRegularFile(keystore)) {
      throw new IllegalArgumentException("keystore file not found: " + keystore);
    }
    String password = password(keystore.getFileName().toString(), passwordFile, false);
    try {
      return WalletUtils.loadCredentials(password, keystore.toFile());
    } catch (CipherException e) {
      throw new IllegalArgumentException("wrong password for keystore " + keystore);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("unreadable keystore " + keystore);
    }
  }

  /**
   * A password from the file, else the environment, else the terminal ({@code confirm} asks twice,
   * for new keys).
   */
  public static String password(String what, Optional<Path> file, boolean confirm) {
    if (file.isPresent()) {
      try {
        String p = Files.readString(file.get(), StandardCharsets.UTF_8).strip();
        if (p.isEmpty()) {
          throw new IllegalArgumentException("password file " + file.get() + " is empty");
        }
        return p;
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read password file " + file.get());
      }
    }
    String env = System.getenv(PASSWORD_ENV);
    if (env != null && !env.isEmpty()) {
      return env;
    }
    Console console = System.console();
    if (console == null) {
      throw new IllegalArgumentException(
          "no password: give --password-file, set " + PASSWORD_ENV + ", or run in a terminal");
    }
    String first = new String(console.readPassword("Password for %s: ", what));
    if (confirm) {
      String again = new String(console.readPassword("Repeat the password: "));
      if (!first.equals(again)) {
        throw new IllegalArgumentException("the passwords differ");
      }
    }
    if (first.isEmpty()) {
      throw new IllegalArgumentException("empty password");
    }
    return first;
  }

  @Override
  public String toString() {
    return "KeySource[" + keystore + "]";
  }
}
