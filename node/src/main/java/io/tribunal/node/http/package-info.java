/**
 * What every Tribunal HTTP server shares: creation with the JDK server's timeouts and connection
 * caps set ({@link io.tribunal.node.http.HttpServers}, {@link io.tribunal.node.http.HttpLimits}), a
 * guard that turns anything unexpected into a 500 with a request id ({@link
 * io.tribunal.node.http.SafeHandler}), JSON replies and errors ({@link
 * io.tribunal.node.http.JsonReply}) and bounded body reads ({@link
 * io.tribunal.node.http.RequestBodies}).
 */
package io.tribunal.node.http;
