package org.warmupbot.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.warmupbot.slack.testing.FakeSlackApi;

final class SlackLoadTest {
  /** A stack that started but whose port cannot be had, so the driver fails after starting it. */
  private static class BrokenStack implements StackHandle {
    int closes;

    @Override
    public int port() {
      throw new IllegalStateException("no port");
    }

    @Override
    public String stats() {
      return "";
    }

    @Override
    public void close() {
      closes++;
    }
  }

  @Test
  void ackOnly_failingAfterItsStackStarted_closesTheStack() {
    BrokenStack stack = new BrokenStack();

    assertThatThrownBy(() -> new SlackLoad.AckOnly(new ObjectMapper().createObjectNode(), 1000, spec -> stack, 0))
        .isInstanceOf(IllegalStateException.class).hasMessage("no port");
    assertThat(stack.closes).isOne();
  }

  @Test
  void closeAfterFailure_closesTheFakeEvenWhenTheStackThrows_keepingThatAsSuppressed() {
    RuntimeException failure = new IllegalStateException("start failed");
    FakeSlackApi api = FakeSlackApi.start(SlackLoad.BOT_TOKEN, SlackLoad.TEAM, Clock.systemUTC());
    StackHandle throwing = new BrokenStack() {
      @Override
      public void close() {
        throw new IllegalStateException("close failed");
      }
    };

    int fakesPort = URI.create(api.methodsUrl()).getPort();

    SlackLoad.closeAfterFailure(failure, throwing, api);

    assertThat(failure.getSuppressed()).extracting(Throwable::getMessage).containsExactly("close failed");
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), fakesPort).close())
        .as("the fake stopped listening").isInstanceOf(ConnectException.class);
  }
}
