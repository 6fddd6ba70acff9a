package cn.township.workflow.security;

import cn.township.workflow.system.RefusedModelException;
import org.camunda.bpm.engine.delegate.Expression;
import org.camunda.bpm.engine.impl.scripting.ExecutableScript;
import org.camunda.bpm.engine.impl.scripting.ScriptFactory;

/**
 * The engine's script factory, refusing every script: a script task, a script listener or input/output, a condition in
 * a script language, a script from a deployed resource. None of our models has one, and {@link NoCodeInModels} refuses
 * them by element; this refuses them wherever a model hides one, when the engine builds it (while it parses the model).
 */
final class NoScripts extends ScriptFactory {

  static final String REFUSAL = "本系统不允许模型中含有脚本（脚本任务、脚本监听器、输入输出脚本或脚本条件）：请改用本系统的办理步骤（delegateExpression）。";

  @Override
  public ExecutableScript createScriptFromResource(String language, String resource) {
    throw new RefusedModelException(REFUSAL);
  }

  @Override
  public ExecutableScript createScriptFromResource(String language, Expression resourceExpression) {
    throw new RefusedModelException(REFUSAL);
  }

  @Override
  public ExecutableScript createScriptFromSource(String language, String source) {
    throw new RefusedModelException(REFUSAL);
  }

  @Override
  public ExecutableScript createScriptFromSource(String language, Expression sourceExpression) {
    throw new RefusedModelException(REFUSAL);
  }
}
