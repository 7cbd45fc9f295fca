/**
 * Protocol code shared by the solver's defender and the challenger bot: everything a party needs to
 * play the dispute game, on top of {@code chain-bindings} (the wrappers) and {@code core} (the
 * deterministic engine). No role depends on another role; both depend on this module.
 */
package io.tribunal.protocol;
