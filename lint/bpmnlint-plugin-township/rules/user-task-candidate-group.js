const { is } = require('bpmnlint-utils');
const attr = require('./attr');

// Work goes to a role (candidate group), never to a person written into the model.
module.exports = function() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) {
      return;
    }
    if (attr(node, 'assignee')) {
      reporter.report(node.id, 'user task names an assignee — remove it and give the task a candidate group (a role)');
    }
    const groups = attr(node, 'candidateGroups');
    const users = attr(node, 'candidateUsers');
    // candidate users are allowed only when the case chooses them (an expression), such as invited experts
    const chosenByTheCase = users && /^\s*\$\{.+\}\s*$/.test(users);
    if (!groups && !chosenByTheCase) {
      reporter.report(node.id, 'user task has no candidate group — set "Assignment → Candidate groups" '
        + 'to the role that does this step (for example window-clerk)');
    }
  }
  return { check };
};
