package io.tribunal.node.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.protocol.chain.Contracts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;

/**
 * {@code <role> check --config F}: everything a daemon needs, checked without starting it, one line
 * per check. The common checks live here; each role adds its own ({@link #check}). A check that
 * needs an earlier one (the chain for the balance) is skipped when that one failed, so one cause
 * gives one FAIL line. Nothing is signed or sent; the key is decrypted in memory and never shown.
 */
public final class ConfigCheck {
  /** One check's outcome; {@code detail} says what was found or why it failed. */
  public record Result(String name, Status status, String detail) {}

  /** A check passed, failed, or could not run because a check it needs failed. */
  public enum Status {
    OK,
    FAIL,
    SKIPPED
  }

  private final List<Result> results = new ArrayList<>();
  private Deployment deployment;
  private Credentials key;
  private TribunalChain chain;

  /** Runs {@code check}: its return value is the detail of an OK line, any exception a FAIL. */
  public boolean check(String name, Callable<String> check) {
    try {
      results.add(new Result(name, Status.OK, check.call()));
      return true;
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      results.add(new Result(name, Status.FAIL, why.lines().findFirst().orElse(why)));
      return false;
    }
  }

  /** Records a check that did not run because {@code because} failed. */
  public void skip(String name, String because) {
    results.add(new Result(name, Status.SKIPPED, "needs " + because));
  }

  /**
   * The checks every daemon shares: deployment file, key, data directory, metrics port, the RPC
   * node, its chain id, the contracts' code and gas money. {@code stake}, when present, is the
   * stake the role will hold: the wallet's tUSD plus what is already staked must cover it.
   */
  public ConfigCheck common(DaemonConfig c, BigInteger stake) {
    boolean haveDeployment =
        check(
            "deployment",
            () -> {
              deployment = c.deployment();
              return c.deploymentFile()
                  + ": chain "
                  + deployment.chainId()
                  + ", "
                  + deployment.rpcUrl();
            });
    boolean haveKey =
        check(
            "key",
            () -> {
              key = c.key().load();
              return "decrypts to " + key.getAddress();
            });
    check("data directory", () -> writable(c.dataDir()));
    if (c.metricsPort() != 0) {
      check("metrics port", () -> bindable(c.metricsHost(), c.metricsPort()));
    }
    if (!haveDeployment) {
      skip("rpc", "deployment");
      return this;
    }
    boolean haveChain =
        check(
            "rpc",
            () -> {
              chain = TribunalChain.connect(deployment.rpcUrl());
              return deployment.rpcUrl() + " answers at block " + chain.blockNumber();
            });
    if (!haveChain) {
      skip("chain id", "rpc");
      skip("contracts", "rpc");
      return this;
    }
    check(
        "chain id",
        () -> {
          if (chain.chainId() != deployment.chainId()) {
            throw new IllegalStateException(
                "the node is chain "
                    + chain.chainId()
                    + " but the deployment is for chain "
                    + deployment.chainId()
                    + " (wrong rpcUrl, or the chain was reset)");
          }
          return Long.toString(chain.chainId());
        });
    check("contracts", this::contractsHaveCode);
    if (!haveKey) {
      skip("gas", "key");
      return this;
    }
    check(
        "gas",
        () -> {
          BigInteger wei = chain.ethBalance(key.getAddress());
          if (wei.signum() == 0) {
            throw new IllegalStateException(key.getAddress() + " has no ETH to pay gas");
          }
          return new BigDecimal(wei).movePointLeft(18).stripTrailingZeros().toPlainString()
              + " ETH";
        });
    if (stake != null) {
      check("stake", () -> stakeCovered(stake));
    }
    return this;
  }

  /** The dataset cache every role replays from: MNIST loads (or converts) into it. */
  public ConfigCheck datasetCache(Path cache) {
    check(
        "dataset cache",
        () -> {
          io.tribunal.core.data.MnistNpm.load(
              cache, io.tribunal.protocol.layout.NpmLocator.packages());
          return "MNIST loads into " + cache;
        });
    return this;
  }

  private String contractsHaveCode() throws IOException {
    List<String> missing = new ArrayList<>();
    for (var e : deployment.contracts().entrySet()) {
      String code =
          chain
              .web3j()
              .ethGetCode(e.getValue().address(), DefaultBlockParameterName.LATEST)
              .send()
              .getCode();
      if (code == null || code.length() <= 2) {
        missing.add(e.getKey() + " at " + e.getValue().address());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("no code for " + String.join(", ", missing));
    }
    return deployment.contracts().size() + " deployed";
  }

  private String stakeCovered(BigInteger wanted) throws Exception {
    Contracts k = Contracts.load(chain, deployment, key.getAddress());
    BigInteger staked = k.registry().stakeOf(key.getAddress()).send().component1();
    BigInteger wallet = k.token().balanceOf(key.getAddress()).send();
    if (staked.add(wallet).compareTo(wanted) < 0) {
      throw new IllegalStateException(
          "stake "
              + wanted
              + " needs "
              + wanted.subtract(staked)
              + " more base units, the wallet holds "
              + wallet
              + " (staked "
              + staked
              + ")");
    }
    return "staked " + staked + ", wallet " + wallet + " base units (stake " + wanted + ")";
  }

  /** A directory the daemon can create and write in. */
  public static String writable(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path probe = Files.createTempFile(dir, ".check", ".tmp");
    Files.delete(probe);
    return dir + " is writable";
  }

  /** A listen address nothing else holds. */
  public static String bindable(String host, int port) throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new IOException(host + ":" + port + " is taken (" + e.getMessage() + ")", e);
    }
    return host + ":" + port + " is free";
  }

  public boolean passed() {
    return results.stream().noneMatch(r -> r.status() != Status.OK);
  }

  public List<Result> results() {
    return List.copyOf(results);
  }

  /** Prints the results (text: one line each; JSON: one document) and closes the chain. */
  public int report(String role, PrintWriter out, boolean json) {
    if (chain != null) {
      chain.close();
    }
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("role", role);
      doc.put("ok", passed());
      doc.put("checks", results);
      try {
        out.println(new ObjectMapper().writeValueAsString(doc));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    } else {
      for (Result r : results) {
        out.printf("%-7s %-16s %s%n", r.status(), r.name(), r.detail());
      }
      out.println(
          passed()
              ? role + " config OK: 'tribunal " + role + " run --config ...' can start"
              : role + " config has problems: fix the FAIL lines above");
    }
    out.flush();
    return passed() ? 0 : 1;
  }
}
