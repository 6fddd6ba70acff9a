// 办件信息: a tab of Cockpit's process instance view (the view a 督查看板 link opens) that says which case this is:
// the receipt number (business key), the matter in Chinese and the township, not only the instance id.
// Data: Cockpit's own engine REST API with the Cockpit login (read rights on the instance are enough).

const appRoot = document.querySelector('base').getAttribute('app-root'); // e.g. "/camunda"

function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

function engine() {
  const match = window.location.pathname.match(/\/app\/cockpit\/([^/]+)/);
  return match ? match[1] : 'default';
}

async function get(path) {
  const response = await fetch(`${appRoot}/api/engine/engine/${engine()}${path}`,
    {credentials: 'same-origin', headers: {Accept: 'application/json'}});
  return response.ok ? response.json() : null;
}

// the subject of a case, as the case file names it: matter (window procedures), violation (enforcement), subject
const SUBJECTS = ['matterName', 'violationName', 'subject'];

async function render(node, processInstanceId) {
  const instance = await get(`/process-instance/${encodeURIComponent(processInstanceId)}`);
  if (!instance) {
    node.innerHTML = '<p>无法读取本流程实例。</p>';
    return;
  }
  let variables = await get(`/process-instance/${encodeURIComponent(processInstanceId)}/variables?deserializeValues=false`) || {};
  if (!SUBJECTS.some(name => variables[name] && variables[name].value)) {
    // a called procedure that keeps no copy of the matter (the rating while it waits): the calling case says it
    const callers = await get(`/process-instance?subProcessInstance=${encodeURIComponent(processInstanceId)}`) || [];
    if (callers.length === 1) {
      variables = await get(`/process-instance/${encodeURIComponent(callers[0].id)}/variables?deserializeValues=false`) || {};
    }
  }
  const subject = SUBJECTS.map(name => variables[name] && variables[name].value).find(Boolean);
  const matterCode = variables.matterCode && variables.matterCode.value;
  const rows = [
    ['受理编号', instance.businessKey || '（无，子流程请看上级流程）', 'caseNo'],
    ['事项', subject ? subject + (matterCode ? `（${matterCode}）` : '') : '—', 'matter'],
    ['乡镇', instance.tenantId || '—', 'township'],
    ['流程实例', instance.id, 'instance']
  ];
  node.innerHTML = `<table class="cam-table" id="township-case">${rows.map(([label, value, id]) =>
    `<tr><th style="width:120px">${esc(label)}</th><td data-field="${id}">${esc(value)}</td></tr>`).join('')}</table>`;
}

export default {
  id: 'township-case-info',
  pluginPoint: 'cockpit.processInstance.runtime.tab',
  label: '办件信息',
  priority: 100,
  render: (node, {processInstanceId}) => {
    render(node, processInstanceId).catch(error => {
      node.innerHTML = `<p>办件信息加载失败：${esc(error.message)}</p>`;
    });
  }
};
