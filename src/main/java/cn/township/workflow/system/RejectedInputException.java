package cn.township.workflow.system;

/**
 * The one error type for input the office refuses: unknown matter, malformed ID number, missing field.
 * The message is Chinese and addressed to the clerk or the calling system; nothing has been created.
 */
public class RejectedInputException extends RuntimeException {

  private final String field;

  public RejectedInputException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The variable or request field that was refused, or null where the whole request was. */
  public String field() {
    return field;
  }
}
