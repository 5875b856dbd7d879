package org.warmupbot.discord.fake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

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
        total += len(problems, "embeds." + i + ".fields." + f + ".name", field.getString("name", ""), 256);
        total += len(problems, "embeds." + i + ".fields." + f + ".value", field.getString("value", ""), 1024);
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

  static List<String> checkModal(DataObject data) {
    List<String> problems = new ArrayList<>();
    len(problems, "title", data.getString("title", ""), 45);
    String id = data.getString("custom_id", "");
    if (id.isEmpty() || id.length() > 100) {
      problems.add("custom_id: must be between 1 and 100 in length");
    }
    DataArray components = data.optArray("components").orElseGet(DataArray::empty);
    if (components.length() == 0 || components.length() > 5) {
      problems.add("components: must hold 1 to 5 components");
    }
    for (int i = 0; i < components.length(); i++) {
      len(problems, "components." + i + ".label", components.getObject(i).getString("label", ""), 45);
    }
    return problems;
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
      if (command.optArray("options").map(DataArray::length).orElse(0) > 25) {
        problems.add(i + ".options: must be 25 or fewer");
      }
    }
    return problems;
  }

  private static int len(List<String> problems, String where, String value, int max) {
    if (value.length() > max) {
      problems.add(where + ": must be " + max + " or fewer in length (" + value.length() + ")");
    }
    return value.length();
  }
}
