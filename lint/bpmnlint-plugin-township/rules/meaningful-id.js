// Tests, metrics and the lawfulness table refer to element ids, so they must say what the element is.
const GENERATED = /^(Activity|Gateway|Event|Flow|StartEvent|EndEvent|Task|Process|SubProcess|DataObject|Participant|Lane|Collaboration|TextAnnotation|Association|Definitions|Message|Error|Signal|Escalation)_[0-9a-z]{7}$|^sid-|^[a-z]+_[0-9a-f-]{36}$/;

module.exports = function() {
  function check(node, reporter) {
    const id = node.id;
    if (id && GENERATED.test(id)) {
      const type = node.$type.replace('bpmn:', '');
      reporter.report(id, 'generated id "' + id + '" — give this ' + type + ' a meaningful id such as '
        + 'Task_PreExamine, Timer_TimeLimitWarning or Gateway_MaterialsComplete');
    }
  }
  return { check };
};
