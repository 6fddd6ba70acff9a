package cn.township.workflow.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean whose public methods a model may call in an expression, such as
 * {@code ${deadlines.workingDaysFromNow(5)}}. No other bean's methods can be called from a model
 * ({@link ModelExpressions}); delegates and listeners are referenced by name only.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ModelFunctions {
}
