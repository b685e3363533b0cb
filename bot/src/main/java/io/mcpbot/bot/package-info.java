/**
 * The Slack adapter. {@link io.mcpbot.bot.SlackBot} runs a Bolt app over Socket Mode and drives the
 * core services ({@link io.mcpbot.bot.BotServices}) with core's own types, as {@code mcpbot chat}
 * does. Everything under {@code internal} is an implementation detail.
 */
package io.mcpbot.bot;
