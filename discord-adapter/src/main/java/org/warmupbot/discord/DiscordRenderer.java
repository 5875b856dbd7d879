package org.warmupbot.discord;

import java.awt.Color;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.TimeFormat;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.ClockText;
import org.warmupbot.core.view.Fact;
import org.warmupbot.core.view.View;

/**
 * Turns a core {@link View} into a Discord message: one embed (title, body, facts as fields) and rows of
 * buttons whose ids carry the owner. Pure functions, safe from any thread. Whatever the view holds, the result
 * stays within Discord's limits: long text and code are cut (code keeps its fences), surplus buttons dropped.
 */
final class DiscordRenderer {
  static final int TITLE_MAX = MessageEmbed.TITLE_MAX_LENGTH;
  static final int DESCRIPTION_MAX = MessageEmbed.DESCRIPTION_MAX_LENGTH;
  static final int FIELD_VALUE_MAX = MessageEmbed.VALUE_MAX_LENGTH;
  static final int FOOTER_MAX = MessageEmbed.TEXT_MAX_LENGTH;
  static final int EMBED_TOTAL_MAX = MessageEmbed.EMBED_MAX_LENGTH_BOT;
  static final int CONTENT_MAX = 2000;
  static final int BUTTON_LABEL_MAX = 80;
  static final int BUTTONS_PER_ROW = 5;
  static final int ROWS_MAX = 5;

  private static final EnumSet<Message.MentionType> NO_PINGS = EnumSet.noneOf(Message.MentionType.class);
  private static final String CUT = "…";
  private static final String CODE_CUT = "… (cut to fit Discord)";

  private DiscordRenderer() {}

  /**
   * A message ready to send or to edit in. It pings nobody: leaderboards and profiles name members as
   * {@code <@id>} mentions so they read as names, and a public board must not notify everyone on it.
   */
  record Rendered(String content, List<MessageEmbed> embeds, List<ActionRow> rows) {
    MessageCreateData toCreate() {
      return new MessageCreateBuilder().setContent(content).setEmbeds(embeds).setComponents(rows)
          .setAllowedMentions(NO_PINGS).build();
    }

    MessageEditData toEdit() {
      return new MessageEditBuilder().setContent(content).setEmbeds(embeds).setComponents(rows)
          .setAllowedMentions(NO_PINGS).build();
    }
  }

  /** The view as a message whose buttons only {@code ownerId} may press. */
  static Rendered render(View view, String ownerId) {
    EmbedBuilder embed = new EmbedBuilder().setColor(color(view.screen()));
    embed.setTitle(cut(view.title(), TITLE_MAX));
    int budget = EMBED_TOTAL_MAX - embed.length();
    List<String[]> fields = new ArrayList<>();
    for (Fact fact : view.facts()) {
      String[] field = field(fact);
      if (field != null && fields.size() < 25) {
        fields.add(field);
        budget -= field[0].length() + field[1].length();
      }
    }
    for (String[] field : fields) {
      embed.addField(field[0], field[1], true);
    }
    String description = description(view.body(), Math.min(DESCRIPTION_MAX, Math.max(0, budget)));
    if (!description.isEmpty()) {
      embed.setDescription(description);
    }
    return new Rendered("", List.of(embed.build()), rows(view.actions(), ownerId));
  }

  /** A plain notice (a refusal, a confirmation). */
  static Rendered notice(String text) {
    return new Rendered(cut(text, CONTENT_MAX), List.of(), List.of());
  }

  /** A text is not cut shorter than this to make room: below it, blocks are left out instead. */
  private static final int SHORTEST_CUT_TEXT = 200;

