const { is } = require('bpmnlint-utils');

// No code inside models: a script would run with the engine's rights on data users typed in.
function scriptsIn(value, seen = new Set()) {
  if (!value || typeof value !== 'object' || seen.has(value)) {
    return false;
  }
  seen.add(value);
  if (/^camunda:script$/i.test(value.$type || '')) { // generic (no camunda moddle) or typed
    return true;
  }
  if (value.$type === 'bpmn:FormalExpression' && value.language) {
    return true;
  }
  return Object.keys(value).filter(k => !k.startsWith('$') || k === '$children')
    .some(k => [].concat(value[k]).some(v => scriptsIn(v, seen)));
}

module.exports = function() {
  function check(node, reporter) {
    if (is(node, 'bpmn:ScriptTask')) {
      reporter.report(node.id, 'script task — replace it by a service task with '
        + 'camunda:delegateExpression="${aSpringBean}" (a thin delegate reviewed with the code)');
      return;
    }
    const own = ['extensionElements', 'conditionExpression'].some(k => scriptsIn(node[k]));
    if (own) {
      reporter.report(node.id, 'inline script (script listener, script input/output or script condition) — '
        + 'use a delegate expression or a plain ${...} condition on process variables');
    }
  }
  return { check };
};
