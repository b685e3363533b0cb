package io.mcpbot.bot.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * An ack the bot sent for one envelope.
 *
 * @param envelopeId the envelope acknowledged
 * @param payload the ack's payload (e.g. response_action errors), or null
 * @param latency from sending the envelope to receiving the ack
 */
public record Ack(String envelopeId, JsonNode payload, Duration latency) {}