  /** The body in Discord markdown, at most {@code max} characters, code fences always closed. */
  static String description(List<Block> body, int max) {
    List<String> parts = new ArrayList<>();
    for (Block block : body) {
      parts.add(markdown(block));
    }
    String joined = String.join("\n\n", parts);
    if (joined.length() <= max) {
      return joined;
    }
    // Too long: shrink code listings first (they are the longest and least needed in full), then the longest
    // texts (an explanation), then leave out whole blocks before the last one, which closes the view (a
    // summary's badge line); only then cut the end.
    int excess = joined.length() - max;
    for (int i = 0; i < body.size() && excess > 0; i++) {
      if (body.get(i) instanceof Block.CodeListing code) {
        String before = parts.get(i);
        String after = codeBlock(code.language(), code.source(), Math.max(0, before.length() - excess));
        parts.set(i, after);
        excess -= before.length() - after.length();
      }
    }
    List<Integer> texts = new ArrayList<>();
    for (int i = 0; i < body.size(); i++) {
      if (body.get(i) instanceof Block.Text) {
        texts.add(i);
      }
    }
    texts.sort((a, b) -> parts.get(b).length() - parts.get(a).length());
    for (int i : texts) {
      String before = parts.get(i);
      if (excess <= 0 || before.length() <= SHORTEST_CUT_TEXT) {
        break;
      }
      String after = cutOutsideCode(before, Math.max(SHORTEST_CUT_TEXT, before.length() - excess));
      parts.set(i, after);
      excess -= before.length() - after.length();
    }
    int left = 0;
    int noteRoom = excess > 0 ? 50 : 0; // for the note that says how many were left out
    while (excess + noteRoom > 0 && parts.size() > 2) {
      excess -= parts.remove(parts.size() - 2).length() + 2;
      left++;
    }
    if (left > 0) {
      parts.add(parts.size() - 1, "… " + left + " more line(s) cut to fit Discord");
    }
    joined = String.join("\n\n", parts);
    return joined.length() <= max ? joined : cutOutsideCode(joined, max);
  }

  private static String markdown(Block block) {
    if (block instanceof Block.Text text) {
      return text.text();
    }
    if (block instanceof Block.CodeListing code) {
      return codeBlock(code.language(), code.source(), Integer.MAX_VALUE);
    }
    if (block instanceof Block.ResultLine line) {
      return (line.correct() ? "✓" : "✗") + " " + line.number() + ". " + line.title() + " — " + line.points()
          + " pts";
    }
    if (block instanceof Block.RankLine rank) {
      String line = "**" + rank.rank() + ".** <@" + rank.userId() + "> — " + rank.score() + " pts · "
          + ClockText.of(rank.totalTime());
      return rank.viewer() ? line + "  ← you" : line;
    }
    return "";
  }

  /**
   * A fenced block of at most {@code max} characters (when {@code max} leaves room for the fences at all).
   * Triple backticks in the source would end the fence early, so they are broken with a zero-width space.
   */
  static String codeBlock(String language, String source, int max) {
    String lang = language.replaceAll("[^A-Za-z0-9+#-]", "");
    lang = lang.substring(0, Math.min(lang.length(), 20));
    String body = source.replace("```", "`\u200b``").stripTrailing();
    String open = "```" + lang + "\n";
    String close = "\n```";
    if (open.length() + body.length() + close.length() <= max) {
      return open + body + close;
    }
    int room = max - open.length() - close.length() - CODE_CUT.length() - 1;
    if (room <= 0) {
      return max >= CODE_CUT.length() ? CODE_CUT : "";
    }
    String kept = body.substring(0, room);
    int lastLine = kept.lastIndexOf('\n');
    if (lastLine > room / 2) {
      kept = kept.substring(0, lastLine); // cut at a line end when that loses little
    }
    return open + kept + "\n" + CODE_CUT + close;
  }

  /** Cuts markdown to {@code max}, closing a code fence left open by the cut. */
  private static String cutOutsideCode(String text, int max) {
    String kept = text.substring(0, Math.max(0, max - CUT.length() - 4));
    if (Character.isHighSurrogate(kept.charAt(kept.length() - 1))) {
      kept = kept.substring(0, kept.length() - 1);
    }
    int fences = (kept.length() - kept.replace("```", "").length()) / 3;
    return fences % 2 == 1 ? kept + CUT + "\n```" : kept + CUT;
  }

