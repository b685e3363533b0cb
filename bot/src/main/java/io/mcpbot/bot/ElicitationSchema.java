package io.mcpbot.bot;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The requested schema of a form-mode elicitation (MCP 2025-11-25: an object of flat primitive
 * properties) as fields, and the check of submitted values against it. Immutable; shared by the
 * Slack modal and the terminal.
 */
public record ElicitationSchema(List<Field> fields) {
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  /** The input a property becomes. */
  public enum Kind {
    TEXT,
    EMAIL,
    URI,
    DATE,
    DATE_TIME,
    NUMBER,
    INTEGER,
    BOOLEAN,
    CHOICE,
    CHOICES
  }

  /** One property; {@code options} maps value to title for choices (else empty). */
  public record Field(
      String name,
      String title,
      String description,
      Kind kind,
      boolean required,
      Object defaultValue,
      Integer minLength,
      Integer maxLength,
      Number minimum,
      Number maximum,
      Integer maxItems,
      Map<String, String> options) {}

  /** The fields of {@code schema} in its order; unknown property types become text. */
  @SuppressWarnings("unchecked")
  public static ElicitationSchema parse(Map<String, Object> schema) {
    Map<String, Object> props =
        schema.get("properties") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    List<?> required = schema.get("required") instanceof List<?> l ? l : List.of();
    List<Field> fields = new ArrayList<>();
    props.forEach(
        (name, v) -> {
          Map<String, Object> p = v instanceof Map<?, ?> pm ? (Map<String, Object>) pm : Map.of();
          String title = p.get("title") instanceof String t && !t.isBlank() ? t : name;
          String description = p.get("description") instanceof String d ? d : "";
          Map<String, String> options = options(p);
          Kind kind = kind(p, options);
          if (kind == Kind.CHOICES && p.get("items") instanceof Map<?, ?> items) {
            options = options((Map<String, Object>) items);
          }
          fields.add(
              new Field(
                  name,
                  title,
                  description,
                  kind,
                  required.contains(name),
                  p.get("default"),
                  integer(p.get("minLength")),
                  integer(p.get("maxLength")),
                  p.get("minimum") instanceof Number n ? n : null,
                  p.get("maximum") instanceof Number n ? n : null,
                  integer(p.get("maxItems")),
                  options));
        });
    return new ElicitationSchema(List.copyOf(fields));
  }

  private static Kind kind(Map<String, Object> p, Map<String, String> options) {
    String type = p.get("type") instanceof String t ? t : "string";
    return switch (type) {
      case "number" -> Kind.NUMBER;
      case "integer" -> Kind.INTEGER;
      case "boolean" -> Kind.BOOLEAN;
      case "array" -> Kind.CHOICES;
      default ->
          !options.isEmpty()
              ? Kind.CHOICE
              : switch (p.get("format") instanceof String f ? f : "") {
                case "email" -> Kind.EMAIL;
                case "uri" -> Kind.URI;
                case "date" -> Kind.DATE;
                case "date-time" -> Kind.DATE_TIME;
                default -> Kind.TEXT;
              };
    };
  }

