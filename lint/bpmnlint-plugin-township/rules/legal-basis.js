const { is } = require('bpmnlint-utils');

// Every timer, and every statutory step listed in docs/lawfulness.md, cites its legal basis in the
// documentation field: a law in 《》, or a policy document number such as 国办发〔2019〕51号.
const CITATION = /《[^》]+》|[\u4e00-\u9fa5]+发〔\d{4}〕\d+号/;

function statutoryIds() {
  try {
    const fs = require('fs');
    const path = require('path');
    const table = path.resolve(process.env.TOWNSHIP_LAWFULNESS || 'docs/lawfulness.md');
    if (!fs.existsSync(table)) {
      return new Set();
    }
    const ids = new Set();
    for (const line of fs.readFileSync(table, 'utf8').split('\n')) {
      const cells = line.split('|');
      if (cells.length > 4) {
        for (const m of cells[3].matchAll(/`([A-Za-z]+_[A-Za-z0-9]+)`/g)) {
          ids.add(m[1]);
        }
      }
    }
    return ids;
  } catch (e) {
    return new Set(); // inside Camunda Modeler: timers only
  }
}

function documentation(node) {
  return (node.documentation || []).map(d => d.text || '').join('\n');
}

module.exports = function() {
  const statutory = statutoryIds();
  function check(node, reporter) {
    const timer = is(node, 'bpmn:Event')
      && (node.eventDefinitions || []).some(d => is(d, 'bpmn:TimerEventDefinition'));
    if (!timer && !(is(node, 'bpmn:FlowNode') && statutory.has(node.id))) {
      return;
    }
    if (!CITATION.test(documentation(node))) {
      reporter.report(node.id, (timer ? 'timer' : 'statutory step') + ' has no legal basis — write the law and '
        + 'article (for example 《行政许可法》第三十二条) in its Documentation field');
    }
  }
  return { check };
};
