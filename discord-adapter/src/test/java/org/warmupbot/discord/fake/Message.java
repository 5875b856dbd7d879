package org.warmupbot.discord.fake;

import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;

/** A message as a member sees it at one moment; {@code version} counts edits. */
public record Message(long id, long guildId, long channelId, boolean ephemeral, boolean deferred, int version,
    String content, DataArray embeds, DataArray components) {

  /** A button as shown. */
  public record ButtonView(String label, String customId, int style, boolean disabled) {}

  /** Everything a member reads: content, embed titles, descriptions, fields and footers, one per line. */
  public String text() {
    StringBuilder text = new StringBuilder(content);
    for (int i = 0; i < embeds.length(); i++) {
      DataObject embed = embeds.getObject(i);
      text.append('\n').append(embed.getString("title", ""));
      text.append('\n').append(embed.getString("description", ""));
      DataArray fields = embed.optArray("fields").orElseGet(DataArray::empty);
      for (int f = 0; f < fields.length(); f++) {
        text.append('\n').append(fields.getObject(f).getString("name", "")).append(": ")
            .append(fields.getObject(f).getString("value", ""));
      }
      embed.optObject("footer").ifPresent(footer -> text.append('\n').append(footer.getString("text", "")));
    }
    return text.toString();
  }

  public String title() {
    return embeds.length() == 0 ? "" : embeds.getObject(0).getString("title", "");
  }

  public List<ButtonView> buttons() {
    List<ButtonView> buttons = new ArrayList<>();
    for (int r = 0; r < components.length(); r++) {
      DataArray row = components.getObject(r).optArray("components").orElseGet(DataArray::empty);
      for (int c = 0; c < row.length(); c++) {
        DataObject b = row.getObject(c);
        buttons.add(new ButtonView(b.getString("label", ""), b.getString("custom_id", ""), b.getInt("style", 0),
            b.getBoolean("disabled")));
      }
    }
    return buttons;
  }

  /** The first button whose label contains {@code label}. */
  public ButtonView button(String label) {
    return buttons().stream().filter(b -> b.label().contains(label)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no button '" + label + "' on " + this));
  }

  public boolean hasButton(String label) {
    return buttons().stream().anyMatch(b -> b.label().contains(label));
  }

  @Override
  public String toString() {
    return "Message[" + id + " v" + version + (ephemeral ? " ephemeral" : "") + ": " + text().replace('\n', '|')
        + " buttons=" + buttons().stream().map(ButtonView::label).toList() + "]";
  }
}
