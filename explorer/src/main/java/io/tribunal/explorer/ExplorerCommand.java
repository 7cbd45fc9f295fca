package io.tribunal.explorer;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.explorer.chain.Indexer;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.explorer.web.ExplorerServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tribunal explorer}: serves the read-only web explorer until stopped. */
@Command(
    name = "explorer",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a read-only web explorer of the market: jobs and their timelines, dispute games",
      "drawn move by move, solvers' stakes and records, finalized models with their prices,",
      "payment channels, and the network's parameters.",
      "",
      "It reads only the chain (events and views, over the JSON-RPC URL) and the solvers'",
      "public endpoints (GET /v1/models). It holds no key and has no endpoint that signs or",
      "sends anything. Pages update within about a second of each new block (server-sent",
      "events on /events); every page has a JSON twin under /api (e.g. /api/jobs?status=open).",
      "",
      "Pages: /jobs (?status=open|claimed|committed|disputed|finalized|refunded|cheated,",
      "  &user=0x..., &solver=0x..., &model=mlp:784-16-10 or 0x<hash>, &page=N), /jobs/<id>,",
      "  /games, /games/<id>, /solvers, /solvers/<address>, /models, /models/<hash>,",
      "  /channels (?status=...), /network."
    },
    footer = {
      "",
      "Examples:",
      "  tribunal devnet up && tribunal explorer          then open http://127.0.0.1:8090/",
      "  tribunal explorer --rpc-url http://10.0.0.5:8545 --deployment prod.json --port 9000",
      "  curl -s http://127.0.0.1:8090/api/games?state=running | jq '.games[].turn'",
      "",
      "Listening on another address than 127.0.0.1 (--bind 0.0.0.0) shows the market to your",
      "network: there is nothing private on it, but put a proxy with TLS in front for the internet."
    })
public final class ExplorerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--deployment",
      paramLabel = "FILE",
      defaultValue = ".tribunal/devnet/deployment.json",
      description =
          "deployment.json naming the contracts and their blocks (default: ${DEFAULT-VALUE}).")
  Path deployment;

  @Option(
      names = "--rpc-url",
      paramLabel = "URL",
      description = "JSON-RPC URL of any EVM node (default: the deployment file's).")
  String rpcUrl;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "8090",
      description = "TCP port to serve on, 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
  String bind;

  @Option(
      names = "--poll",
      paramLabel = "MS",
      defaultValue = "500",
      description =
          "how often to ask the node for a new block, in milliseconds (default: ${DEFAULT-VALUE}).")
  long pollMillis;

  @Override
  public Integer call() throws Exception {
    // not a static field: picocli builds every command when the CLI starts, and the first logger
    // fixes slf4j-simple's configuration (the demo points it at its log file before any logs)
    Logger log = LoggerFactory.getLogger(ExplorerCommand.class);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be 0..65535, got " + port);
    }
    if (pollMillis < 50 || pollMillis > 60_000) {
      throw new IllegalArgumentException("--poll must be 50..60000 ms, got " + pollMillis);
    }
    Deployment d = Deployment.read(deployment);
    String url = rpcUrl == null ? d.rpcUrl() : rpcUrl;
    PrintWriter out = spec.commandLine().getOut();
    try (TribunalChain chain = TribunalChain.connect(url);
        Indexer indexer = new Indexer(chain, d)) {
      long head = indexer.catchUp();
      Snapshot s = indexer.live().get();
      log.info(
          "indexed {} up to block {}: {} jobs, {} games, {} operators, {} channels",
          url,
          head,
          s.jobs().size(),
          s.games().size(),
          s.solvers().size(),
          s.channels().size());
      indexer.start(Duration.ofMillis(pollMillis));
      try (ExplorerServer server =
          ExplorerServer.start(new InetSocketAddress(bind, port), indexer.live())) {
        out.println(
            "explorer: "
                + server.url()
                + "/  (chain "
                + d.chainId()
                + " at "
                + url
                + "; Ctrl-C stops)");
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        try {
          stop.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // stopped by its caller: close and return
        }
        log.info("explorer stopping");
      }
    }
    return 0;
  }
}
