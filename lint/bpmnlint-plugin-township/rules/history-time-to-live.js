const { is } = require('bpmnlint-utils');
const attr = require('./attr');

// Every process says how long its history is kept, so history cleanup can remove it.
module.exports = function() {
  function check(node, reporter) {
    if (is(node, 'bpmn:Process') && !attr(node, 'historyTimeToLive')) {
      reporter.report(node.id, 'process has no camunda:historyTimeToLive — set "History cleanup → Time to live" '
        + '(for example 3650 days for case files) in the process properties');
    }
  }
  return { check };
};
