package org.warmupbot.discord.fake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.api.utils.data.DataType;

/** Discord's checks on message payloads; each problem is one line, as Discord's 50035 errors list them. */
final class Limits {
  private Limits() {}

  static List<String> checkMessage(DataObject data) {
    List<String> problems = new ArrayList<>();
    String content = data.getString("content", "");
    if (content.length() > 2000) {
      problems.add("content: must be 2000 or fewer in length (" + content.length() + ")");
    }
    DataArray embeds = data.optArray("embeds").orElseGet(DataArray::empty);
    if (embeds.length() > 10) {
      problems.add("embeds: must be 10 or fewer");
    }
    int total = 0;
    for (int i = 0; i < embeds.length(); i++) {
      DataObject embed = embeds.getObject(i);
      total += len(problems, "embeds." + i + ".title", embed.getString("title", ""), 256);
      total += len(problems, "embeds." + i + ".description", embed.getString("description", ""), 4096);
      total += len(problems, "embeds." + i + ".footer.text",
          embed.optObject("footer").map(f -> f.getString("text", "")).orElse(""), 2048);
      total += len(problems, "embeds." + i + ".author.name",
          embed.optObject("author").map(f -> f.getString("name", "")).orElse(""), 256);
      DataArray fields = embed.optArray("fields").orElseGet(DataArray::empty);
      if (fields.length() > 25) {
        problems.add("embeds." + i + ".fields: must be 25 or fewer");
      }
      for (int f = 0; f < fields.length(); f++) {
        DataObject field = fields.getObject(f);
        total += between(problems, "embeds." + i + ".fields." + f + ".name", field.getString("name", ""), 1, 256);
        total += between(problems, "embeds." + i + ".fields." + f + ".value", field.getString("value", ""), 1, 1024);
      }
    }
    if (total > 6000) {
      problems.add("embeds: total size must be 6000 or fewer (" + total + ")");
    }
    checkComponents(problems, data.optArray("components").orElseGet(DataArray::empty));
    return problems;
  }

  static void checkComponents(List<String> problems, DataArray rows) {
    if (rows.length() > 5) {
      problems.add("components: must be 5 or fewer in length");
    }
    Set<String> ids = new HashSet<>();
    for (int r = 0; r < rows.length(); r++) {
      DataArray children = rows.getObject(r).optArray("components").orElseGet(DataArray::empty);
      if (children.length() > 5) {
        problems.add("components." + r + ".components: must be 5 or fewer in length");
      }
      for (int c = 0; c < children.length(); c++) {
        DataObject child = children.getObject(c);
        String where = "components." + r + ".components." + c;
        len(problems, where + ".label", child.getString("label", ""), 80);
        String id = child.getString("custom_id", "");
        if (id.isEmpty() || id.length() > 100) {
          problems.add(where + ".custom_id: must be between 1 and 100 in length");
        }
        if (!ids.add(id)) {
          problems.add(where + ".custom_id: component custom id cannot be duplicated");
        }
      }
    }
  }

  /**
   * The callback types Discord takes for an interaction of {@code interactionType}: a command may be answered,
   * deferred or with a modal; a button press also by updating its message; a modal's submission not with another
   * modal; an autocomplete only with choices.
   */
  static Set<Integer> callbackTypesOf(int interactionType) {
    switch (interactionType) {
      case 2:
        return Set.of(4, 5, 9);
      case 3:
        return Set.of(4, 5, 6, 7, 9);
      case 4:
        return Set.of(8);
      case 5:
        return Set.of(4, 5, 6, 7);
      default:
        return Set.of(1);
    }
  }

  /** An autocomplete's answer: at most 25 choices, each named and valued in 1 to 100 characters. */
  static List<String> checkChoices(DataArray choices) {
    List<String> problems = new ArrayList<>();
    if (choices.length() > 25) {
      problems.add("choices: must be 25 or fewer");
    }
    for (int i = 0; i < choices.length(); i++) {
      DataObject choice = choices.getObject(i);
      between(problems, "choices." + i + ".name", choice.getString("name", ""), 1, 100);
      if (choice.isType("value", DataType.STRING)) {
        between(problems, "choices." + i + ".value", choice.getString("value"), 1, 100);
      }
    }
    return problems;
  }

