package cn.township.workflow.system;

import org.camunda.bpm.engine.BadUserRequestException;

/** A model or decision table refused at deployment because it could run code; the message says where and why. */
public class RefusedModelException extends BadUserRequestException {

  public RefusedModelException(String message) {
    super(message);
  }
}
