package io.tribunal.devnet;

import io.tribunal.bindings.generated.AttentionEvaluator;
import io.tribunal.bindings.generated.ConvEvaluator;
import io.tribunal.bindings.generated.GraphVerifier;
import io.tribunal.bindings.generated.NormEvaluator;
import io.tribunal.bindings.generated.OptimizerEvaluator;
import org.web3j.protocol.Web3j;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * Deploys the four op-family evaluators and the {@code GraphVerifier} that calls them (the op-graph
 * half of the leaf verifier; the evaluators are its constructor arguments, fixed for its lifetime,
 * so they cannot be swapped under a running game).
 */
final class GraphEvaluators {
  private GraphEvaluators() {}

  static GraphVerifier deploy(Web3j web3j, TransactionManager tm, ContractGasProvider gas)
      throws Exception {
    String norm = NormEvaluator.deploy(web3j, tm, gas).send().getContractAddress();
    String attention = AttentionEvaluator.deploy(web3j, tm, gas).send().getContractAddress();
    String conv = ConvEvaluator.deploy(web3j, tm, gas).send().getContractAddress();
    String optimizer = OptimizerEvaluator.deploy(web3j, tm, gas).send().getContractAddress();
    return GraphVerifier.deploy(web3j, tm, gas, norm, attention, conv, optimizer).send();
  }
}
