package io.tribunal.solver.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VoucherStoreTest {
  @TempDir Path dir;

  private static AcceptedVoucher voucher(String channel, long amount) {
    byte[] r = new byte[32];
    byte[] s = new byte[32];
    r[31] = 1;
    s[31] = (byte) amount;
    return new AcceptedVoucher(
        Bytes32.keccakOf(channel),
        "0x" + "12".repeat(20),
        Bytes32.keccakOf("salt-" + channel),
        BigInteger.valueOf(amount),
        new EcdsaSignature(27, r, s));
  }

  @Test
  void preallocatedLogReplaysTheBestVoucherPerChannel() throws Exception {
    Path file = dir.resolve("vouchers.log");
    try (VoucherStore store = VoucherStore.open(file)) {
      store.persist(voucher("a", 13));
      store.persist(voucher("a", 26));
      store.persist(voucher("b", 13));
    }
    assertThat(Files.size(file) % VoucherStore.CHUNK).isZero();
    try (VoucherStore store = VoucherStore.open(file)) {
      assertThat(store.best(Bytes32.keccakOf("a")).orElseThrow()).isEqualTo(voucher("a", 26));
      assertThat(store.best(Bytes32.keccakOf("b")).orElseThrow()).isEqualTo(voucher("b", 13));
      store.persist(voucher("b", 39)); // appended after the replayed lines, not at the file end
    }
    try (VoucherStore store = VoucherStore.open(file)) {
      assertThat(store.best(Bytes32.keccakOf("b")).orElseThrow()).isEqualTo(voucher("b", 39));
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text.substring(0, text.indexOf('\0')).lines()).hasSize(4);
  }

  @Test
  void tornTailInsideThePreallocationIsCutAndOverwritten() throws Exception {
    Path file = dir.resolve("vouchers.log");
    try (VoucherStore store = VoucherStore.open(file)) {
      store.persist(voucher("a", 13));
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    long end = text.indexOf('\0');
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap("{\"channelId\":\"0x".getBytes(StandardCharsets.UTF_8)), end);
      // a stray page written ahead of a lost one: must not survive either
      ch.write(ByteBuffer.wrap("junk\n".getBytes(StandardCharsets.UTF_8)), end + 4096);
    }
    try (VoucherStore store = VoucherStore.open(file)) {
      assertThat(store.best(Bytes32.keccakOf("a")).orElseThrow()).isEqualTo(voucher("a", 13));
      store.persist(voucher("a", 26));
    }
    try (VoucherStore store = VoucherStore.open(file)) {
      assertThat(store.best(Bytes32.keccakOf("a")).orElseThrow()).isEqualTo(voucher("a", 26));
    }
  }

  @Test
  void logWithoutPreallocationStillReplays() throws Exception {
    Path file = dir.resolve("vouchers.log");
    try (VoucherStore store = VoucherStore.open(file)) {
      store.persist(voucher("a", 13));
    }
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, text.substring(0, text.indexOf('\0'))); // the old, unpadded format
    try (VoucherStore store = VoucherStore.open(file)) {
      assertThat(store.best(Bytes32.keccakOf("a")).orElseThrow()).isEqualTo(voucher("a", 13));
    }
  }

  @Test
  void concurrentPersistsAcrossTheChunkBoundaryAllSurvive() throws Exception {
    Path file = dir.resolve("vouchers.log");
    int channels = 8;
    int perChannel = 600; // ~300 bytes a line: > 1 MiB in all, so the log grows past one chunk
    try (VoucherStore store = VoucherStore.open(file);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < channels; c++) {
        String ch = "c" + c;
        pool.submit(
            () -> {
              for (int i = 1; i <= perChannel; i++) {
                store.persist(voucher(ch, i));
              }
              return null;
            });
      }
    }
    assertThat(Files.size(file)).isGreaterThan(VoucherStore.CHUNK);
    try (VoucherStore store = VoucherStore.open(file)) {
      for (int c = 0; c < channels; c++) {
        assertThat(store.best(Bytes32.keccakOf("c" + c)).orElseThrow().cumulativeAmount())
            .isEqualTo(BigInteger.valueOf(perChannel));
      }
    }
  }
}
