// The auditor dashboard: plain DOM over the query API, no framework.
const tokenFromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (tokenFromHash) {
  sessionStorage.setItem('epm-token', tokenFromHash);
  history.replaceState(null, '', location.pathname);
}
const token = sessionStorage.getItem('epm-token') ?? '';
const apiBase = document.querySelector('meta[name="epm-api"]')?.content ?? '';

const $ = (selector) => document.querySelector(selector);
const number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

function setStatus(text) {
  $('#status').textContent = text;
}

async function api(path, accept = 'application/json') {
  const response = await fetch(`${apiBase}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept },
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({ message: response.statusText }));
    throw new Error(`${response.status}: ${body.message}`);
  }
  return accept === 'application/json' ? response.json() : response.blob();
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '';
  if (className) td.className = className;
  row.append(td);
  return td;
}

function filterQuery() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($('#filters'))) {
    if (value) params.set(key, String(value));
  }
  return params;
}

let nextCursor;

async function loadProjects(append = false) {
  const params = filterQuery();
  if (append && nextCursor) params.set('cursor', nextCursor);
  const page = await api(`/projects?${params}`);
  const body = $('#projects tbody');
  if (!append) body.replaceChildren();
  for (const project of page.items) {
    const row = document.createElement('tr');
    const id = cell(row, '');
    const link = document.createElement('a');
    link.href = '#';
    link.textContent = project.code ?? 'details';
    link.dataset.project = project.projectId;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      showReport(project.projectId, project.latestVersion).catch((e) => setStatus(e.message));
    });
    id.append(link);
    cell(row, project.name);
    cell(row, project.fund);
    cell(row, project.region);
    cell(row, project.managingAuthority);
    cell(row, project.programmingPeriod);
    cell(row, project.status);
    const pdf = cell(row, '');
    const pdfLink = document.createElement('a');
    pdfLink.href = '#';
    pdfLink.textContent = 'PDF';
    pdfLink.addEventListener('click', (event) => {
      event.preventDefault();
      api(`/projects/${encodeURIComponent(project.projectId)}/final-report`)
        .then((link) => window.open(link.url, '_blank', 'noopener'))
        .catch((e) => setStatus(`No final report yet (${e.message})`));
    });
    pdf.append(pdfLink);
    body.append(row);
  }
  nextCursor = page.cursor;
  $('#more').hidden = !nextCursor;
  setStatus(`${body.children.length} project(s)`);
}

function flatten(value, prefix = '') {
  if (value === null || typeof value !== 'object') return [[prefix, value]];
  return Object.entries(value).flatMap(([key, inner]) =>
    flatten(inner, prefix ? `${prefix}.${key}` : key),
  );
}

async function showReport(projectId, version) {
  const report = await api(`/projects/${encodeURIComponent(projectId)}/reports/${version}`);
  const record = report.record;
  $('#detail').hidden = false;
  $('#detail-title').textContent =
    `${record.project?.code ?? projectId} — ${record.project?.name ?? record.kind}`;
  $('#detail-meta').textContent =
    `Version ${version.slice(0, 12)}… from ${report.objectKey}, received ${report.receivedAt}; source sha256 ${record.source.sha256}`;
  const checks = $('#detail-checks');
  checks.replaceChildren();
  for (const finding of record.checks) {
    const li = document.createElement('li');
    li.innerHTML = '<span></span> ';
    li.firstChild.className = `sev-${finding.severity}`;
    li.firstChild.textContent = finding.severity;
    li.append(finding.message);
    checks.append(li);
  }
  if (record.checks.length === 0)
    checks.append(Object.assign(document.createElement('li'), { textContent: 'No findings.' }));
  const values = Object.fromEntries(
    flatten({
      project: record.project,
      funding: record.funding,
      indicators: record.indicators,
      horizontal: record.horizontal,
      call: record.call,
      awards: record.awards,
      awardsStatedTotal: record.awardsStatedTotal,
      awardsStatedCount: record.awardsStatedCount,
      applicationsReceived: record.applicationsReceived,
    }),
  );
  const body = $('#provenance tbody');
  body.replaceChildren();
  const sources = Object.entries(record.provenance).sort(
    ([a, x], [b, y]) => x.line - y.line || a.localeCompare(b),
  );
  for (const [field, source] of sources) {
    const row = document.createElement('tr');
    cell(row, field);
    const value = values[field];
    cell(
      row,
      typeof value === 'number'
        ? number.format(value)
        : Array.isArray(value)
          ? value.join(', ')
          : String(value ?? ''),
    );
    // A PDF's page, or a spreadsheet's sheet and cell, beside the line of the read text.
    const origin =
      source.page !== undefined
        ? ` (p. ${source.page})`
        : source.sheet !== undefined
          ? ` (${source.sheet}${source.cell ? `!${source.cell}` : ''})`
          : '';
    cell(row, `${source.line}${origin}`);
    cell(row, source.text, 'source');
    body.append(row);
  }
  $('#detail').scrollIntoView({ behavior: 'smooth' });
}

async function drawChart() {
  const form = new FormData($('#chart-form'));
  const path = form.get('path');
  const groupBy = form.get('groupBy');
  const result = await api(`/indicators/${path}?groupBy=${groupBy}`);
  const svg = $('#chart');
  svg.replaceChildren(svg.querySelector('title') ?? '');
  const barHeight = 26;
  const labelWidth = 220;
  const width = 720;
  const max = Math.max(1, ...result.groups.map((g) => g.sum));
  svg.setAttribute('height', String(Math.max(40, result.groups.length * barHeight + 10)));
  const ns = 'http://www.w3.org/2000/svg';
  result.groups.forEach((group, i) => {
    const y = i * barHeight + 5;
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', '0');
    label.setAttribute('y', String(y + 16));
    label.textContent = group.group.length > 30 ? `${group.group.slice(0, 29)}…` : group.group;
    const bar = document.createElementNS(ns, 'rect');
    const length = ((width - labelWidth - 110) * group.sum) / max;
    bar.setAttribute('x', String(labelWidth));
    bar.setAttribute('y', String(y + 3));
    bar.setAttribute('width', String(Math.max(1, length)));
    bar.setAttribute('height', String(barHeight - 8));
    bar.dataset.group = group.group;
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${group.group}: ${number.format(group.sum)} from ${group.count} project(s)`;
    bar.append(title);
    const total = document.createElementNS(ns, 'text');
    total.setAttribute('x', String(labelWidth + length + 6));
    total.setAttribute('y', String(y + 16));
    total.textContent = `${number.format(group.sum)} (${group.count})`;
    svg.append(label, bar, total);
  });
  $('#chart-caption').textContent = result.groups.length
    ? `${path} by ${groupBy}: sum of the latest reported values (number of projects in brackets).`
    : `No project reports ${path}.`;
  $('#eu-codes').textContent = result.euCodes.length
    ? `EU common indicators: ${result.euCodes.map((c) => `${c.code} (${c.period}, ${c.unit}, ${c.confidence} confidence)`).join('; ')}`
    : '';
}

