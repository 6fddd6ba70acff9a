package cn.township.workflow.security;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * Log lines never carry an ID number or mobile number whole (logback-spring.xml puts these in place of {@code %m}
 * and {@code %wEx}): whatever logs a request, an engine failure or a refused input, {@link PersonalData} masks it.
 */
public class MaskedLogMessage extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return PersonalData.mask(super.convert(event));
  }

  /** The stack trace of a logged exception, whose messages may quote what was entered. */
  public static class Throwable extends ExtendedWhitespaceThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(ch.qos.logback.classic.spi.IThrowableProxy proxy) {
      return PersonalData.mask(super.throwableProxyToString(proxy));
    }
  }
}