  /** The field for a fact: {name, value}; never over Discord's field limits. */
  private static String[] field(Fact fact) {
    if (fact instanceof Fact.Progress p) {
      return new String[] {"Question", p.number() + " of " + p.total()};
    }
    if (fact instanceof Fact.Category c) {
      return new String[] {"Category", cut(c.name(), FIELD_VALUE_MAX)};
    }
    if (fact instanceof Fact.Level l) {
      return new String[] {"Difficulty", l.difficulty().label()};
    }
    if (fact instanceof Fact.Deadline d) {
      return new String[] {"Time left", "⏱ ends " + TimeFormat.RELATIVE.atInstant(d.at())};
    }
    if (fact instanceof Fact.TimeAllowed t) {
      return new String[] {"Time per question", t.shown()};
    }
    if (fact instanceof Fact.AttemptsLeft a) {
      return new String[] {"Attempts left", String.valueOf(a.attempts())};
    }
    if (fact instanceof Fact.Score s) {
      return new String[] {"Score", s.points() + " pts"};
    }
    if (fact instanceof Fact.TotalTime t) {
      return new String[] {"Time", ClockText.of(t.time())};
    }
    if (fact instanceof Fact.QuestionCount q) {
      return new String[] {"Questions", String.valueOf(q.count())};
    }
    return null;
  }

  /** Choices on rows of their own, other actions after; at most 5 rows of 5, ids unique. */
  static List<ActionRow> rows(List<Action> actions, String ownerId) {
    List<Button> choices = new ArrayList<>();
    List<Button> others = new ArrayList<>();
    Map<String, Integer> copies = new HashMap<>();
    char letter = 'A';
    for (Action action : actions) {
      int copy = copies.merge(action.id(), 1, Integer::sum) - 1;
      String id = CustomIds.encode(ownerId, action.id(), copy); // unique even when an action repeats
      if (action.kind() == Action.Kind.CHOICE) {
        choices.add(Button.secondary(id, cut(letter++ + ") " + action.label(), BUTTON_LABEL_MAX)));
      } else {
        others.add(button(action, id));
      }
    }
    List<ActionRow> rows = new ArrayList<>();
    addRows(rows, choices);
    addRows(rows, others);
    return rows;
  }

  private static void addRows(List<ActionRow> rows, List<Button> buttons) {
    for (int i = 0; i < buttons.size() && rows.size() < ROWS_MAX; i += BUTTONS_PER_ROW) {
      rows.add(ActionRow.of(buttons.subList(i, Math.min(buttons.size(), i + BUTTONS_PER_ROW))));
    }
  }

  private static Button button(Action action, String id) {
    String label = cut(action.label(), BUTTON_LABEL_MAX);
    switch (action.kind()) {
      case START:
      case RESUME:
        return Button.success(id, label);
      case RESTART:
      case ABANDON:
        return Button.danger(id, label);
      case TYPED_ANSWER:
      case NEXT:
        return Button.primary(id, label);
      default:
        return Button.secondary(id, label);
    }
  }

  private static Color color(View.Screen screen) {
    switch (screen) {
      case FEEDBACK:
      case SUMMARY:
        return new Color(0x2ECC71);
      case TIMES_UP:
        return new Color(0xE67E22);
      case LEADERBOARD:
      case PROFILE:
        return new Color(0xF1C40F);
      default:
        return new Color(0x5865F2);
    }
  }

  /**
   * {@code prefix}, as many of {@code names} (in order) as fit {@code max} characters, then how many more ("and 3
   * more channels", of {@code noun}), then {@code suffix}: a list that cannot pass a message's limit.
   */
  static String namesWithin(String prefix, List<String> names, String noun, String suffix, int max) {
    StringBuilder text = new StringBuilder(prefix);
    for (int i = 0; i < names.size(); i++) {
      int left = names.size() - i;
      String more = " and " + left + " more " + noun + (left == 1 ? "" : "s") + suffix;
      String next = (i == 0 ? "" : ", ") + names.get(i);
      boolean last = i == names.size() - 1;
      if (text.length() + next.length() + (last ? suffix.length() : more.length()) > max) {
        return text + more;
      }
      text.append(next);
    }
    return text + suffix;
  }

  /** At most {@code max} characters, ending in an ellipsis when cut, never splitting a surrogate pair. */
  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max - CUT.length();
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, Math.max(0, end)) + CUT;
  }
}
