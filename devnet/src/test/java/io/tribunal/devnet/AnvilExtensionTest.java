package io.tribunal.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class AnvilExtensionTest {

  @Test
  void stopsItsAnvilEvenWhenTheTestFails() {
    Events tests =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(FailingChainScenario.class))
            .execute()
            .testEvents();

    assertThat(tests.failed().count()).isEqualTo(1);
    long pid = FailingChainScenario.anvilPid;
    assertThat(pid).as("the scenario saw a running anvil").isPositive();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("anvil pid %d is gone after the failing test class", pid)
        .isFalse();
  }

  @Test
  void devAccountZeroIsAnvilsWellKnownDeployer() {
    assertThat(DevAccounts.deployer().getAddress())
        .isEqualToIgnoringCase("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
  }
}
