const { is } = require('bpmnlint-utils');
const attr = require('./attr');

// Every user task and start event with a form refers to a Camunda Form kept in forms/ (by its id).
function formIds() {
  let fs;
  let path;
  try {
    fs = require('fs');
    path = require('path');
  } catch (e) {
    return null; // inside Camunda Modeler there is no file system: only the reference itself is checked
  }
  const dir = path.resolve(process.env.TOWNSHIP_FORMS_DIR || 'forms');
  if (!fs.existsSync || !fs.existsSync(dir)) {
    return null;
  }
  const ids = new Set();
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.form'))) {
    try {
      ids.add(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).id);
    } catch (e) {
      // a form that does not parse is reported by the build's form check, with its file name
    }
  }
  return ids;
}

module.exports = function() {
  const known = formIds();
  function check(node, reporter) {
    if (!is(node, 'bpmn:UserTask')) {
      return;
    }
    const formRef = attr(node, 'formRef');
    if (!formRef) {
      reporter.report(node.id, 'user task has no camunda:formRef — choose "Form → Camunda Forms (linked)" '
        + 'and enter the id of a form in forms/');
    } else if (known && !known.has(formRef)) {
      reporter.report(node.id, 'camunda:formRef "' + formRef + '" is not the id of any form in forms/ — '
        + 'create forms/' + formRef + '.form or correct the reference');
    }
  }
  return { check };
};
