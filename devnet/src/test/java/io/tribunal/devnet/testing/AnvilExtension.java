package io.tribunal.devnet.testing;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.devnet.AnvilProcess;
import io.tribunal.devnet.DevAccounts;
import io.tribunal.devnet.DevnetDeployer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension for chain integration tests: before the test class, starts anvil on a free port
 * and deploys every contract; after it, stops that anvil, whether tests passed, failed or threw.
 * Test methods (and {@code @BeforeAll}/constructors) get the {@link Devnet} injected.
 *
 * <pre>{@code @ExtendWith(AnvilExtension.class) class MyIT { @Test void x(Devnet devnet) {..} } }
 * </pre>
 */
public final class AnvilExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  /** TestUSD minted to each of anvil's dev accounts 1..9 at start. */
  public static final long FUND_USD = 1_000_000;

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(AnvilExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    AnvilProcess anvil = AnvilProcess.start(logFile(context));
    try {
      TribunalChain chain = TribunalChain.connect(anvil.rpcUrl());
      DevnetDeployer deployer = new DevnetDeployer(chain, DevAccounts.deployer());
      Deployment deployment = deployer.deployAll();
      for (int i = 1; i < DevAccounts.COUNT; i++) {
        deployer.fund(deployment, DevAccounts.get(i).getAddress(), 0, FUND_USD);
      }
      context.getStore(NS).put(Devnet.class, new Devnet(anvil, chain, deployment));
    } catch (RuntimeException e) {
      anvil.close();
      throw e;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Devnet devnet = context.getStore(NS).remove(Devnet.class, Devnet.class);
    if (devnet != null) {
      devnet.chain().close();
      devnet.anvil().close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == Devnet.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    Devnet devnet = e.getStore(NS).get(Devnet.class, Devnet.class);
    if (devnet == null) {
      throw new IllegalStateException("no devnet: AnvilExtension must be registered on the class");
    }
    return devnet;
  }

  private static Path logFile(ExtensionContext context) {
    try {
      Path dir = Path.of("target", "anvil-logs");
      Files.createDirectories(dir);
      return dir.resolve(context.getRequiredTestClass().getSimpleName() + ".log");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
