// 督查看板: the township supervision figures on Cockpit's dashboard (plugin point cockpit.dashboard).
// Data: GET /api/metrics/dashboard with the Cockpit login; the server decides which townships the user sees.
// Users who are not supervisors or administrators get 403 there, and the plugin then shows nothing.

const appRoot = document.querySelector('base').getAttribute('app-root'); // e.g. "/camunda"
const apiRoot = appRoot.substring(0, appRoot.lastIndexOf('/')) + '/api/metrics';

const PROCEDURES = [
  ['', '全部程序'],
  ['delegated-review', '下放事项审核办理'],
  ['forward-to-county', '乡镇预审县级转报'],
  ['joint-enforcement', '综合行政执法办案'],
  ['major-decision', '重大行政决策']
];
const LEVELS = {county: '县级', city: '市级'};

function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c]));
}

function percent(rate) {
  return rate === null || rate === undefined ? '—' : (rate * 100).toFixed(1) + '%';
}

function days(value) {
  return value === null || value === undefined ? '—' : value;
}

function date(iso) {
  return iso ? new Date(iso).toLocaleDateString('zh-CN') : '—';
}

function instanceLink(row) {
  const instance = `<a href="#/process-instance/${encodeURIComponent(row.processInstanceId)}/runtime" class="tw-case">${esc(row.caseNo || row.processInstanceId)}</a>`;
  // the 案卷 (issue 18): one PDF of the case's documents and record, same session and township rules as the API
  return row.caseNo
    ? `${instance} <a href="/api/cases/${encodeURIComponent(row.caseNo)}/case-file" class="tw-case-file" target="_blank" rel="noopener" title="下载案卷 PDF">案卷</a>`
    : instance;
}

function tile(label, value, id, warn) {
  return `<div class="tw-tile${warn ? ' tw-warn' : ''}" data-figure="${id}"><div class="tw-value">${esc(value)}</div><div class="tw-label">${esc(label)}</div></div>`;
}

function bars(rows) {
  const max = Math.max(1, ...rows.map(r => r.value));
  return `<div class="tw-bars">${rows.map(r => `
    <div class="tw-bar-row"><span class="tw-bar-label">${esc(r.label)}</span>
      <span class="tw-bar"><span style="width:${(100 * r.value / max).toFixed(1)}%"></span></span>
      <span class="tw-bar-value">${esc(r.text ?? r.value)}</span></div>`).join('')}</div>`;
}

