package io.mcpbot.bot.internal;

import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.CheckboxesElement;
import com.slack.api.model.block.element.DatePickerElement;
import com.slack.api.model.block.element.DatetimePickerElement;
import com.slack.api.model.block.element.EmailTextInputElement;
import com.slack.api.model.block.element.MultiStaticSelectElement;
import com.slack.api.model.block.element.NumberInputElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.block.element.URLTextInputElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewState;
import io.mcpbot.bot.ElicitationSchema;
import io.mcpbot.bot.SlackMarkdown;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The modal for a form-mode elicitation: one input per property of the requested schema, defaults
 * pre-filled, required ones not optional; private_metadata holds only the elicitation's id. Values
 * are read back and checked against the schema by {@link ElicitationSchema}. Stateless.
 */
final class ElicitationModal {
  static final String CALLBACK = "elicit_form";
  static final String BLOCK_PREFIX = "el:";
  static final String ACTION = "v";

  private ElicitationModal() {}

  static View render(String id, String server, String message, ElicitationSchema schema) {
    String intro =
        "*"
            + SlackMarkdown.escape(server)
            + "* asks: "
            + HomeView.cut(SlackMarkdown.escape(message), 2500);
    List<LayoutBlock> inputs =
        schema.fields().stream()
            .map(
                f ->
                    Modals.field(
                        BLOCK_PREFIX + f.name(),
                        f.title(),
                        f.description(),
                        // a checkbox left empty means false, so it is never "missing"
                        !f.required() || f.kind() == ElicitationSchema.Kind.BOOLEAN,
                        element(f)))
            .toList();
    return Modals.modal(
        CALLBACK, id, "Asked by " + server, "Send", "Back", Modals.form(intro, inputs));
  }

  private static BlockElement element(ElicitationSchema.Field f) {
    Object d = f.defaultValue();
    return switch (f.kind()) {
      case TEXT ->
          PlainTextInputElement.builder()
              .actionId(ACTION)
              .initialValue(d == null ? null : d.toString())
              .minLength(f.minLength())
              .maxLength(f.maxLength())
              .build();
      case EMAIL ->
          EmailTextInputElement.builder()
              .actionId(ACTION)
              .initialValue(d == null ? null : d.toString())
              .build();
      case URI ->
          URLTextInputElement.builder()
              .actionId(ACTION)
              .initialValue(d == null ? null : d.toString())
              .build();
      case DATE ->
          DatePickerElement.builder()
              .actionId(ACTION)
              .initialDate(d == null ? null : d.toString())
              .build();
      case DATE_TIME ->
          DatetimePickerElement.builder()
              .actionId(ACTION)
              .initialDateTime(d == null ? null : epoch(d.toString()))
              .build();
      case NUMBER, INTEGER ->
          NumberInputElement.builder()
              .actionId(ACTION)
              .decimalAllowed(f.kind() == ElicitationSchema.Kind.NUMBER)
              .initialValue(d == null ? null : ElicitationSchema.plain(d))
              .minValue(f.minimum() == null ? null : ElicitationSchema.plain(f.minimum()))
              .maxValue(f.maximum() == null ? null : ElicitationSchema.plain(f.maximum()))
              .build();
      case BOOLEAN -> {
        OptionObject yes = option("true", f.title());
        yield CheckboxesElement.builder()
            .actionId(ACTION)
            .options(List.of(yes))
            .initialOptions(Boolean.TRUE.equals(d) ? List.of(yes) : null)
            .build();
      }
      case CHOICE -> {
        List<OptionObject> options = options(f);
        OptionObject initial =
            options.stream().filter(o -> o.getValue().equals(d)).findFirst().orElse(null);
        yield StaticSelectElement.builder()
            .actionId(ACTION)
            .options(options)
            .initialOption(initial)
            .build();
      }
      case CHOICES -> {
        List<OptionObject> options = options(f);
        List<?> chosen = d instanceof List<?> l ? l : List.of();
        List<OptionObject> initial =
            options.stream().filter(o -> chosen.contains(o.getValue())).toList();
        yield MultiStaticSelectElement.builder()
            .actionId(ACTION)
            .options(options)
            .initialOptions(initial.isEmpty() ? null : initial)
            .maxSelectedItems(f.maxItems())
            .build();
      }
    };
  }

  private static List<OptionObject> options(ElicitationSchema.Field f) {
    List<OptionObject> out = new ArrayList<>();
    f.options().forEach((value, title) -> out.add(option(value, title)));
    return out;
  }

  private static OptionObject option(String value, String title) {
    return OptionObject.builder().value(value).text(plainText(HomeView.cut(title, 75))).build();
  }

  private static Integer epoch(String iso) {
    try {
      return (int) Instant.parse(iso).getEpochSecond();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * What the user entered, by property name, as the strings Slack gives: a date as YYYY-MM-DD, a
   * date-time as ISO-8601 UTC, a checkbox as "true"/"false", a multi-select as a list.
   */
  static Map<String, Object> raw(Map<String, Map<String, ViewState.Value>> state) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    if (state == null) {
      return out;
    }
    state.forEach(
        (blockId, actions) -> {
          ViewState.Value v = actions == null ? null : actions.get(ACTION);
          if (!blockId.startsWith(BLOCK_PREFIX) || v == null) {
            return;
          }
          String name = blockId.substring(BLOCK_PREFIX.length());
          Object value;
          if (v.getSelectedOption() != null) {
            value = v.getSelectedOption().getValue();
          } else if (v.getSelectedDate() != null) {
            value = LocalDate.parse(v.getSelectedDate()).toString();
          } else if (v.getSelectedDateTime() != null) {
            value = Instant.ofEpochSecond(v.getSelectedDateTime()).toString();
          } else if (v.getSelectedOptions() != null) {
            value =
                v.getSelectedOptions().stream().map(ViewState.SelectedOption::getValue).toList();
          } else {
            value = v.getValue();
          }
          if (value != null) {
            out.put(name, value);
          }
        });
    return out;
  }
}
