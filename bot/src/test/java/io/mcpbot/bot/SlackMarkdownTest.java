package io.mcpbot.bot;

import static io.mcpbot.bot.SlackMarkdown.split;
import static io.mcpbot.bot.SlackMarkdown.toMrkdwn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlackMarkdownTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '"',
      value = {
        "**bold** => *bold*",
        "__bold__ => *bold*",
        "*italic* => _italic_",
        "_italic_ => _italic_",
        "~~gone~~ => ~gone~",
        "a **b** and *c* d => a *b* and _c_ d",
        "2 * 3 * 4 => 2 * 3 * 4",
        "snake_case_name => snake_case_name",
        "[docs](https://x.io/a?b=1&c=2) => <https://x.io/a?b=1&c=2|docs>",
        "see <https://x.io> => see <https://x.io>",
        "[https://x.io](https://x.io) => <https://x.io>",
        "![logo](https://x.io/l.png) => <https://x.io/l.png|logo>",
        "[a **b**](https://x.io) => <https://x.io|a b>",
        "a < b && c > d => a &lt; b &amp;&amp; c &gt; d",
        "<!channel> hi => &lt;!channel&gt; hi",
        "`**not bold**` => `**not bold**`",
        "`a < b` => `a &lt; b`",
        "``x ` y`` => `x ` y`",
        "# Title => *Title*",
        "### **Sub** title ### => *Sub title*",
        "- item => • item",
        "* item *with* style => • item _with_ style",
        "\"  - nested\" => \"    • nested\"",
        "1. first => 1. first",
        "> quoted **text** => > quoted *text*",
        "--- => ──────────",
      })
  void convertsOneLine(String markdown, String expected) {
    assertThat(toMrkdwn(markdown)).isEqualTo(expected);
  }

  @Test
  void keepsFencedCodeVerbatimExceptEscapingAndDropsTheLanguage() {
    String md = "Run:\n```python\nx = **kwargs  # a < b\n- not a list\n```\n**done**";
    assertThat(toMrkdwn(md))
        .isEqualTo("Run:\n```\nx = **kwargs  # a &lt; b\n- not a list\n```\n*done*");
  }

  @Test
  void tablesBecomeCodeBlocks() {
    String md = "Issues:\n| # | Title |\n|---|:---:|\n| 1 | a < b |\n| 2 | **x** |\nThat's all.";
    assertThat(toMrkdwn(md))
        .isEqualTo(
            "Issues:\n```\n| # | Title |\n|---|:---:|\n| 1 | a &lt; b |\n| 2 | **x** |\n```\nThat's all.");
    assertThat(toMrkdwn("| not | a table |")).isEqualTo("| not | a table |");
  }

  @Test
  void nullAndEmptyAndWindowsLineEnds() {
    assertThat(toMrkdwn(null)).isEmpty();
    assertThat(toMrkdwn("")).isEmpty();
    assertThat(toMrkdwn("a\r\nb")).isEqualTo("a\nb");
  }

  @Test
  void shortTextIsOnePart() {
    assertThat(split("hello", 3000)).containsExactly("hello");
  }

  @Test
  void splitsOnParagraphsWithinTheLimit() {
    String p = "word ".repeat(100).strip();
    String text = String.join("\n\n", p, p, p, p, p, p, p, p);
    List<String> parts = split(text, 1200);

    assertThat(parts)
        .hasSizeGreaterThan(3)
        .allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(1200));
    assertThat(parts).allSatisfy(t -> assertThat(t).startsWith("word").endsWith("word"));
    assertThat(String.join("\n\n", parts)).isEqualTo(text);
  }

  @Test
  void aCodeBlockCutInTwoIsClosedAndReopened() {
    String code = "```\n" + "line of code\n".repeat(200) + "```";
    String text = "Intro\n\n" + code + "\n\nOutro";
    List<String> parts = split(text, 500);

    assertThat(parts).hasSizeGreaterThan(4);
    for (String part : parts) {
      assertThat(part.length()).isLessThanOrEqualTo(500);
      assertThat(part.split("```", -1).length % 2).as("balanced fences in %s", part).isEqualTo(1);
    }
    assertThat(parts.get(1)).startsWith("```\nline of code");
    assertThat(parts.get(parts.size() - 1)).endsWith("Outro");
    String rejoined = String.join("\n", parts).replace("\n```\n```\n", "\n");
    assertThat(rejoined.replace("\n", "")).isEqualTo(text.replace("\n", ""));
  }

  @Test
  void aVeryLongLineIsCutAtSpacesOrHard() {
    String words = "abcdefghij ".repeat(500).strip();
    String noSpaces = "x".repeat(5000);
    for (String text : List.of(words, noSpaces)) {
      List<String> parts = split(text, 1000);
      assertThat(parts).allSatisfy(t -> assertThat(t.length()).isLessThanOrEqualTo(1000));
      assertThat(String.join("", parts).replace(" ", "")).isEqualTo(text.replace(" ", ""));
    }
  }

  @Test
  void aHardCutNeverSplitsAnEmoji() {
    String emoji = "\uD83D\uDE00"; // one character, two chars in Java
    for (int offset = 0; offset < 2; offset++) {
      String text = "x".repeat(offset) + emoji.repeat(1500);
      List<String> parts = split(text, 1000);
      assertThat(parts).hasSizeGreaterThan(1);
      assertThat(parts)
          .allSatisfy(
              t -> {
                assertThat(t.length()).isLessThanOrEqualTo(1000);
                assertThat(Character.isLowSurrogate(t.charAt(0))).isFalse();
                assertThat(Character.isHighSurrogate(t.charAt(t.length() - 1))).isFalse();
              });
      assertThat(String.join("", parts)).isEqualTo(text);
    }
  }

  @Test
  void aWholeAnswerWithHeadingsListsLinksAndCode() {
    String markdown =
        """
        ## Open issues

        You have **2** open issues in [mcpbot](https://github.com/acme/mcpbot):

        1. *Crash* on start
        - `npx` hangs
          - see <https://x.io/a>

        ```bash
        mcpbot run --shutdown-grace 30 > out.log
        ```
        """;
    assertThat(toMrkdwn(markdown))
        .isEqualTo(
            """
            *Open issues*

            You have *2* open issues in <https://github.com/acme/mcpbot|mcpbot>:

            1. _Crash_ on start
            • `npx` hangs
                • see <https://x.io/a>

            ```
            mcpbot run --shutdown-grace 30 &gt; out.log
            ```
            """);
  }

  @Test
  void rejectsATinyLimit() {
    assertThatThrownBy(() -> split("abc", 5)).isInstanceOf(IllegalArgumentException.class);
  }
}
