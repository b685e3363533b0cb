package io.mcpbot.bot.emulator;

/** A user the emulator's users.info knows. */
public record SlackUser(
    String id, String name, String realName, String displayName, String email) {}
