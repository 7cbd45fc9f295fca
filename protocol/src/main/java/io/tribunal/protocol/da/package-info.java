/**
 * On-chain data availability: demands of committed states (DataAvailability.sol), the chunks a
 * solver publishes to answer them, and the rebuilding of a state from what the chain published.
 */
package io.tribunal.protocol.da;