function table(id, headers, rows, empty) {
  if (!rows.length) {
    return `<p class="tw-empty" data-table="${id}">${esc(empty)}</p>`;
  }
  return `<table class="table table-condensed tw-table" data-table="${id}"><thead><tr>${headers.map(h => `<th>${esc(h)}</th>`).join('')}</tr></thead>
    <tbody>${rows.map(cells => `<tr>${cells.map(c => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function holders(row) {
  return esc((row.openSteps || []).map(s => `${s.stepName}（${s.holder}）`).join('；'));
}

// Charts: SVG drawn here (no library, no CDN). Every mark has its numbers as a hover (<title>) and every chart a
// table of its numbers one click away.
const SERIES = [['accepted', '受理', '#1f5f99'], ['completed', '办结', '#2e8b57'], ['overdue', '超期', '#b5152b']];
const BINS = [[0, 1], [2, 3], [4, 5], [6, 10], [11, 20], [21, Infinity]];
const BIN_COLORS = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c', '#08306b'];

function numbers(id, headers, rows) {
  return `<details class="tw-numbers"><summary>查看数字</summary>${table(id, headers, rows, '没有数据。')}</details>`;
}

function weekLabel(iso) {
  const [, m, d] = iso.split('-');
  return `${Number(m)}/${Number(d)}`;
}

function weeklyChart(weeks) {
  const w = 720, h = 220, left = 36, right = 12, top = 12, bottom = 36;
  const max = Math.max(1, ...weeks.flatMap(k => SERIES.map(([s]) => k[s])));
  const x = i => left + (weeks.length < 2 ? (w - left - right) / 2 : i * (w - left - right) / (weeks.length - 1));
  const y = v => top + (h - top - bottom) * (1 - v / max);
  const step = Math.max(1, Math.ceil(weeks.length / 12));
  const ticks = [0, Math.round(max / 2), max];
  const svg = `<svg class="tw-chart" data-chart="weekly" viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px" role="img" aria-label="每周受理、办结、超期">
    ${ticks.map(t => `<line x1="${left}" x2="${w - right}" y1="${y(t)}" y2="${y(t)}" stroke="#e5e5e5"/><text x="${left - 6}" y="${y(t) + 4}" text-anchor="end" font-size="10">${t}</text>`).join('')}
    ${weeks.map((k, i) => i % step ? '' : `<text x="${x(i)}" y="${h - bottom + 14}" text-anchor="middle" font-size="10">${weekLabel(k.week)}</text>`).join('')}
    ${SERIES.map(([s, label, color]) => `<polyline fill="none" stroke="${color}" stroke-width="2" points="${weeks.map((k, i) => `${x(i)},${y(k[s])}`).join(' ')}"/>
      ${weeks.map((k, i) => `<circle cx="${x(i)}" cy="${y(k[s])}" r="3.5" fill="${color}" data-series="${s}" data-week="${k.week}" data-value="${k[s]}"><title>${weekLabel(k.week)} 起一周 ${label}：${k[s]} 件</title></circle>`).join('')}`).join('')}
    ${SERIES.map(([, label, color], i) => `<rect x="${left + i * 70}" y="${h - 14}" width="10" height="10" fill="${color}"/><text x="${left + 14 + i * 70}" y="${h - 5}" font-size="11">${label}</text>`).join('')}
  </svg>`;
  return svg + numbers('weekly', ['周（起）', '受理', '办结', '超期'], weeks.map(k => [esc(k.week), k.accepted, k.completed, k.overdue]));
}

function townshipChart(townships) {
  const w = 720, rowH = 44, left = 90, right = 120, h = townships.length * rowH + 30;
  const x = v => left + (w - left - right) * v;
  const bars = [['onTimeRate', '按时办结率', '#1f5f99'], ['goodRate', '好评率', '#2e8b57']];
  const svg = `<svg class="tw-chart" data-chart="townships" viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px" role="img" aria-label="各乡镇按时办结率与好评率">
    ${[0, 0.5, 1].map(t => `<line x1="${x(t)}" x2="${x(t)}" y1="0" y2="${h - 24}" stroke="#e5e5e5"/><text x="${x(t)}" y="${h - 12}" text-anchor="middle" font-size="10">${t * 100}%</text>`).join('')}
    ${townships.map((t, i) => `<text x="${left - 6}" y="${i * rowH + 24}" text-anchor="end" font-size="12">${esc(t.townshipName)}</text>
      ${bars.map(([s, label, color], j) => t[s] === null || t[s] === undefined
        ? `<text x="${left + 4}" y="${i * rowH + 14 + j * 16}" font-size="10" fill="#777" data-township="${esc(t.township)}" data-series="${s}" data-value="">${label}：无数据</text>`
        : `<rect x="${left}" y="${i * rowH + 5 + j * 16}" width="${Math.max(1, x(t[s]) - left)}" height="13" fill="${color}" data-township="${esc(t.township)}" data-series="${s}" data-value="${t[s]}"><title>${esc(t.townshipName)} ${label}：${percent(t[s])}</title></rect>
           <text x="${x(t[s]) + 4}" y="${i * rowH + 15 + j * 16}" font-size="10">${label} ${percent(t[s])}</text>`).join('')}`).join('')}
  </svg>`;
  return svg + numbers('townshipRates', ['乡镇', '按时办结率', '有时限的办结（件）', '好评率', '评价（件）'],
    townships.map(t => [esc(t.townshipName), percent(t.onTimeRate), t.withTimeLimit, percent(t.goodRate), t.rated]));
}

function binLabel([from, to]) {
  return to === Infinity ? `${from} 个以上` : from === to ? `${from}` : `${from}–${to}`;
}

function matterChart(matters) {
  if (!matters.length) {
    return '<p class="tw-empty" data-chart="matters">本期没有办结的办件。</p>';
  }
  const w = 720, rowH = 26, left = 200, right = 70, h = matters.length * rowH + 34;
  const binned = matters.map(m => BINS.map(([from, to]) => m.days.filter(d => d.days >= from && d.days <= to)
    .reduce((sum, d) => sum + d.count, 0)));
  const svg = `<svg class="tw-chart" data-chart="matters" viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px" role="img" aria-label="各事项办理用时分布">
    ${matters.map((m, i) => {
      let offset = left;
      return `<text x="${left - 6}" y="${i * rowH + 16}" text-anchor="end" font-size="11">${esc(m.matterName)}</text>
        ${binned[i].map((n, b) => {
          const width = (w - left - right) * n / m.completed;
          const rect = n ? `<rect x="${offset}" y="${i * rowH + 4}" width="${width}" height="16" fill="${BIN_COLORS[b]}" data-matter="${esc(m.matterName)}" data-bin="${binLabel(BINS[b])}" data-value="${n}"><title>${esc(m.matterName)}：${binLabel(BINS[b])} 个工作日 ${n} 件</title></rect>` : '';
          offset += width;
          return rect;
        }).join('')}
        <text x="${w - right + 4}" y="${i * rowH + 16}" font-size="10">${m.completed} 件，均 ${m.avgDays}</text>`;
    }).join('')}
    ${BINS.map((bin, b) => `<rect x="${left + b * 80}" y="${h - 14}" width="10" height="10" fill="${BIN_COLORS[b]}"/><text x="${left + 14 + b * 80}" y="${h - 5}" font-size="10">${binLabel(bin)}日</text>`).join('')}
  </svg>`;
  return svg + numbers('matterDays', ['事项', '办结（件）', '平均（工作日）', ...BINS.map(b => binLabel(b) + ' 个工作日')],
    matters.map((m, i) => [esc(m.matterName), m.completed, m.avgDays, ...binned[i]]));
}

function charts(c) {
  return `<h3>每周受理、办结、超期</h3>${weeklyChart(c.weeks)}
    <div class="tw-columns">
      <div><h3>各乡镇按时办结率与好评率</h3>${townshipChart(c.townships)}</div>
      <div><h3>各事项办理用时分布（工作日）</h3>${matterChart(c.matters)}</div>
    </div>`;
}

// 双向考核评议: forwarded cases the county handled in the period, what is computed and the two scores
function evaluations(e) {
  const score = x => x ? `<span title="${esc(x.comment || '')}">${x.score} 分</span>` : '<span class="tw-empty">未评议</span>';
  const s = e.summary;
  return `<h3>双向考核评议（县级部门与乡镇）</h3>
    <p data-figure="evaluations">县级已办转报件 <strong>${s.cases}</strong> 件，县级按时 ${percent(s.countyOnTimeRate)}，
      退回补正 <strong>${s.returns}</strong> 次，超时默认 <strong>${s.deemed}</strong> 次；
      乡镇评县级部门 ${s.countyHandlingRated} 件，平均 <strong>${s.countyHandlingAvgScore ?? '—'}</strong> 分；
      县级部门评乡镇预审 ${s.preExaminationRated} 件，平均 <strong>${s.preExaminationAvgScore ?? '—'}</strong> 分。</p>
    ${table('evaluations', ['受理编号', '乡镇', '事项', '县级用时（工作日）', '按时', '退回补正', '超时默认', '乡镇评县级', '县级评乡镇预审'],
      e.cases.map(c => [esc(c.caseNo), esc(c.townshipName), esc(c.matterName), c.countyWorkingDays,
        c.countyOnTime ? '是' : '<strong class="tw-error">否</strong>', c.returns, c.deemed, score(c.countyHandling), score(c.preExamination)]),
      '本期没有县级部门办理完的转报件。')}`;
}

// 乡镇排名 (county supervisors): figures, points per figure (hover) and the weighted score, best first
const RATES = ['onTimeRate', 'goodRate'];
function ranking(r) {
  const figure = (c, t) => {
    const value = t.figures[c.figure];
    const shown = RATES.includes(c.figure) ? percent(value) : days(value);
    const points = t.points[c.figure];
    return `<span title="得分 ${points ?? '—'}（权重 ${c.weight}）">${esc(shown)}</span>`;
  };
  return `<h3>乡镇排名</h3>
    ${table('ranking', ['排名', '乡镇', ...r.criteria.map(c => `${c.label}（${c.direction === '高' ? '越高越好' : '越低越好'}，权重${c.weight}）`), '总分'],
      r.townships.map(t => [t.rank ?? '—', esc(t.townshipName), ...r.criteria.map(c => figure(c, t)), t.score === null ? '本期无办件，不排名' : `<strong>${t.score}</strong>`]),
      '没有乡镇。')}
    <p class="tw-empty">每项指标在各乡镇间折算为 0–100 分（最好 100、最差 0），总分按权重加权；指标与权重见 processes/township-ranking.csv。</p>`;
}

const STYLE = `
.tw-dashboard { margin: 0 0 20px; }
.tw-dashboard h3 { margin: 18px 0 8px; font-size: 16px; }
.tw-filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 12px; }
.tw-filters label { display: flex; flex-direction: column; font-weight: normal; font-size: 12px; }
.tw-tiles { display: flex; flex-wrap: wrap; gap: 10px; }
.tw-tile { border: 1px solid #ddd; border-radius: 3px; padding: 8px 14px; min-width: 120px; background: #fafafa; }
.tw-tile.tw-warn { border-color: #b5152b; }
.tw-tile.tw-warn .tw-value { color: #b5152b; }
.tw-value { font-size: 22px; font-weight: bold; }
.tw-label { font-size: 12px; color: #555; }
.tw-columns { display: flex; flex-wrap: wrap; gap: 24px; }
.tw-columns > div { flex: 1 1 420px; }
.tw-bars { max-width: 520px; }
.tw-bar-row { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
.tw-bar-label { width: 110px; font-size: 12px; }
.tw-bar { flex: 1; background: #eee; height: 12px; }
.tw-bar span { display: block; height: 12px; background: #1f5f99; }
.tw-bar-value { width: 70px; font-size: 12px; }
.tw-empty { color: #777; }
.tw-error { color: #b5152b; }
.tw-chart { display: block; margin: 4px 0; font-family: inherit; }
.tw-numbers summary { cursor: pointer; color: #1f5f99; font-size: 12px; }
`;

async function load(node, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v)).toString();
  const response = await fetch(`${apiRoot}/dashboard${query ? '?' + query : ''}`, {credentials: 'same-origin',
    headers: {Accept: 'application/json'}});
  if (response.status === 401 || response.status === 403) {
    if (!params.township) {
      node.innerHTML = ''; // not a supervisor: Cockpit's own dashboard only
      return;
    }
  }
  const body = await response.json();
  if (!response.ok) {
    node.querySelector('.tw-content').innerHTML = `<p class="tw-error">${esc(body.message)}</p>`;
    return;
  }
  render(node, body, params);
}

function render(node, d, params) {
  const townshipName = id => (d.scope.townships.find(t => t.id === id) || {name: id}).name;
  const total = d.cases.total;
  const ratings = d.ratings;
  const townships = d.scope.townships;
  if (!node.querySelector('.tw-filters')) {
    node.innerHTML = `<style>${STYLE}</style>
      <section class="tw-dashboard" id="township-dashboard">
        <h2>督查看板</h2>
        <form class="tw-filters">
          <label>乡镇<select name="township" class="form-control input-sm">
            ${townships.length > 1 ? '<option value="">全部乡镇</option>' : ''}
            ${townships.map(t => `<option value="${esc(t.id)}">${esc(t.name)}</option>`).join('')}</select></label>
          <label>程序<select name="procedure" class="form-control input-sm">
            ${PROCEDURES.map(([v, l]) => `<option value="${v}">${esc(l)}</option>`).join('')}</select></label>
          <label>事项编码<input name="matter" class="form-control input-sm" placeholder="如 RURAL_HOMESTEAD"></label>
          <label>起<input type="date" name="from" class="form-control input-sm" value="${esc(d.scope.from)}"></label>
          <label>止<input type="date" name="to" class="form-control input-sm" value="${esc(d.scope.to)}"></label>
          <button type="submit" class="btn btn-default btn-sm">查询</button>
          <a class="btn btn-default btn-sm" id="tw-report" download>下载考核报表（Excel）</a>
        </form>
        <div class="tw-content"></div>
      </section>`;
    node.querySelector('.tw-filters').addEventListener('submit', event => {
      event.preventDefault();
      const form = new FormData(event.target);
      load(node, Object.fromEntries(form.entries()));
    });
  }
  const byProcedure = d.cases.byProcedure;
  const overdue = d.overdue;
  const calendar = d.calendar;
  node.querySelector('.tw-content').innerHTML = `
    ${calendar && calendar.short ? `<p class="tw-error" id="tw-calendar-warning">${esc(calendar.message)}</p>` : ''}
    <div class="tw-tiles">
      ${tile('受理', total.accepted, 'accepted')}
      ${tile('在办', total.inProgress, 'inProgress')}
      ${tile('办结', total.completed, 'completed')}
      ${tile('按时办结率', percent(total.onTimeRate), 'onTimeRate')}
      ${tile('平均办理（工作日）', days(total.avgHandlingDays), 'avgHandlingDays')}
      ${tile('90%办理（工作日）', days(total.p90HandlingDays), 'p90HandlingDays')}
      ${tile('当前超期', overdue.count, 'overdue', overdue.count > 0)}
      ${tile('催办（未办结）', d.urged ? `${d.urged.count}（${d.urged.openSteps}）` : '-', 'urged', d.urged && d.urged.openSteps > 0)}
      ${tile('好评率', percent(ratings.goodRate), 'goodRate')}
      ${tile('差评处理中', ratings.openRectifications.length, 'badOpen', ratings.openRectifications.length > 0)}
    </div>
    ${d.charts ? charts(d.charts) : ''}
    ${d.ranking ? ranking(d.ranking) : ''}
    <div class="tw-columns">
      <div><h3>各程序办件</h3>
        ${table('byProcedure', ['程序', '受理', '在办', '办结', '按时办结率', '平均', '90%'], byProcedure.map(p => [
          esc(p.procedureName), p.accepted, p.inProgress, p.completed, percent(p.onTimeRate),
          days(p.avgHandlingDays), days(p.p90HandlingDays)]), '本期无办件。')}</div>
      <div><h3>好差评（五级）</h3>
        ${bars(ratings.levels.map(l => ({label: l.label, value: l.count, text: `${l.count}（${percent(l.share)}）`})))}</div>
    </div>
    <h3>超期未办结（${overdue.count}）</h3>
    ${table('overdue', ['受理编号', '程序', '乡镇', '事项', '承诺期限', '超期工作日', '当前环节（承办）'], overdue.cases.map(c => [
      instanceLink(c), esc(c.procedureName), esc(townshipName(c.township)), esc(c.matterName), date(c.dueAt), c.workingDaysOver, holders(c)]),
      '没有超期案件。')}
    <h3>差评核实与整改</h3>
    ${table('rectifications', ['受理编号', '事项', '环节', '承办', '开始', '期限'], ratings.openRectifications.map(r => [
      instanceLink(r), esc(r.matterName), esc(r.stepName), esc(r.holder), date(r.since),
      r.overdue ? `<strong class="tw-error">${date(r.dueAt)}（已超期）</strong>` : date(r.dueAt)]), '没有待处理的差评。')}
    <div class="tw-columns">
      <div><h3>各环节办理用时（工作日）</h3>
        ${table('steps', ['程序', '环节', '完成数', '平均', '90%'], d.steps.map(s => [
          esc(s.procedureName), esc(s.stepName), s.completed, days(s.avgDays), days(s.p90Days)]), '本期没有完成的环节。')}</div>
      <div><h3>转报：在县、市两级等待</h3>
        ${table('forwarding', ['受理编号', '层级', '等待（工作日）', '审查部门'], d.forwarding.waiting.map(w => [
          instanceLink(w), esc(LEVELS[w.level] || w.level), w.waitingWorkingDays, holders(w)]), '没有等待上级决定的案件。')}
        <p>本期超时默认：<strong data-figure="deemedAgreed">${d.forwarding.deemedAgreed}</strong> 次</p></div>
    </div>
    ${d.evaluations ? evaluations(d.evaluations) : ''}
    <div class="tw-columns">
      <div><h3>综合行政执法</h3>
        ${table('enforcement', ['环节', '案件数', '平均案龄', '最长案龄'], d.enforcement.byStage.map(s => [
          esc(s.stepName), s.count, s.avgAgeWorkingDays, s.maxAgeWorkingDays]), '没有在办执法案件。')}
        <p>本期作出处罚决定 <strong>${d.enforcement.decided}</strong> 件，其中法定期限内
          <strong>${d.enforcement.decidedInTime}</strong> 件（${percent(d.enforcement.decidedInTimeRate)}）；
          举行听证 <strong>${d.enforcement.hearingsHeld}</strong> 次。</p></div>
      <div><h3>重大行政决策</h3>
        ${table('decisions', ['环节', '决策数', '平均历时', '最长历时'], d.decisions.byStage.map(s => [
          esc(s.stepName), s.count, s.avgAgeWorkingDays, s.maxAgeWorkingDays]), '没有在办的重大行政决策。')}
        ${table('npc', ['决策编号', '报告人大主席团', '确认期限'], d.decisions.awaitingNpcAcknowledgement.map(a => [
          instanceLink(a), date(a.since), date(a.dueAt)]), '没有等待人大主席团确认（确认后即向社会公布）的决策。')}
        <p>本期已确认并公布：<strong>${d.decisions.published}</strong> 项</p></div>
    </div>
    <p class="tw-empty">统计期间 ${esc(d.scope.from)} 至 ${esc(d.scope.to)}；工作日按节假日安排计算，等待申请人补正的时间不计入办理时限。</p>`;
  for (const [name, value] of Object.entries(params)) {
    const field = node.querySelector(`.tw-filters [name="${name}"]`);
    if (field && value) field.value = value;
  }
  // the spreadsheet of exactly what is shown: same township, procedure, matter and period
  const shown = {township: params.township, procedure: params.procedure, matter: params.matter,
    from: d.scope.from, to: d.scope.to};
  node.querySelector('#tw-report').href = `${apiRoot}/report.xlsx?` +
    new URLSearchParams(Object.entries(shown).filter(([, v]) => v)).toString();
}

export default {
  id: 'township-supervision-dashboard',
  pluginPoint: 'cockpit.dashboard',
  priority: 20,
  render: (node) => {
    load(node, {}).catch(error => {
      node.innerHTML = `<p class="tw-error">督查看板加载失败：${esc(error.message)}</p>`;
    });
  }
};
