package cn.township.workflow.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import cn.township.workflow.system.RejectedInputException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Asserts that an action was refused with our input error, however the engine wrapped it. */
public final class Rejections {

  private Rejections() {}

  public static RejectedInputException assertRejected(ThrowingCallable action, String messagePart) {
    Throwable thrown = catchThrowable(action);
    assertThat(thrown).as("the action should have been refused").isNotNull();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof RejectedInputException rejected) {
        assertThat(rejected.getMessage()).contains(messagePart);
        return rejected;
      }
    }
    throw new AssertionError("expected a RejectedInputException in the causes of " + thrown, thrown);
  }
}
