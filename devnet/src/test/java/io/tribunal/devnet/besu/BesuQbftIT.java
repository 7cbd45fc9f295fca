package io.tribunal.devnet.besu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.ContainerNetwork;
import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TransactionRevertedException;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.devnet.DevAccounts;
import io.tribunal.devnet.DevnetDeployer;
import io.tribunal.devnet.PermitTransfer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * The anvil smoke (deploy TestUSD, mint, relay an EIP-2612 permit, reject its replay) on a real
 * 4-validator Hyperledger Besu QBFT network built from {@code devnet/besu/} (same genesis and keys
 * as its docker-compose.yml).
 *
 * <p>Needs a Docker engine; without one the whole class is skipped with the reason below. Run it
 * with {@code mvn -pl devnet -am verify -Dit.test=BesuQbftIT} (image override: {@code
 * -Dbesu.image=hyperledger/besu:<tag>}). See devnet/besu/README.md.
 *
 * <p>Four GenericContainers on one Docker network rather than ComposeContainer: the host ports are
 * random (no clash with a hand-started devnet on 8545), no fixed subnet can collide with the
 * host's, and no docker-compose binary is needed. Node 1 starts first; the others boot from its
 * enode at the IP Docker gave it.
 */
// @EnabledIf comes first so that its reason, not Testcontainers' generic one, is reported
@EnabledIf(
    value = "dockerAvailable",
    disabledReason =
        "no Docker engine available: the Besu QBFT IT runs where Docker exists, see"
            + " devnet/besu/README.md")
@Testcontainers(disabledWithoutDocker = true)
class BesuQbftIT {
  private static final BigInteger AMOUNT = BigInteger.valueOf(250_000_000L); // 250 tUSD
  private static final Duration STARTUP = Duration.ofMinutes(3);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static Network network;
  private static final List<GenericContainer<?>> nodes = new ArrayList<>();
  private static String rpcUrl;
  private static TribunalChain chain;

  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  @BeforeAll
  static void startNetwork() throws Exception {
    network = Network.newNetwork();
    List<Credentials> validators = BesuNetwork.validators();

    GenericContainer<?> bootnode = node(1, null).withExposedPorts(BesuNetwork.RPC_PORT);
    bootnode.waitingFor(
        Wait.forHttp("/liveness").forPort(BesuNetwork.RPC_PORT).withStartupTimeout(STARTUP));
    nodes.add(bootnode);
    bootnode.start();
    rpcUrl = "http://" + bootnode.getHost() + ":" + bootnode.getMappedPort(BesuNetwork.RPC_PORT);

    String enode =
        "enode://"
            + BesuNetwork.enodeId(validators.get(0))
            + "@"
            + ipOn(bootnode, network)
            + ":"
            + BesuNetwork.P2P_PORT;
    List<GenericContainer<?>> others = new ArrayList<>();
    for (int n = 2; n <= BesuNetwork.VALIDATORS; n++) {
      others.add(node(n, enode));
    }
    nodes.addAll(others);
    Startables.deepStart(others).join();

    awaitBlock(2);
    chain =
        TribunalChain.connect(
            rpcUrl, new TribunalChain.Options(Duration.ofMillis(500), Duration.ofSeconds(60), 1));
  }

