/**
 * What every Tribunal HTTP server shares: creation with the JDK server's timeouts and connection
 * caps set ({@link io.tribunal.protocol.http.HttpServers}, {@link
 * io.tribunal.protocol.http.HttpLimits}), a guard that turns anything unexpected into a 500 with a
 * request id ({@link io.tribunal.protocol.http.SafeHandler}), JSON replies and errors ({@link
 * io.tribunal.protocol.http.JsonReply}) and bounded body reads ({@link
 * io.tribunal.protocol.http.RequestBodies}).
 */
package io.tribunal.protocol.http;
