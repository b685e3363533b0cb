/**
 * One turn of the bot: a user's message answered by the LLM calling that user's own MCP tools, with
 * the whole exchange persisted. {@link io.mcpbot.core.agent.TurnRunner} is the seam the Slack
 * adapter and {@code mcpbot chat} call; {@link io.mcpbot.core.agent.Agent} implements it,
 * configured by {@link io.mcpbot.core.agent.AgentConfig} (step limit, history budget, result size,
 * prompt template rendered by {@link io.mcpbot.core.agent.SystemPrompt}).
 */
package io.mcpbot.core.agent;