  // enum (+ legacy enumNames), or oneOf/anyOf of {const, title}
  @SuppressWarnings("unchecked")
  private static Map<String, String> options(Map<String, Object> p) {
    Map<String, String> out = new LinkedHashMap<>();
    if (p.get("enum") instanceof List<?> values) {
      List<?> names = p.get("enumNames") instanceof List<?> n ? n : List.of();
      for (int i = 0; i < values.size(); i++) {
        String value = String.valueOf(values.get(i));
        out.put(value, i < names.size() ? String.valueOf(names.get(i)) : value);
      }
    }
    Object alternatives = p.get("oneOf") != null ? p.get("oneOf") : p.get("anyOf");
    if (alternatives instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof Map<?, ?> m && m.get("const") != null) {
          String value = String.valueOf(m.get("const"));
          out.put(value, m.get("title") instanceof String t ? t : value);
        }
      }
    }
    return out;
  }

  private static Integer integer(Object o) {
    return o instanceof Number n ? n.intValue() : null;
  }

  /** A number as written, without a trailing ".0". */
  public static String plain(Object n) {
    return n instanceof Number num
        ? new BigDecimal(num.toString()).stripTrailingZeros().toPlainString()
        : String.valueOf(n);
  }

  /** Typed values, or the errors by field name (never both non-empty). */
  public record Checked(Map<String, Object> values, Map<String, String> errors) {}

  /**
   * Checks {@code raw} (strings, "true"/"false", lists of strings, by field name) against the
   * fields and converts them to the JSON types the schema asks for. Blank optional fields are left
   * out; a boolean left unset is false.
   */
  public Checked check(Map<String, Object> raw) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    for (Field f : fields) {
      Object in = raw.get(f.name());
      if (f.kind() == Kind.BOOLEAN) {
        values.put(f.name(), in instanceof List<?> l ? !l.isEmpty() : "true".equals(in));
        continue;
      }
      boolean blank =
          in == null
              || in instanceof String s && s.isBlank()
              || in instanceof List<?> l && l.isEmpty();
      if (blank) {
        if (f.required()) {
          errors.put(f.name(), "Required.");
        }
        continue;
      }
      try {
        values.put(f.name(), convert(f, in));
      } catch (IllegalArgumentException e) {
        errors.put(f.name(), e.getMessage());
      }
    }
    return errors.isEmpty() ? new Checked(values, Map.of()) : new Checked(Map.of(), errors);
  }

  private static Object convert(Field f, Object in) {
    if (f.kind() == Kind.CHOICES) {
      List<String> chosen =
          in instanceof List<?> l
              ? l.stream().map(String::valueOf).toList()
              : List.of(String.valueOf(in));
      for (String c : chosen) {
        if (!f.options().containsKey(c)) {
          throw new IllegalArgumentException("Not one of the choices: " + c);
        }
      }
      if (f.maxItems() != null && chosen.size() > f.maxItems()) {
        throw new IllegalArgumentException("Choose at most " + f.maxItems() + ".");
      }
      return chosen;
    }
    String s = String.valueOf(in).strip();
    switch (f.kind()) {
      case CHOICE -> {
        if (!f.options().containsKey(s)) {
          throw new IllegalArgumentException("Not one of the choices.");
        }
        return s;
      }
      case NUMBER, INTEGER -> {
        BigDecimal n;
        try {
          n = new BigDecimal(s);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("Enter a number.");
        }
        if (f.kind() == Kind.INTEGER && n.stripTrailingZeros().scale() > 0) {
          throw new IllegalArgumentException("Enter a whole number.");
        }
        if (f.minimum() != null && n.compareTo(new BigDecimal(f.minimum().toString())) < 0) {
          throw new IllegalArgumentException("At least " + plain(f.minimum()) + ".");
        }
        if (f.maximum() != null && n.compareTo(new BigDecimal(f.maximum().toString())) > 0) {
          throw new IllegalArgumentException("At most " + plain(f.maximum()) + ".");
        }
        return f.kind() == Kind.INTEGER ? (Object) n.longValueExact() : (Object) n.doubleValue();
      }
      case EMAIL -> {
        if (!EMAIL.matcher(s).matches()) {
          throw new IllegalArgumentException("Enter an email address.");
        }
      }
      case URI -> {
        try {
          if (!URI.create(s).isAbsolute()) {
            throw new IllegalArgumentException("Enter a full URL (https://...).");
          }
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("Enter a full URL (https://...).");
        }
      }
      case DATE -> {
        try {
          LocalDate.parse(s);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("Enter a date as YYYY-MM-DD.");
        }
      }
      case DATE_TIME -> {
        try {
          Instant.parse(s);
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("Enter a date and time (ISO 8601, UTC).");
        }
      }
      default -> {}
    }
    if (f.minLength() != null && s.length() < f.minLength()) {
      throw new IllegalArgumentException("At least " + f.minLength() + " characters.");
    }
    if (f.maxLength() != null && s.length() > f.maxLength()) {
      throw new IllegalArgumentException("At most " + f.maxLength() + " characters.");
    }
    return s;
  }
}
