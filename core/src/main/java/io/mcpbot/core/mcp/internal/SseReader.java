package io.mcpbot.core.mcp.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} as the WHATWG spec parses it: {@code id}, {@code event}, {@code
 * data} (multi-line joined by newlines) and {@code retry}; comments ignored; lines longer than the
 * cap rejected. Not thread-safe: one reader per stream.
 */
final class SseReader {
  /** One dispatched event; {@code id} is the last id seen on the stream (null if none yet). */
  record Event(String id, String event, String data) {
    /** True for an event carrying a JSON-RPC message ({@code message} or no event name). */
    boolean isMessage() {
      return event == null || event.isEmpty() || event.equals("message");
    }
  }

  private final InputStream in;
  private final int maxLineBytes;
  private String lastId;
  private long retryMillis = -1;

  SseReader(InputStream in, int maxLineBytes) {
    this.in = new BufferedInputStream(in, 8192);
    this.maxLineBytes = maxLineBytes;
  }

  /** The last event id the stream set, or null. */
  String lastId() {
    return lastId;
  }

  /** The server's last {@code retry} value in milliseconds, or -1 if it sent none. */
  long retryMillis() {
    return retryMillis;
  }

  /**
   * The next event, or null at the end of the stream. Events with an id but no data (a spec
   * 2025-11-25 "priming" event) are returned too, with empty data, so callers see the id.
   */
  Event next() throws IOException {
    String event = null;
    StringBuilder data = null;
    boolean sawField = false;
    while (true) {
      String line = readLine();
      if (line == null) {
        return null; // an unfinished event at EOF is dropped, as the spec says
      }
      if (line.isEmpty()) {
        if (sawField) {
          return new Event(lastId, event, data == null ? "" : data.toString());
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> {
          if (!value.contains("\0")) {
            lastId = value;
            sawField = true;
          }
        }
        case "event" -> {
          event = value;
          sawField = true;
        }
        case "data" -> {
          data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
          sawField = true;
        }
        case "retry" -> {
          if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            try {
              retryMillis = Long.parseLong(value);
            } catch (NumberFormatException e) {
              // too large: ignored like any invalid retry
            }
          }
        }
        default -> {
          // unknown fields are ignored
        }
      }
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
    while (true) {
      int b = in.read();
      if (b < 0) {
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.UTF_8);
      }
      if (b == '\n') {
        return buf.toString(StandardCharsets.UTF_8);
      }
      if (b == '\r') {
        // CR alone or CRLF ends one line
        in.mark(1);
        int n = in.read();
        if (n != '\n' && n >= 0) {
          in.reset();
        }
        return buf.toString(StandardCharsets.UTF_8);
      }
      if (buf.size() >= maxLineBytes) {
        throw new IOException("an event-stream line exceeds " + maxLineBytes + " bytes");
      }
      buf.write(b);
    }
  }
}
