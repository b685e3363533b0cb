package io.mcpbot.core.oauth;

import io.mcpbot.core.config.RemoteServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterEach;

/** A test with its own {@link TestAuthServer}, OAuth wiring and a server protected by it. */
abstract class WithAuthServer {
  final TestAuthServer as = start();
  final OAuthFixture fx = new OAuthFixture();
  final RemoteServer server = OAuthFixture.server(as.mcpUrl());

  @AfterEach
  void stopAuthServer() {
    as.close();
  }

  private static TestAuthServer start() {
    try {
      return new TestAuthServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
