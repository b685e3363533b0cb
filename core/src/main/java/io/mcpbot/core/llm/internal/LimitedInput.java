package io.mcpbot.core.llm.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that fails with {@link BoundedBody.TooLarge} once more than {@code limit} bytes
 * were read in total, so a stream is bounded like a whole body. Not thread-safe.
 */
final class LimitedInput extends FilterInputStream {
  private final long limit;
  private long read;

  LimitedInput(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  private void count(int n) throws IOException {
    read += n;
    if (read > limit) {
      throw new BoundedBody.TooLarge(limit);
    }
  }
}
