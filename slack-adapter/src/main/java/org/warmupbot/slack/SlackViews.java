package org.warmupbot.slack;

import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.DispatchActionConfig;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.warmupbot.core.view.Action;
import org.warmupbot.core.view.Block;
import org.warmupbot.core.view.ClockText;
import org.warmupbot.core.view.Fact;
import org.warmupbot.core.view.View;

/**
 * Turns the engine's platform-neutral {@link View}s into Block Kit: modals, App Home sections and messages.
 * Every output stays within Slack's limits by construction (block counts, text lengths, button sizes), for any
 * pack the validator accepts; long text is split over several sections, never cut. Stateless and thread-safe.
 */
final class SlackViews {

  /** callback_id of the challenge modal; its view submissions carry typed answers. */
  static final String MODAL_CALLBACK = "warmup_modal";
  /** block_id of the input that collects a typed answer. */
  static final String ANSWER_BLOCK = "answer";

  static final int MODAL_BLOCKS = 100;
  static final int HOME_BLOCKS = 100;
  static final int MESSAGE_BLOCKS = 50;

  private static final int TITLE_MAX = 24;
  private static final int BUTTON_TEXT_MAX = 75;
  private static final int BUTTONS_PER_BLOCK = 25;
  private static final DateTimeFormatter FALLBACK_TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** The challenge modal for a view; {@code privateMetadata} rides along unchanged on every later payload. */
  com.slack.api.model.view.View modal(View view, String privateMetadata) {
    boolean typed = !view.actions(Action.Kind.TYPED_ANSWER).isEmpty();
    com.slack.api.model.view.View.ViewBuilder modal = com.slack.api.model.view.View.builder()
        .type("modal")
        .callbackId(MODAL_CALLBACK)
        .title(ViewTitle.builder().type("plain_text").text(modalTitle(view)).build())
        .close(ViewClose.builder().type("plain_text").text(typed ? "Later" : "Close").build())
        .privateMetadata(privateMetadata)
        .blocks(blocks(view, MODAL_BLOCKS, true));
    if (typed) {
      modal.submit(ViewSubmit.builder().type("plain_text").text("Submit answer").build());
    }
    return modal.build();
  }

  /**
   * A modal that only says something (a refusal, an error) and offers nothing to press. {@code mrkdwn} is the
   * adapter's own text, never pack text, so its channel links stay links (a view's body is escaped).
   */
  com.slack.api.model.view.View notice(String title, String mrkdwn, String privateMetadata) {
    return com.slack.api.model.view.View.builder()
        .type("modal")
        .callbackId(MODAL_CALLBACK)
        .title(ViewTitle.builder().type("plain_text").text(SlackText.clip(title, TITLE_MAX)).build())
        .close(ViewClose.builder().type("plain_text").text("Close").build())
        .privateMetadata(privateMetadata)
        .blocks(List.of(section(SlackText.clip(mrkdwn, SlackText.SECTION_MAX))))
        .build();
  }

  /** The App Home tab, from sections already rendered with {@link #blocks}, cut to Slack's 100 blocks. */
  com.slack.api.model.view.View home(List<LayoutBlock> blocks) {
    return com.slack.api.model.view.View.builder()
        .type("home")
        .callbackId("warmup_home")
        .blocks(fit(blocks, HOME_BLOCKS))
        .build();
  }

  /**
   * Blocks for a view within {@code budget} blocks. Facts and actions are kept whole (the member must be able
   * to answer); the body gets what is left and ends with a "more not shown" line when it would not fit.
   * {@code interactive} false drops inputs, which messages cannot hold.
   */
  List<LayoutBlock> blocks(View view, int budget, boolean interactive) {
    List<LayoutBlock> tail = new ArrayList<>();
    facts(view.facts()).ifPresent(tail::add);
    tail.addAll(actions(view.actions(), interactive));
    List<LayoutBlock> head = new ArrayList<>();
    head.add(section("*" + SlackText.escape(SlackText.clip(view.title(), 500)) + "*"));
    head.addAll(body(view.body()));
    int room = budget - tail.size();
    List<LayoutBlock> out = new ArrayList<>(fit(head, room));
    out.addAll(tail);
    return out;
  }

