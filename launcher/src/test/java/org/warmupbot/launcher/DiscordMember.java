package org.warmupbot.launcher;

import org.warmupbot.core.pack.Answer;
import org.warmupbot.core.pack.ChallengePack;
import org.warmupbot.core.pack.Question;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.FakeGuild;
import org.warmupbot.discord.fake.Interaction;
import org.warmupbot.discord.fake.Message;

/** A member of a fake Discord guild pressing through a challenge, as the launcher's end-to-end tests need. */
record DiscordMember(FakeDiscord fake, FakeGuild guild, long userId) {

  /** Runs {@code /warmup} and presses Start; returns the first question as shown. */
  Message start() {
    // Connected is not registered: the bot registers its commands once the shard is ready.
    fake.await("the commands registered", () -> !fake.registeredCommands().isEmpty(), Boolean::booleanValue);
    Message intro = fake.awaitShown(fake.slash(guild.id(), guild.channelId(), userId, "warmup"));
    return fake.awaitShown(fake.pressLabel(userId, intro, "Start"));
  }

  /** Answers every question of {@code pack} right, ending on the summary as shown. */
  Message perfectRun(ChallengePack pack) {
    Message shown = start();
    for (int i = 0; i < pack.size(); i++) {
      Question question = pack.question(i);
      if (question.answer() instanceof Answer.Numeric) {
        Interaction typed = fake.pressLabel(userId, shown, "Type your answer");
        fake.await("the answer form", typed::modal, form -> true);
        shown = fake.awaitShown(fake.submitModal(userId, typed, question.rightAnswerText()));
      } else {
        shown = fake.awaitShown(fake.pressLabel(userId, shown, question.rightAnswerText()));
      }
      if (i < pack.size() - 1) {
        shown = fake.awaitShown(fake.pressLabel(userId, shown, "Next question"));
      }
    }
    return shown;
  }
}
