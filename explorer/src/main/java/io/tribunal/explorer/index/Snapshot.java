package io.tribunal.explorer.index;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the explorer shows, as of one block: immutable, so a page renders from one consistent
 * state while the next block is being indexed. Lists are newest first.
 *
 * @param head the block indexed, {@code chainTime} its timestamp
 */
public record Snapshot(
    long head,
    long chainTime,
    NetworkEntry network,
    List<JobEntry> jobs,
    Map<String, JobEntry> jobsById,
    List<GameEntry> games,
    Map<Long, GameEntry> gamesById,
    Map<String, List<GameEntry>> gamesByJob,
    List<SolverEntry> solvers,
    Map<String, SolverEntry> solversByAddress,
    List<ModelEntry> models,
    Map<String, ModelEntry> modelsByHash,
    List<ChannelEntry> channels,
    Map<String, ChannelEntry> channelsById) {

  public Optional<JobEntry> job(String id) {
    return Optional.ofNullable(jobsById.get(id));
  }

  public Optional<GameEntry> game(long id) {
    return Optional.ofNullable(gamesById.get(id));
  }

  public List<GameEntry> gamesOf(String jobId) {
    return gamesByJob.getOrDefault(jobId, List.of());
  }

  public Optional<SolverEntry> solver(String address) {
    return Optional.ofNullable(solversByAddress.get(address));
  }

  public Optional<ModelEntry> model(String hash) {
    return Optional.ofNullable(modelsByHash.get(hash));
  }

  public Optional<ChannelEntry> channel(String id) {
    return Optional.ofNullable(channelsById.get(id));
  }
}
