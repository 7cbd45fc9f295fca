package io.tribunal.node.daemon;

import java.util.Arrays;
import java.util.List;

/**
 * A job's local phase in a role's state DB, stored by its enum name. The chain is the source of
 * truth; a phase only remembers how far this role got. Terminal phases are never advanced again.
 */
public interface LocalPhase {
  String name();

  boolean terminal();

  /** Every phase's name, in declaration order (the phase gauges). */
  static <E extends Enum<E> & LocalPhase> List<String> names(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
  }

  /** The names of the phases the loop no longer advances. */
  static <E extends Enum<E> & LocalPhase> List<String> terminalNames(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .filter(LocalPhase::terminal)
        .map(Enum::name)
        .toList();
  }
}