  /** Message blocks (chat.postMessage, a response_url): no inputs, at most 50. */
  List<LayoutBlock> message(View view) {
    return blocks(view, MESSAGE_BLOCKS, false);
  }

  static String modalTitle(View view) {
    String title = switch (view.screen()) {
      case QUESTION, FEEDBACK -> view.fact(Fact.Progress.class)
          .map(p -> "Question " + p.number() + " of " + p.total())
          .orElse("Warmup challenge");
      case TIMES_UP -> "Time's up";
      case SUMMARY -> "Your results";
      case LEADERBOARD -> "Leaderboard";
      case PROFILE -> "Your warmups";
      case MESSAGE -> view.title();
      default -> "Warmup challenge";
    };
    return SlackText.clip(title, TITLE_MAX);
  }

  private List<LayoutBlock> body(List<Block> body) {
    List<LayoutBlock> out = new ArrayList<>();
    StringBuilder lines = new StringBuilder();
    for (Block block : body) {
      if (block instanceof Block.ResultLine line) {
        appendLine(lines, out, (line.correct() ? ":white_check_mark: " : ":x: ") + line.number() + ". "
            + SlackText.escape(SlackText.clip(line.title(), 200)) + " — " + line.points() + " pts");
        continue;
      }
      if (block instanceof Block.RankLine line) {
        String text = "*" + line.rank() + ".* <@" + line.userId() + "> — " + line.score() + " pts · "
            + ClockText.of(line.totalTime());
        appendLine(lines, out, line.viewer() ? text + "  ← *you*" : text);
        continue;
      }
      flush(lines, out);
      if (block instanceof Block.Text text) {
        for (String piece : SlackText.split(SlackText.escape(text.text()), SlackText.SECTION_MAX)) {
          if (!piece.isBlank()) {
            out.add(section(piece));
          }
        }
      } else if (block instanceof Block.CodeListing code) {
        // Each piece is its own code block so every section stays valid mrkdwn on its own.
        String source = SlackText.escape(code.source().replace("```", "ˋˋˋ"));
        for (String piece : SlackText.split(source, SlackText.SECTION_MAX - 8)) {
          out.add(section("```\n" + piece + "\n```"));
        }
      }
    }
    flush(lines, out);
    return out;
  }

  private static void appendLine(StringBuilder lines, List<LayoutBlock> out, String line) {
    if (lines.length() + line.length() + 1 > SlackText.SECTION_MAX) {
      flush(lines, out);
    }
    if (lines.length() > 0) {
      lines.append('\n');
    }
    lines.append(SlackText.clip(line, SlackText.SECTION_MAX));
  }

  private static void flush(StringBuilder lines, List<LayoutBlock> out) {
    if (lines.length() > 0) {
      out.add(section(lines.toString()));
      lines.setLength(0);
    }
  }

