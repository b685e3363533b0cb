/**
 * The Slack adapter. {@link io.mcpbot.bot.SlackBot} runs a Bolt app over Socket Mode and delegates
 * every real decision to a {@link io.mcpbot.bot.BotBackend}, the seam the core services implement.
 * Everything under {@code internal} is an implementation detail.
 */
package io.mcpbot.bot;
