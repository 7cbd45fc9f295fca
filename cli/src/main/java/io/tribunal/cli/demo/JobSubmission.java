package io.tribunal.cli.demo;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.client.job.JobCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import picocli.CommandLine;

/**
 * The demo user's {@code tribunal job submit}: signs an MNIST job + permit with its keystore key
 * and posts them to a solver's relay, exactly as a user at the command line would.
 */
final class JobSubmission {
  private JobSubmission() {}

  /** Submits job {@code seed} through the relay on {@code relayPort}; returns the job id. */
  static Bytes32 submit(
      RoleConfigs configs,
      String account,
      long seed,
      int relayPort,
      BigInteger price,
      BigInteger collateral) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new JobCommand());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int exit =
        cmd.execute(
            "submit",
            "--deployment",
            configs.deployment().toString(),
            "--rpc-url",
            configs.rpcUrl(),
            "--keystore",
            configs.keystore(account).toString(),
            "--password-file",
            configs.passwordFile().toString(),
            "--model",
            RoleConfigs.MODEL,
            "--dataset",
            "mnist",
            "--steps",
            Long.toString(RoleConfigs.STEPS),
            "--seed",
            Long.toString(seed),
            "--price",
            price + "units",
            "--collateral",
            collateral + "units",
            "--relay",
            "http://127.0.0.1:" + relayPort,
            "--dataset-cache",
            configs.datasetCache().toString());
    if (exit != 0) {
      throw new IllegalStateException(
          "job submit failed (exit " + exit + "): " + err.toString().strip());
    }
    return Bytes32.fromHex(out.toString().strip());
  }
}
