package io.mcpbot.core.mcp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The stderr ring stays bounded, and masking hides secrets however the server printed them. */
class StderrRingTest {
  static final String TOKEN = "ghp_SECRETtoken123";
  static final List<String> SECRETS = List.of(TOKEN, "org-wide-HEADER-key");

  static InputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  static String drained(StderrRing ring, String s) {
    ring.drain(text(s));
    return Masking.mask(ring.tail(), SECRETS);
  }

  @Test
  void endlessInputKeepsOnlyABoundedTail() {
    var ring = new StderrRing(50, 8192);
    // 2 MB of stderr
    InputStream endless =
        new SequenceInputStream(
            Collections.enumeration(
                IntStream.range(0, 20_000)
                    .mapToObj(i -> text("line " + i + " " + "y".repeat(90) + "\n"))
                    .toList()));
    ring.drain(endless);
    String tail = ring.tail();
    assertThat(tail.length()).isLessThanOrEqualTo(8192 + StderrRing.DROPPED.length() + 1);
    assertThat(tail.split("\n")).hasSizeLessThanOrEqualTo(51);
    assertThat(tail).startsWith(StderrRing.DROPPED + "\n").endsWith("line 19999 " + "y".repeat(90));
  }

  @Test
  void aLongLineIsCutAndMarked() {
    var ring = new StderrRing(50, 8192);
    ring.drain(text("z".repeat(5000) + "\nnext\n"));
    String[] lines = ring.tail().split("\n");
    // cut, marked, and what is kept is the line's start
    assertThat(lines[0]).endsWith(StderrRing.CUT).hasSizeLessThan(5000);
    assertThat(lines[0].substring(0, lines[0].length() - StderrRing.CUT.length()))
        .isNotEmpty()
        .matches("z+");
    assertThat(lines[1]).isEqualTo("next");
  }

  @Test
  void wholeAndHeaderOccurrencesAreMasked() {
    String out =
        drained(
            new StderrRing(50, 8192),
            "> Authorization: Bearer "
                + TOKEN
                + "\n> X-Api-Key: org-wide-HEADER-key\ntoken="
                + TOKEN
                + TOKEN
                + "\n");
    assertThat(out)
        .isEqualTo(
            "> Authorization: Bearer <masked>\n> X-Api-Key: <masked>\ntoken=<masked><masked>");
  }

  @Test
  void aTokenWrappedOverLinesIsMasked() {
    String out =
        drained(
            new StderrRing(50, 8192),
            "request failed with key ghp_SECR\n   ETtoken\n123 and more\nafter\n");
    assertThat(out).isEqualTo("request failed with key <masked> and more\nafter");
  }

  @Test
  void thePartOfATokenLeftAtACutIsMasked() {
    int maxLine = 100; // the token starts 10 bytes before the cut
    String out =
        drained(new StderrRing(50, 8192, maxLine), "x".repeat(maxLine - 10) + TOKEN + "\n");
    assertThat(out).isEqualTo("x".repeat(maxLine - 10) + "<masked>" + StderrRing.CUT);
    assertThat(out).doesNotContain("ghp_");
  }

  @Test
  void thePartOfATokenLeftAfterDroppedLinesIsMasked() {
    var ring = new StderrRing(2, 8192);
    String out = drained(ring, "first ghp_SECR\nETtoken123 second\nthird\n");
    assertThat(out).isEqualTo(StderrRing.DROPPED + "\n<masked> second\nthird");
  }

  @Test
  void shortSecretsAndPlainTextAreLeftAlone() {
    assertThat(Masking.mask("ok: ab cd", List.of("ab", "zzz"))).isEqualTo("ok: ab cd");
    assertThat(Masking.mask("", SECRETS)).isEmpty();
  }
}
