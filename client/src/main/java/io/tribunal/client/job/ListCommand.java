package io.tribunal.client.job;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.protocol.chain.ChainReader;
import io.tribunal.protocol.chain.Contracts;
import io.tribunal.protocol.chain.Retry;
import io.tribunal.protocol.job.JobStatus;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tribunal job list --mine}: the user's jobs from JobSubmitted events, with status. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List jobs (from JobSubmitted events).")
public final class ListCommand implements Callable<Integer> {
  @Mixin ChainOptions chain;

  @Option(names = "--mine", description = "Only jobs submitted for this keystore's address.")
  boolean mine;

  @Option(
      names = "--keystore",
      description = "Keystore whose address --mine uses (no password needed).")
  Path keystore;

  @Option(names = "--address", description = "Address for --mine (instead of --keystore).")
  String address;

  @picocli.CommandLine.Mixin io.tribunal.client.sdk.JsonFlag json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Optional<String> user = Optional.empty();
    if (mine) {
      user = Optional.of(address != null ? address : KeystoreAddress.read(keystore));
    }
    Deployment d = chain.deployment();
    try (TribunalChain c = chain.connect(d)) {
      ChainReader reader = new ChainReader(c, Retry.command());
      Contracts contracts = Contracts.load(c, d, d.address("JobMarket"));
      EthFilter f =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.valueOf(contracts.marketBlock())),
              DefaultBlockParameterName.LATEST,
              contracts.marketAddress());
      f.addSingleTopic(EventEncoder.encode(JobMarket.JOBSUBMITTED_EVENT));
      f.addOptionalTopics((String) null);
      user.ifPresent(u -> f.addSingleTopic("0x" + TypeEncoder.encode(new Address(u))));
      List<Log> logs = reader.logs(f);
      List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
      for (Log log : logs) {
        var e = JobMarket.getJobSubmittedEventFromLog(log);
        JobStatus s = JobStatus.of(contracts.market().jobStatus(e.jobId).send());
        if (json.on()) {
          java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
          row.put("job", new Bytes32(e.jobId).hex());
          row.put("status", s.name());
          row.put("user", e.user);
          row.put("steps", e.request.steps.longValueExact());
          row.put("priceUnits", e.request.price.toString());
          rows.add(row);
          continue;
        }
        spec.commandLine()
            .getOut()
            .printf(
                "%s  %-9s  %s steps  price %s%n",
                new Bytes32(e.jobId), s, e.request.steps, e.request.price);
      }
      if (json.on()) {
        io.tribunal.client.sdk.JsonOutput.print(spec.commandLine().getOut(), rows);
      } else if (logs.isEmpty()) {
        spec.commandLine().getOut().println("no jobs");
      }
    }
    return 0;
  }
}
