package io.tribunal.explorer.index;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.datatypes.Event;
import org.web3j.protocol.core.methods.response.Log;

/** Event names by their topic 0, for one contract's events. */
final class Topics {
  private final Map<String, String> byTopic;

  Topics(Event... events) {
    byTopic = Stream.of(events).collect(Collectors.toMap(EventEncoder::encode, Event::getName));
  }

  /** The event's name, or "" when it is none of ours (or has no topic). */
  String of(Log log) {
    return log.getTopics().isEmpty() ? "" : byTopic.getOrDefault(log.getTopics().get(0), "");
  }
}