  @AfterAll
  static void stopNetwork() {
    if (chain != null) {
      chain.close();
    }
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).stop();
    }
    nodes.clear();
    if (network != null) {
      network.close();
    }
  }

  @Test
  void theFourGenesisValidatorsProduceBlocks() throws Exception {
    assertThat(chain.chainId()).isEqualTo(BesuNetwork.CHAIN_ID);
    JsonNode validators = rpc("qbft_getValidatorsByBlockNumber", "latest");
    List<String> onChain = new ArrayList<>();
    validators.forEach(v -> onChain.add(v.asText().toLowerCase(Locale.ROOT)));
    assertThat(onChain)
        .containsExactlyInAnyOrderElementsOf(
            BesuNetwork.validators().stream().map(Credentials::getAddress).toList());

    BigInteger before = chain.blockNumber();
    awaitBlock(before.longValueExact() + 2);
  }

  @Test
  void deploysAndRelaysAPermitTransferAndRejectsItsReplay() throws Exception {
    Credentials deployerKey = DevAccounts.deployer();
    DevnetDeployer deployer = new DevnetDeployer(chain, deployerKey);
    Deployment deployment = deployer.deployAll();
    assertThat(deployment.chainId()).isEqualTo(BesuNetwork.CHAIN_ID);

    Credentials user = Credentials.create(Keys.createEcKeyPair()); // no ETH at all
    deployer.fund(deployment, user.getAddress(), 0, 1000);
    Credentials relayer = DevAccounts.get(2);
    String recipient = DevAccounts.get(3).getAddress();
    PermitTransfer smoke = new PermitTransfer(chain, deployment);
    assertThat(smoke.balanceOf(user.getAddress())).isEqualTo(BigInteger.valueOf(1_000_000_000L));
    assertThat(smoke.balanceOf(recipient)).isZero();

    PermitTransfer.SignedPermit signed = smoke.sign(user, relayer.getAddress(), AMOUNT);
    PermitTransfer.Result r = smoke.relay(signed, relayer, recipient);

    assertThat(r.permitTx().isStatusOK()).isTrue();
    assertThat(r.transferTx().isStatusOK()).isTrue();
    BigInteger userAfter = BigInteger.valueOf(1_000_000_000L).subtract(AMOUNT);
    assertThat(smoke.balanceOf(user.getAddress())).isEqualTo(userAfter);
    assertThat(smoke.balanceOf(recipient)).isEqualTo(AMOUNT);
    assertThat(chain.ethBalance(user.getAddress())).isZero(); // the user paid no gas
    assertThat(smoke.token(relayer).nonces(user.getAddress()).send()).isEqualTo(BigInteger.ONE);

    assertThatThrownBy(() -> smoke.relay(signed, relayer, recipient))
        .isInstanceOf(TransactionRevertedException.class);
    assertThat(smoke.balanceOf(user.getAddress())).isEqualTo(userAfter);
    assertThat(smoke.balanceOf(recipient)).isEqualTo(AMOUNT);
  }

  /**
   * Validator {@code n}, with genesis and key copied in. Advertises its own network IP for P2P;
   * only the bootnode (no {@code bootnodeEnode}) serves JSON-RPC.
   */
  private static GenericContainer<?> node(int n, String bootnodeEnode) {
    Path genesis = BesuNetwork.genesis();
    Path key = BesuNetwork.keyFile(n);
    StringBuilder besu =
        new StringBuilder("H=$(hostname -i 2>/dev/null | cut -d' ' -f1); exec besu")
            .append(" --genesis-file=/config/genesis.json")
            .append(" --node-private-key-file=/config/key")
            .append(" --data-path=/opt/besu/data")
            .append(" --min-gas-price=0")
            .append(" --p2p-port=")
            .append(BesuNetwork.P2P_PORT)
            .append(" ${H:+--nat-method=NONE --p2p-host=$H}");
    if (bootnodeEnode == null) {
      besu.append(" --rpc-http-enabled --rpc-http-host=0.0.0.0")
          .append(" --rpc-http-port=")
          .append(BesuNetwork.RPC_PORT)
          .append(
              " --rpc-http-api=ETH,NET,QBFT,WEB3 '--rpc-http-cors-origins=*' '--host-allowlist=*'");
    } else {
      besu.append(" --bootnodes=").append(bootnodeEnode);
    }
    return new GenericContainer<>(
            DockerImageName.parse(System.getProperty("besu.image", BesuNetwork.DEFAULT_IMAGE)))
        .withNetwork(network)
        .withNetworkAliases("besu-" + n)
        .withCopyFileToContainer(MountableFile.forHostPath(genesis, 0644), "/config/genesis.json")
        .withCopyFileToContainer(MountableFile.forHostPath(key, 0644), "/config/key")
        .withEnv("BESU_OPTS", "-Xmx512m")
        .withCreateContainerCmdModifier(cmd -> cmd.withEntrypoint("/bin/bash", "-c"))
        .withCommand(besu.toString())
        .withStartupTimeout(STARTUP);
  }

  private static String ipOn(GenericContainer<?> container, Network network) {
    Map<String, ContainerNetwork> networks =
        container.getContainerInfo().getNetworkSettings().getNetworks();
    return networks.values().stream()
        .filter(n -> network.getId().equals(n.getNetworkID()))
        .map(ContainerNetwork::getIpAddress)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("node 1 has no IP on " + network.getId()));
  }

  /** Waits until node 1 reports block {@code target}: the validators reached consensus. */
  private static void awaitBlock(long target) throws Exception {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      try {
        seen = new BigInteger(rpc("eth_blockNumber").asText().substring(2), 16).longValueExact();
        if (seen >= target) {
          return;
        }
      } catch (IOException e) {
        // node 1 may still be opening its RPC port
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "QBFT produced no block "
            + target
            + " within "
            + STARTUP
            + " (last seen "
            + seen
            + ")\n"
            + logTails());
  }

  private static JsonNode rpc(String method, Object... params) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(rpcUrl))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(response.body());
    if (json.has("error")) {
      throw new IllegalStateException(method + " failed: " + json.get("error"));
    }
    return json.get("result");
  }

  private static String logTails() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      out.append("--- besu-").append(i + 1).append(" (last 40 log lines) ---\n");
      try {
        List<String> lines = nodes.get(i).getLogs().lines().toList();
        lines
            .subList(Math.max(0, lines.size() - 40), lines.size())
            .forEach(l -> out.append(l).append('\n'));
      } catch (RuntimeException e) {
        out.append("(no logs: ").append(e.getMessage()).append(")\n");
      }
    }
    return out.toString();
  }
}
