/**
 * Several bot replicas on one database. {@link io.mcpbot.core.cluster.ChangeFeed} follows the
 * session change log (PostgreSQL LISTEN/NOTIFY plus catch-up by id; polling on H2) and closes the
 * sessions a change made on another replica left stale.
 */
package io.mcpbot.core.cluster;