  static List<String> checkModal(DataObject data) {
    List<String> problems = new ArrayList<>();
    between(problems, "title", data.getString("title", ""), 1, 45);
    String id = data.getString("custom_id", "");
    if (id.isEmpty() || id.length() > 100) {
      problems.add("custom_id: must be between 1 and 100 in length");
    }
    DataArray components = data.optArray("components").orElseGet(DataArray::empty);
    if (components.length() == 0 || components.length() > 5) {
      problems.add("components: must hold 1 to 5 components");
    }
    for (int i = 0; i < components.length(); i++) {
      DataObject component = components.getObject(i);
      String where = "components." + i;
      if (component.getInt("type", 0) == 18) { // a label around its input
        between(problems, where + ".label", component.getString("label", ""), 1, 45);
        checkTextInput(problems, where + ".component", component.optObject("component").orElseGet(DataObject::empty));
      } else { // an action row of inputs, each with its own label
        DataArray inputs = component.optArray("components").orElseGet(DataArray::empty);
        for (int c = 0; c < inputs.length(); c++) {
          DataObject input = inputs.getObject(c);
          between(problems, where + ".components." + c + ".label", input.getString("label", ""), 1, 45);
          checkTextInput(problems, where + ".components." + c, input);
        }
      }
    }
    return problems;
  }

  private static void checkTextInput(List<String> problems, String where, DataObject input) {
    if (input.getInt("type", 0) != 4) {
      return; // selects and the like: not used by the bot, not checked
    }
    between(problems, where + ".custom_id", input.getString("custom_id", ""), 1, 100);
    len(problems, where + ".placeholder", input.getString("placeholder", ""), 100);
    len(problems, where + ".value", input.getString("value", ""), 4000);
    int min = input.getInt("min_length", 0);
    int max = input.getInt("max_length", 4000);
    if (min < 0 || min > 4000) {
      problems.add(where + ".min_length: must be between 0 and 4000 (" + min + ")");
    }
    if (max < 1 || max > 4000) {
      problems.add(where + ".max_length: must be between 1 and 4000 (" + max + ")");
    }
  }

  static List<String> checkCommands(DataArray commands) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < commands.length(); i++) {
      DataObject command = commands.getObject(i);
      String name = command.getString("name", "");
      if (!name.matches("[-_\\p{L}\\p{N}]{1,32}") || !name.equals(name.toLowerCase())) {
        problems.add(i + ".name: invalid " + name);
      }
      len(problems, i + ".description", command.getString("description", ""), 100);
      checkOptions(problems, i + ".options", command.optArray("options").orElseGet(DataArray::empty));
    }
    return problems;
  }

  /** A command's options (and a subcommand's, in turn): named as commands are, described, required ones first. */
  private static void checkOptions(List<String> problems, String where, DataArray options) {
    if (options.length() > 25) {
      problems.add(where + ": must be 25 or fewer");
    }
    boolean optionalSeen = false;
    for (int o = 0; o < options.length(); o++) {
      DataObject option = options.getObject(o);
      String at = where + "." + o;
      String name = option.getString("name", "");
      if (!name.matches("[-_\\p{L}\\p{N}]{1,32}") || !name.equals(name.toLowerCase())) {
        problems.add(at + ".name: invalid " + name);
      }
      between(problems, at + ".description", option.getString("description", ""), 1, 100);
      boolean required = option.getBoolean("required", false);
      if (required && optionalSeen) {
        problems.add(at + ".required: required options must be placed before non-required options");
      }
      optionalSeen |= !required;
      DataArray choices = option.optArray("choices").orElseGet(DataArray::empty);
      if (choices.length() > 25) {
        problems.add(at + ".choices: must be 25 or fewer");
      }
      for (int c = 0; c < choices.length(); c++) {
        between(problems, at + ".choices." + c + ".name", choices.getObject(c).getString("name", ""), 1, 100);
      }
      checkOptions(problems, at + ".options", option.optArray("options").orElseGet(DataArray::empty));
    }
  }

  private static int between(List<String> problems, String where, String value, int min, int max) {
    if (value.length() < min || value.length() > max) {
      problems.add(where + ": must be between " + min + " and " + max + " in length (" + value.length() + ")");
    }
    return value.length();
  }

  private static int len(List<String> problems, String where, String value, int max) {
    if (value.length() > max) {
      problems.add(where + ": must be " + max + " or fewer in length (" + value.length() + ")");
    }
    return value.length();
  }
}
