const { is } = require('bpmnlint-utils');
const attr = require('./attr');

// A call activity passes only what the called model reads and returns only what it produces: `variables="all"`
// copies every case variable into the called instance (and back), and history records every copy.
function mappings(node) {
  const values = (node.extensionElements && node.extensionElements.values) || [];
  return values.filter(v => /^camunda:(in|out)$/i.test(v.$type || ''));
}

module.exports = function() {
  function check(node, reporter) {
    if (!is(node, 'bpmn:CallActivity')) {
      return;
    }
    for (const mapping of mappings(node)) {
      if (attr(mapping, 'variables') === 'all' || mapping.variables === 'all') {
        const direction = /out$/i.test(mapping.$type) ? 'out' : 'in';
        reporter.report(node.id, 'camunda:' + direction + ' variables="all" — list the variables the called model '
          + (direction === 'in' ? 'reads' : 'produces') + ' one by one (camunda:' + direction
          + ' source="…" target="…")');
      }
    }
  }
  return { check };
};
