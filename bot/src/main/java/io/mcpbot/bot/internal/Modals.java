package io.mcpbot.bot.internal;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import java.util.ArrayList;
import java.util.List;

/**
 * The form modals' common layout (credentials, elicitation): an intro section above one input per
 * field, with Slack's length limits applied. Stateless.
 */
final class Modals {
  private Modals() {}

  /** A modal with a title (cut to Slack's 24 characters), submit and close labels. */
  static View modal(
      String callbackId,
      String metadata,
      String title,
      String submit,
      String close,
      List<LayoutBlock> blocks) {
    return View.builder()
        .type("modal")
        .callbackId(callbackId)
        .privateMetadata(metadata)
        .title(ViewTitle.builder().type("plain_text").text(HomeView.cut(title, 24)).build())
        .submit(ViewSubmit.builder().type("plain_text").text(submit).build())
        .close(ViewClose.builder().type("plain_text").text(close).build())
        .blocks(blocks)
        .build();
  }

  /** A form's blocks: {@code intro} (markdown) as a section, then the inputs. */
  static List<LayoutBlock> form(String intro, List<LayoutBlock> inputs) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(markdownText(intro))));
    blocks.addAll(inputs);
    return blocks;
  }

  /** One input: its label cut to Slack's 2000 characters, a blank hint left out. */
  static LayoutBlock field(
      String blockId, String label, String hint, boolean optional, BlockElement element) {
    return input(
        i ->
            i.blockId(blockId)
                .label(plainText(HomeView.cut(label, 2000)))
                .hint(hint.isBlank() ? null : plainText(hint))
                .optional(optional)
                .element(element));
  }
}