async function loadChecks() {
  const severity = $('#severity').value;
  const page = await api(`/checks?severity=${severity}&limit=100`);
  const list = $('#checks');
  list.replaceChildren();
  for (const finding of page.items) {
    const li = document.createElement('li');
    const sev = Object.assign(document.createElement('span'), {
      className: `sev-${finding.severity}`,
      textContent: finding.id,
    });
    li.append(sev, ` ${finding.projectId ?? finding.kind}: ${finding.message}`);
    list.append(li);
  }
  if (page.items.length === 0)
    list.append(
      Object.assign(document.createElement('li'), { textContent: `No ${severity} findings.` }),
    );
}

async function exportProjects(format) {
  const params = filterQuery();
  params.set('format', format);
  params.set('limit', '500');
  const blob = await api(
    `/projects?${params}`,
    format === 'csv' ? 'text/csv' : 'application/octet-stream',
  );
  const link = Object.assign(document.createElement('a'), {
    href: URL.createObjectURL(blob),
    download: `projects.${format}`,
  });
  link.click();
  URL.revokeObjectURL(link.href);
}

$('#filters').addEventListener('submit', (event) => {
  event.preventDefault();
  loadProjects().catch((e) => setStatus(e.message));
});
$('#more').addEventListener('click', () => loadProjects(true).catch((e) => setStatus(e.message)));
$('#chart-form').addEventListener('submit', (event) => {
  event.preventDefault();
  drawChart().catch((e) => setStatus(e.message));
});
$('#severity').addEventListener('change', () => loadChecks().catch((e) => setStatus(e.message)));
for (const button of document.querySelectorAll('[data-export]')) {
  button.addEventListener('click', () =>
    exportProjects(button.dataset.export).catch((e) => setStatus(e.message)),
  );
}

if (!token) {
  setStatus('No access token: open the link that `epm serve` printed.');
} else {
  Promise.all([loadProjects(), drawChart(), loadChecks()]).catch((e) => setStatus(e.message));
}
