package io.tribunal.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;

/**
 * Ethereum keystore (V3) files named by role ({@code <role>.json}). Keys are generated here and
 * only ever written encrypted; neither keys nor passwords are printed or logged.
 */
public final class Keystores {
  private Keystores() {}

  /** Creates a new random key for {@code role}, encrypted with {@code password} (light scrypt). */
  public static Credentials create(Path dir, String role, String password) {
    try {
      Files.createDirectories(dir);
      ECKeyPair key = Keys.createEcKeyPair(new SecureRandom());
      String name = WalletUtils.generateWalletFile(password, key, dir.toFile(), false);
      Path target = dir.resolve(role + ".json");
      Files.move(dir.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
      restrict(target);
      return Credentials.create(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write keystore for " + role + " in " + dir, e);
    } catch (CipherException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a key for " + role, e);
    }
  }

  public static Credentials load(Path file, String password) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("keystore file not found: " + file);
    }
    try {
      return WalletUtils.loadCredentials(password, file.toFile());
    } catch (CipherException e) {
      throw new IllegalArgumentException("wrong password for keystore " + file, e);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable keystore " + file + ": " + e.getMessage(), e);
    }
  }

  /** A fresh random password, stored next to devnet keystores (devnet convenience only). */
  public static String newDevnetPassword(Path passwordFile) {
    byte[] raw = new byte[16];
    new SecureRandom().nextBytes(raw);
    String password = HexFormat.of().formatHex(raw);
    try {
      Files.createDirectories(passwordFile.toAbsolutePath().getParent());
      Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
      restrict(passwordFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + passwordFile, e);
    }
    return password;
  }

  public static String readPassword(Path passwordFile) {
    try {
      return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read password file " + passwordFile, e);
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // non-POSIX file system: nothing to tighten
    }
  }
}
