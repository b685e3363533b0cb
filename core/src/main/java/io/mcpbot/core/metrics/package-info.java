/**
 * The bot's operational metrics: {@link io.mcpbot.core.metrics.BotMetrics} records through a
 * Micrometer registry the embedding program creates and hands in (no global registry), so core
 * depends only on the facade.
 */
package io.mcpbot.core.metrics;
