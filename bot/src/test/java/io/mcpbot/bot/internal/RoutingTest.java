package io.mcpbot.bot.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.event.AppMentionEvent;
import com.slack.api.model.event.MessageEvent;
import org.junit.jupiter.api.Test;

class RoutingTest {
  private static final String BOT = "U0BOT";

  private static MessageEvent dm(String user) {
    MessageEvent e = new MessageEvent();
    e.setUser(user);
    e.setText("hi");
    e.setChannel("D1");
    e.setChannelType("im");
    return e;
  }

  private static AppMentionEvent mention(String channel) {
    AppMentionEvent e = new AppMentionEvent();
    e.setUser("U1");
    e.setText("<@U0BOT> hi");
    e.setChannel(channel);
    return e;
  }

  @Test
  void answersHumanDirectMessagesOnly() {
    assertThat(Routing.answers(dm("U1"), BOT)).isTrue();
    assertThat(Routing.answers(dm(BOT), BOT)).isFalse();
    assertThat(Routing.answers(dm(null), BOT)).isFalse();
    MessageEvent fromBot = dm("U1");
    fromBot.setBotId("B1");
    assertThat(Routing.answers(fromBot, BOT)).isFalse();
    MessageEvent channel = dm("U1");
    channel.setChannelType("channel");
    assertThat(Routing.answers(channel, BOT)).isFalse();
    MessageEvent edited = dm("U1");
    edited.setEdited(new MessageEvent.Edited());
    assertThat(Routing.answers(edited, BOT)).isFalse();
  }

  @Test
  void answersMentionsOutsideDirectMessages() {
    assertThat(Routing.answers(mention("C1"), BOT)).isTrue();
    assertThat(Routing.answers(mention("G1"), BOT)).isTrue();
    assertThat(Routing.answers(mention("D1"), BOT)).isFalse();
    AppMentionEvent fromBot = mention("C1");
    fromBot.setBotId("B2");
    assertThat(Routing.answers(fromBot, BOT)).isFalse();
  }

  @Test
  void removesOnlyTheBotsOwnMention() {
    assertThat(Routing.withoutMention("<@U0BOT> list <@U2> issues", BOT))
        .isEqualTo("list <@U2> issues");
    assertThat(Routing.withoutMention("hey <@U0BOT|mcpbot>, help", BOT)).isEqualTo("hey , help");
    assertThat(Routing.withoutMention("  plain  ", null)).isEqualTo("plain");
  }
}
