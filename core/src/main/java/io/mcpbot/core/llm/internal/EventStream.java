package io.mcpbot.core.llm.internal;

import io.mcpbot.core.llm.HttpLlmProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Splits a server-sent event stream into events (the fields {@code event} and {@code data};
 * comments and ids ignored) and hands them to a decoder until it says the answer ended. Stateless.
 */
final class EventStream {
  private EventStream() {}

  /**
   * Reads events until the decoder reports the end (true) or the stream ends first (false).
   *
   * @throws IOException when reading fails, {@link BoundedBody.TooLarge} among them
   */
  static boolean read(InputStream in, HttpLlmProvider.StreamDecoder decoder) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String event = null;
    StringBuilder data = null;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isEmpty()) {
        if (data != null && decoder.onEvent(event, data.toString())) {
          return true;
        }
        event = null;
        data = null;
      } else if (line.startsWith("data:")) {
        data = data == null ? new StringBuilder() : data.append('\n');
        data.append(value(line, 5));
      } else if (line.startsWith("event:")) {
        event = value(line, 6);
      }
    }
    // a last event without its blank line still counts
    return data != null && decoder.onEvent(event, data.toString());
  }

  private static String value(String line, int from) {
    return line.startsWith(" ", from) ? line.substring(from + 1) : line.substring(from);
  }
}
