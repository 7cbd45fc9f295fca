/**
 * The read-only web explorer ({@code tribunal explorer}): {@code index} holds what the chain says
 * (jobs, dispute games, solvers, models, channels, network parameters) as immutable snapshots,
 * {@code chain} refreshes them from events and views on every new block, and {@code web} serves
 * them as HTML pages with JSON twins under {@code /api} and live updates over server-sent events.
 * Nothing here holds a key or sends a transaction.
 */
package io.tribunal.explorer;