  private static java.util.Optional<LayoutBlock> facts(List<Fact> facts) {
    List<TextObject> fields = new ArrayList<>();
    for (Fact fact : facts) {
      if (fields.size() == 10) {
        break; // Slack's limit per section; the engine sends far fewer
      }
      fields.add(markdownText(SlackText.clip(factText(fact), 1900)));
    }
    if (fields.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(SectionBlock.builder().fields(fields).build());
  }

  static String factText(Fact fact) {
    if (fact instanceof Fact.Progress p) {
      return "*Question*\n" + p.number() + " of " + p.total();
    } else if (fact instanceof Fact.Category c) {
      return "*Category*\n" + SlackText.escape(SlackText.clip(c.name(), 300));
    } else if (fact instanceof Fact.Level l) {
      return "*Difficulty*\n" + l.difficulty().label();
    } else if (fact instanceof Fact.Deadline d) {
      long epoch = d.at().getEpochSecond();
      // Slack shows the time in each reader's own time zone; the fallback is for clients that cannot.
      return "*Answer by*\n<!date^" + epoch + "^{time_secs}|" + FALLBACK_TIME.format(d.at()) + ">";
    } else if (fact instanceof Fact.TimeAllowed t) {
      return "*Time per question*\n" + t.shown();
    } else if (fact instanceof Fact.AttemptsLeft a) {
      return "*Attempts left*\n" + a.attempts();
    } else if (fact instanceof Fact.Score s) {
      return "*Score*\n" + s.points() + " pts";
    } else if (fact instanceof Fact.TotalTime t) {
      return "*Total time*\n" + ClockText.of(t.time());
    } else if (fact instanceof Fact.QuestionCount q) {
      return "*Questions*\n" + q.count();
    }
    return fact.toString();
  }

  /** {@code m:ss}, or {@code h:mm:ss} past an hour. */
  private static List<LayoutBlock> actions(List<Action> actions, boolean interactive) {
    List<LayoutBlock> out = new ArrayList<>();
    List<BlockElement> buttons = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Action action : actions) {
      if (!ids.add(action.id())) {
        continue; // two buttons to one place (a board's Next and My page): Slack refuses repeated action ids
      }
      if (action.kind() == Action.Kind.TYPED_ANSWER) {
        if (interactive) {
          out.add(answerInput(action));
        }
        continue;
      }
      if (buttons.size() == BUTTONS_PER_BLOCK) {
        out.add(ActionsBlock.builder().elements(buttons).build());
        buttons = new ArrayList<>();
      }
      buttons.add(button(action));
    }
    if (!buttons.isEmpty()) {
      // No block_id: Slack makes one, and App Home shows several boards whose ids must not repeat.
      out.add(ActionsBlock.builder().elements(buttons).build());
    }
    return out;
  }

  static ButtonElement button(Action action) {
    ButtonElement.ButtonElementBuilder button = ButtonElement.builder()
        .actionId(action.id())
        .value(action.id())
        .text(plainText(SlackText.clip(action.label(), BUTTON_TEXT_MAX)));
    if (action.kind() == Action.Kind.START || action.kind() == Action.Kind.RESUME) {
      button.style("primary");
    } else if (action.kind() == Action.Kind.ABANDON) {
      button.style("danger");
    }
    return button.build();
  }

  private static InputBlock answerInput(Action action) {
    PlainTextInputElement input = PlainTextInputElement.builder()
        .actionId(action.id())
        .placeholder(plainText(SlackText.clip(action.label(), 150)))
        .maxLength(100)
        .dispatchActionConfig(DispatchActionConfig.builder().triggerActionsOn(List.of("on_enter_pressed")).build())
        .build();
    return InputBlock.builder()
        .blockId(ANSWER_BLOCK)
        .label(plainText("Your answer"))
        .hint(plainText("Type a number and press Enter, or use Submit answer."))
        .dispatchAction(true)
        .element(input)
        .build();
  }

  static SectionBlock section(String mrkdwn) {
    return SectionBlock.builder().text(markdownText(mrkdwn)).build();
  }

  static DividerBlock divider() {
    return DividerBlock.builder().build();
  }

  static ContextBlock context(String mrkdwn) {
    return ContextBlock.builder().elements(List.of(markdownText(SlackText.clip(mrkdwn, 2900)))).build();
  }

  /** Cuts a block list to {@code budget}, ending with a note when something was left out. */
  static List<LayoutBlock> fit(List<LayoutBlock> blocks, int budget) {
    if (blocks.size() <= budget) {
      return blocks;
    }
    List<LayoutBlock> out = new ArrayList<>(blocks.subList(0, Math.max(0, budget - 1)));
    if (budget > 0) {
      out.add(context("…more than Slack can show here; the rest is left out."));
    }
    return out;
  }
}
