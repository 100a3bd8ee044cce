// The auditor dashboard: plain DOM over the query API, no framework. Words come from labels.json,
// which build-labels.ts makes from the final report's strings and the dashboard's own.
import {
  authorizeUrl,
  base64url,
  codeChallenge,
  codeVerifier,
  logoutUrl,
  readCallback,
  tokenRequest,
} from './pkce.js';

// On AWS the stack writes config.json (API and hosted UI); locally there is none, and the token
// `epm serve` prints comes in the link's #token=.
const config = await fetch('config.json', { headers: { accept: 'application/json' } })
  .then((response) => (response.ok ? response.json() : {}))
  .catch(() => ({}));
const auth = config.auth ?? { kind: 'token' };
const apiBase = config.apiUrl ?? document.querySelector('meta[name="epm-api"]')?.content ?? '';
let signInError = '';
const token = auth.kind === 'cognito' ? await cognitoToken() : localToken();

function localToken() {
  const tokenFromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (tokenFromHash) {
    sessionStorage.setItem('epm-token', tokenFromHash);
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem('epm-token') ?? '';
}

function expired(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload)).exp * 1000 < Date.now();
  } catch {
    return true;
  }
}

/** The ID token of a hosted-UI sign-in: kept for the tab, or exchanged for the code just sent. */
async function cognitoToken() {
  const saved = sessionStorage.getItem('epm-id-token');
  if (saved && !expired(saved)) return saved;
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return '';
  const expected = sessionStorage.getItem('epm-pkce-state');
  const verifier = sessionStorage.getItem('epm-pkce-verifier') ?? '';
  sessionStorage.removeItem('epm-pkce-state');
  sessionStorage.removeItem('epm-pkce-verifier');
  history.replaceState(null, '', location.pathname);
  const answer = readCallback(params.toString(), expected);
  if (!answer.ok) {
    signInError = answer.error;
    return '';
  }
  const request = tokenRequest(auth, { code: answer.code, verifier });
  const response = await fetch(request.url, request.init).catch(() => undefined);
  if (!response?.ok) {
    signInError = `token exchange at /oauth2/token: ${response?.status ?? 'no answer'}`;
    return '';
  }
  const tokens = await response.json();
  sessionStorage.setItem('epm-id-token', tokens.id_token);
  if (tokens.access_token) sessionStorage.setItem('epm-access-token', tokens.access_token);
  return tokens.id_token ?? '';
}

async function signIn() {
  const verifier = codeVerifier(crypto.getRandomValues(new Uint8Array(256)), 64);
  const stateParam = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('epm-pkce-verifier', verifier);
  sessionStorage.setItem('epm-pkce-state', stateParam);
  location.assign(
    authorizeUrl(auth, { state: stateParam, challenge: await codeChallenge(verifier) }),
  );
}

function signOut() {
  for (const key of ['epm-token', 'epm-id-token', 'epm-access-token'])
    sessionStorage.removeItem(key);
  if (auth.kind === 'cognito') location.assign(logoutUrl(auth));
  else location.replace(location.pathname);
}

const LANGUAGES = ['fi', 'sv', 'en'];
const VIEWS = [
  'projects',
  'queue',
  'report',
  'review',
  'indicators',
  'checks',
  'awards',
  'calls',
  'audit',
];

const $ = (selector) => document.querySelector(selector);
const labels = await fetch('labels.json').then((response) => response.json());

/** What each view last loaded, kept so that a change of language redraws without refetching. */
const state = {
  language: initialLanguage(),
  view: 'projects',
  projects: [],
  cursor: undefined,
  report: undefined,
  chart: undefined,
  checks: undefined,
  awards: undefined,
  calls: undefined,
  audit: undefined,
  subjects: undefined,
  loaded: new Set(),
  /** Who is signed in (`GET /me`): what the screen offers; the server decides. */
  me: undefined,
  queue: undefined,
  /** The report under review: the version with its review and effective record, and its text. */
  review: undefined,
  text: undefined,
  chosen: undefined,
  form: undefined,
  history: undefined,
};

function initialLanguage() {
  const chosen = localStorage.getItem('epm-language');
  if (LANGUAGES.includes(chosen)) return chosen;
  const preferred = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase());
  return preferred.find((language) => LANGUAGES.includes(language)) ?? 'en';
}

const words = () => labels.languages[state.language];
const ui = (path) => lookup(words().ui, path);
const said = (path) => lookup(words(), path);

function lookup(table, path) {
  const value = path.split('.').reduce((at, key) => at?.[key], table);
  return typeof value === 'string' ? value : path;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) => String(values[key] ?? match));
}

/** The template of a field path: list indexes become `{n}` (`awards.3.amount` → `awards.{n}.amount`). */
function templateOf(path) {
  return path.replace(/\.\d+(?=\.|$)/g, '.{n}');
}

function fieldLabel(path) {
  const index = /\.(\d+)(?:\.|$)/.exec(path);
  const label = words().fields[templateOf(path)];
  if (!label) return path;
  return fill(label, { n: index ? Number(index[1]) + 1 : '' });
}

/** A stored check message, which names fields by path, with the fields' names instead. */
function humanMessage(message) {
  return message.replace(/\b[a-z]+(?:\.[A-Za-z0-9]+)+\b/g, (path) =>
    words().fields[templateOf(path)] ? fieldLabel(path) : path,
  );
}

function formats() {
  const locale = words().ui.locale;
  return {
    euros: new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'EUR',
      maximumFractionDigits: 0,
    }),
    cents: new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' }),
    number: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
    percent: new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: 'percent',
      maximumFractionDigits: 2,
    }),
    day: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }),
    time: new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' }),
  };
}
let format = formats();

/** A date-time as written, in its own offset: `15 Sept 2017 16:15 (UTC+3)`. */
function dateTime(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})[^Z+-]*(Z|[+-]\d{2}:\d{2}))?/.exec(iso);
  if (!match) return iso;
  const [, y, m, d, hh, mm, offset] = match;
  const day = format.day.format(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (hh === undefined) return day;
  const time = format.time.format(Date.UTC(1970, 0, 1, Number(hh), Number(mm)));
  const zone = offset === 'Z' ? 'UTC' : `UTC${offset.replace(/^([+-])0?(\d+):00$/, '$1$2')}`;
  return `${day} ${time} (${zone})`;
}

/** A value as text in the chosen language, by the unit of its field. */
function formatValue(unit, value) {
  if (value === undefined || value === null) return words().notStated;
  if (typeof value === 'number') {
    // Whole euros as stated; cents only where the document states them.
    if (unit === 'money')
      return (Number.isInteger(value) ? format.euros : format.cents).format(value);
    if (unit === 'percent') return format.percent.format(value);
    return format.number.format(value);
  }
  if (unit === 'date' || unit === 'dateTime') return dateTime(value);
  if (unit === 'boolean') return value ? words().yes : words().no;
  if (unit === 'fund') return words().funds[value] ?? value;
  if (unit === 'status') return words().statuses[value] ?? value;
  return String(value);
}

const unitOf = (path) => labels.units[templateOf(path)] ?? 'text';

function setStatus(text) {
  $('#status').textContent = text;
}

function fail(error) {
  setStatus(error instanceof Error ? error.message : String(error));
}

async function api(path, accept = 'application/json', body = undefined) {
  const response = await fetch(`${apiBase}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      accept,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const body = await response.json().catch(() => ({ message: response.statusText }));
    throw new Error(`${response.status}: ${body.message}`);
  }
  return accept === 'application/json' ? response.json() : response.blob();
}

function element(tag, properties = {}, ...children) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children.filter((child) => child !== undefined));
  return node;
}

function row(...cells) {
  return element(
    'tr',
    {},
    ...cells.map((content) =>
      content instanceof HTMLTableCellElement ? content : element('td', {}, content ?? ''),
    ),
  );
}

const shortSha = (sha) => sha.slice(0, 12);

/** Puts the chosen language's words into every element that names its label. */
function applyLabels() {
  document.documentElement.lang = state.language;
  document.title = `${ui('title')} — ${ui(`views.${state.view}`)}`;
  $('#language').value = state.language;
  for (const node of document.querySelectorAll('[data-ui]')) node.textContent = ui(node.dataset.ui);
  for (const node of document.querySelectorAll('[data-label]'))
    node.textContent = said(node.dataset.label);
  for (const node of document.querySelectorAll('[data-field]'))
    node.textContent = fieldLabel(node.dataset.field);
  for (const node of document.querySelectorAll('[data-ui-placeholder]'))
    node.placeholder = ui(node.dataset.uiPlaceholder);
  for (const node of document.querySelectorAll('[data-ui-aria-label]'))
    node.setAttribute('aria-label', ui(node.dataset.uiAriaLabel));
  fillOptions($('#filter-fund'), Object.entries(words().funds));
  fillOptions($('#filter-status'), Object.entries(words().statuses));
  fillOptions(
    $('#chart-path'),
    labels.indicatorPaths.map((path) => [path, fieldLabel(path)]),
    false,
  );
}

/** Replaces a select's options (after its leading "any" option) and keeps the chosen value. */
function fillOptions(select, entries, keepFirst = true) {
  const value = select.value;
  const first = keepFirst ? select.options[0] : undefined;
  select.replaceChildren(
    ...(first ? [first] : []),
    ...entries.map(([key, text]) => element('option', { value: key, textContent: text })),
  );
  select.value = value || select.dataset.default || select.value;
}

function showView(view) {
  state.view = view;
  for (const name of VIEWS) $(`#view-${name}`).hidden = name !== view;
  for (const button of document.querySelectorAll('[data-view]')) {
    if (button.dataset.view === view) button.setAttribute('aria-current', 'page');
    else button.removeAttribute('aria-current');
  }
  document.title = `${ui('title')} — ${ui(`views.${view}`)}`;
  if (!token) return;
  setStatus(view === 'projects' && state.loaded.has(view) ? projectCount() : '');
  if (!state.loaded.has(view)) {
    state.loaded.add(view);
    LOADERS[view]?.().catch((error) => {
      state.loaded.delete(view);
      fail(error);
    });
  }
}

function filterQuery() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($('#filters'))) {
    if (value) params.set(key, String(value));
  }
  return params;
}

async function loadProjects(append = false) {
  const params = filterQuery();
  if (append && state.cursor) params.set('cursor', state.cursor);
  const page = await api(`/projects?${params}`);
  state.projects = append ? [...state.projects, ...page.items] : page.items;
  state.cursor = page.cursor;
  renderProjects();
}

function renderProjects() {
  const body = $('#projects tbody');
  body.replaceChildren(
    ...state.projects.map((project) => {
      const shown = project.code ?? project.name ?? project.projectId;
      const open = element('button', { type: 'button', className: 'link', textContent: shown });
      open.setAttribute('aria-label', fill(ui('projects.open'), { project: shown }));
      open.addEventListener('click', () =>
        showReport(project.projectId, project.latestVersion).catch(fail),
      );
      const pdf = element('button', { type: 'button', className: 'link', textContent: 'PDF' });
      pdf.setAttribute('aria-label', `PDF: ${ui('projects.finalReport')}, ${shown}`);
      pdf.addEventListener('click', () =>
        api(`/projects/${encodeURIComponent(project.projectId)}/final-report`)
          .then((link) => window.open(link.url, '_blank', 'noopener'))
          .catch((e) => setStatus(fill(ui('projects.noFinalReport'), { reason: e.message }))),
      );
      return row(
        element('td', {}, open),
        project.name,
        project.fund,
        project.region,
        project.managingAuthority,
        project.programmingPeriod,
        project.status ? formatValue('status', project.status) : '',
        element('td', {}, pdf),
      );
    }),
  );
  $('#more').hidden = !state.cursor;
  if (state.view === 'projects') setStatus(projectCount());
}

const projectCount = () => fill(ui('projects.count'), { n: state.projects.length });

async function showReport(projectId, version) {
  state.report = await api(`/projects/${encodeURIComponent(projectId)}/reports/${version}`);
  state.report.projectId = projectId;
  showView('report');
  renderReport();
  $('#report-title').focus();
}

/** The record's facts as [field path, value], in the order of the contract. */
function factsOf(record) {
  return Object.keys(labels.units)
    .filter((path) => !path.includes('{n}'))
    .map((path) => [path, path.split('.').reduce((at, key) => at?.[key], record)])
    .filter(([, value]) => value !== undefined && value !== null);
}

/** Long text, such as a summary, folded to its start; the whole text is one keypress away. */
function folded(text, long = LONG_TEXT) {
  if (text.length <= long) return text;
  return element(
    'details',
    {},
    element('summary', { textContent: `${text.slice(0, long).trimEnd()}…` }),
    text,
  );
}
const LONG_TEXT = 200;

function origin(source) {
  if (!source) return '';
  const where =
    source.page !== undefined
      ? ` (${fill(said('source.page'), { n: source.page })})`
      : source.sheet !== undefined
        ? ` (${source.sheet}${source.cell ? `!${source.cell}` : ''})`
        : '';
  return `${source.line}${where}`;
}

/** A list field as a list: plain values, or items whose parts are formatted by their own unit. */
function listOf(path, values, provenance) {
  return element(
    'ul',
    { className: 'values' },
    ...values.map((value, i) => {
      if (typeof value !== 'object') return element('li', { textContent: String(value) });
      const parts = Object.entries(value).map(([key, inner]) =>
        formatValue(unitOf(`${path}.${i}.${key}`), inner),
      );
      const source = Object.keys(value)
        .map((key) => provenance[`${path}.${i}.${key}`])
        .find(Boolean);
      const line = source ? ` · ${said('source.line')} ${origin(source)}` : '';
      return element('li', { textContent: `${parts.join(' — ')}${line}` });
    }),
  );
}

function renderReport() {
  const report = state.report;
  $('#report-choose').hidden = Boolean(report);
  $('#report-body').hidden = !report;
  if (!report) return;
  const record = report.record;
  $('#report-title').textContent =
    `${record.project?.code ?? report.projectId} — ${record.project?.name ?? words().kinds[record.kind]}`;
  const meta = [
    [ui('report.document'), `${words().kinds[record.kind] ?? record.kind}: ${report.objectKey}`],
    [ui('report.received'), dateTime(report.receivedAt)],
    [ui('report.version'), shortSha(report.version)],
    [said('source.sha256'), record.source.sha256],
  ];
  $('#report-meta').replaceChildren(
    ...meta.flatMap(([term, value]) => [
      element('dt', { textContent: term }),
      element('dd', { textContent: value }),
    ]),
  );
  $('#report-checks').replaceChildren(
    ...(record.checks.length
      ? record.checks.map((finding) => findingItem(finding))
      : [element('li', { textContent: words().noFindings })]),
  );
  void renderLinks(record.project?.code);
  $('#facts tbody').replaceChildren(
    ...factsOf(record).map(([path, value]) => {
      const unit = unitOf(path);
      const source = record.provenance[path];
      const shown = Array.isArray(value)
        ? element('td', {}, listOf(path, value, record.provenance))
        : element('td', {}, folded(formatValue(unit, value)));
      shown.dataset.path = path;
      return row(
        element('th', { scope: 'row', textContent: fieldLabel(path) }),
        shown,
        origin(source),
        element('td', { className: 'source' }, folded(source?.text ?? '')),
      );
    }),
  );
}

/** The other documents linked to the report's project, each with why and how surely. */
async function renderLinks(code) {
  const list = $('#report-links');
  const none = () => list.replaceChildren(element('li', { textContent: ui('report.noLinks') }));
  if (!code) return none();
  let answer;
  try {
    answer = await api(`/projects/${encodeURIComponent(code)}/links`);
  } catch {
    return none();
  }
  if (state.report?.record.project?.code !== code) return;
  const documents = new Map(answer.documents.map((d) => [d.id, d]));
  const nameOf = (id) => {
    const d = documents.get(id);
    if (!d) return id;
    return `${words().kinds[d.kind] ?? d.kind}: ${d.name ?? d.code ?? shortSha(d.id)}`;
  };
  if (answer.links.length === 0) return none();
  list.replaceChildren(
    ...answer.links.map((link) =>
      element('li', {
        textContent: `${nameOf(link.from)} ↔ ${nameOf(link.to)} — ${ui(`report.linkReasons.${link.reason}`)} (${ui(`report.confidence.${link.confidence}`)})`,
      }),
    ),
  );
}

function severityBadge(severity) {
  return element('span', {
    className: `severity sev-${severity}`,
    textContent: words().severities[severity] ?? severity,
  });
}

/** What a check found, in the chosen language, then the check's own message in English. */
function findingDetail(finding) {
  const description = words().checkDescriptions[finding.id] ?? words().otherCheck;
  const stored = element('span', {
    className: 'stored',
    lang: 'en',
    textContent: humanMessage(finding.message),
  });
  return [
    `${description} `,
    element('span', { className: 'stored', textContent: `${words().message}: ` }),
    stored,
  ];
}

function findingItem(finding) {
  const title = words().checkTitles[finding.id] ?? finding.id;
  const fields = finding.fields.length ? ` (${finding.fields.map(fieldLabel).join('; ')})` : '';
  return element(
    'li',
    {},
    severityBadge(finding.severity),
    ` ${title}${fields}: `,
    ...findingDetail(finding),
  );
}

async function loadChart() {
  const form = new FormData($('#chart-form'));
  state.chart = await api(`/indicators/${form.get('path')}?groupBy=${form.get('groupBy')}`);
  renderChart();
}

function renderChart() {
  const result = state.chart;
  if (!result) return;
  const svg = $('#chart');
  const unit = unitOf(result.path);
  const barHeight = 26;
  const labelWidth = 220;
  const width = 760;
  const max = Math.max(1, ...result.groups.map((g) => g.sum));
  const ns = 'http://www.w3.org/2000/svg';
  svg.setAttribute('height', String(Math.max(40, result.groups.length * barHeight + 10)));
  const heading = svg.querySelector('title');
  heading.textContent = fieldLabel(result.path);
  svg.replaceChildren(
    heading,
    ...result.groups.flatMap((group, i) => {
      const y = i * barHeight + 5;
      const sum = formatValue(unit, group.sum);
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', '0');
      label.setAttribute('y', String(y + 16));
      label.textContent = group.group.length > 30 ? `${group.group.slice(0, 29)}…` : group.group;
      const bar = document.createElementNS(ns, 'rect');
      const length = ((width - labelWidth - 150) * group.sum) / max;
      bar.setAttribute('x', String(labelWidth));
      bar.setAttribute('y', String(y + 3));
      bar.setAttribute('width', String(Math.max(1, length)));
      bar.setAttribute('height', String(barHeight - 8));
      bar.dataset.group = group.group;
      const title = document.createElementNS(ns, 'title');
      title.textContent = fill(ui('indicators.bar'), {
        group: group.group,
        sum,
        count: group.count,
      });
      bar.append(title);
      const total = document.createElementNS(ns, 'text');
      total.setAttribute('x', String(labelWidth + length + 6));
      total.setAttribute('y', String(y + 16));
      total.textContent = `${sum} (${group.count})`;
      return [label, bar, total];
    }),
  );
  const indicator = fieldLabel(result.path);
  const group = ui(`indicators.groups.${result.groupBy ?? 'region'}`);
  $('#chart-caption').textContent = result.groups.length
    ? fill(ui('indicators.caption'), { indicator, group })
    : fill(ui('indicators.empty'), { indicator });
  $('#eu-codes').textContent = result.euCodes.length
    ? `${ui('indicators.euCodes')}: ${result.euCodes.map((c) => `${c.code} (${c.period}, ${c.unit})`).join('; ')}`
    : '';
}

async function loadChecks() {
  const pages = await Promise.all(
    ['error', 'warning', 'info'].map((severity) => api(`/checks?severity=${severity}&limit=200`)),
  );
  state.checks = pages
    .flatMap((page) => page.items)
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  renderChecks();
}

function renderChecks() {
  if (!state.checks) return;
  const severity = $('#severity').value;
  const shown = state.checks.filter((f) => !severity || f.severity === severity);
  $('#checks-count').textContent = fill(ui('checks.count'), { n: shown.length });
  $('#checks tbody').replaceChildren(
    ...shown.map((finding) => {
      const tr = row(
        element('td', {}, severityBadge(finding.severity)),
        words().checkTitles[finding.id] ?? finding.id,
        finding.projectId ??
          `${words().kinds[finding.kind] ?? finding.kind} ${shortSha(finding.version)}`,
        element('td', {}, ...findingDetail(finding)),
        finding.fields.map(fieldLabel).join('; '),
      );
      tr.dataset.severity = finding.severity;
      tr.dataset.check = finding.id;
      return tr;
    }),
  );
}

async function loadAwards() {
  const items = [];
  let cursor;
  do {
    const page = await api(`/awards?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  // Newest decision first, and each decision's awards in the order of its list.
  const documents = [...new Set(items.map((award) => award.version))];
  state.awards = items.sort(
    (a, b) =>
      documents.indexOf(a.version) - documents.indexOf(b.version) || (a.line ?? 0) - (b.line ?? 0),
  );
  renderAwards();
}

function renderAwards() {
  if (!state.awards) return;
  const sum = state.awards.reduce((total, award) => total + award.amount, 0);
  $('#awards-count').textContent = fill(ui('awards.count'), {
    n: state.awards.length,
    sum: formatValue('money', sum),
  });
  $('#awards tbody').replaceChildren(
    ...state.awards.map((award) =>
      row(
        award.recipient,
        element('td', { className: 'number', textContent: formatValue('money', award.amount) }),
        award.note ?? '',
        award.line === undefined ? '' : String(award.line),
        `${words().kinds['grant-decisions']} ${shortSha(award.version)}`,
      ),
    ),
  );
}

async function loadCalls() {
  state.calls = (await api('/calls?limit=100')).items;
  renderCalls();
}

function renderCalls() {
  if (!state.calls) return;
  $('#calls-count').textContent = fill(ui('calls.count'), { n: state.calls.length });
  $('#calls tbody').replaceChildren(
    ...state.calls.map((call) =>
      row(
        element('td', { className: 'key', textContent: call.objectKey }),
        formatValue('dateTime', call.deadline),
        element('td', {
          className: 'number',
          textContent: formatValue('percent', call.maxFundingRate),
        }),
        call.applicants ?? words().notStated,
        call.language ? labels.languages[call.language].ui.languageName : '',
        dateTime(call.receivedAt),
      ),
    ),
  );
}

/** Projects, and the documents about no project (calls, grant decisions), whose log can be read. */
async function loadAudit() {
  const [projects, calls, awards] = await Promise.all([
    api('/projects?limit=500'),
    api('/calls?limit=100'),
    api('/awards?limit=500'),
  ]);
  const documents = new Map();
  for (const call of calls.items) documents.set(call.version, 'funding-call');
  for (const award of awards.items) documents.set(award.version, 'grant-decisions');
  state.subjects = [
    ...projects.items.map((p) => ({ id: p.projectId, project: p })),
    ...[...documents].map(([version, kind]) => ({ id: `DOC#${version}`, version, kind })),
  ];
  renderSubjects();
  await loadAuditLog();
}

function renderSubjects() {
  if (!state.subjects) return;
  fillOptions(
    $('#audit-subject'),
    state.subjects.map((s) => [
      s.id,
      s.project
        ? [s.project.code ?? s.id, s.project.name].filter(Boolean).join(' — ')
        : `${words().kinds[s.kind]} ${shortSha(s.version)}`,
    ]),
    false,
  );
}

async function loadAuditLog() {
  const subject = $('#audit-subject').value;
  if (!subject) return;
  state.audit = (await api(`/audit-log?project=${encodeURIComponent(subject)}`)).items;
  renderAudit();
}

function renderAudit() {
  if (!state.audit) return;
  $('#audit-count').textContent = fill(ui('audit.count'), { n: state.audit.length });
  $('#audit tbody').replaceChildren(
    ...state.audit.map((event) =>
      row(
        dateTime(event.at),
        lookup(words().ui.audit.actions, event.action),
        element('td', { className: 'key', textContent: event.objectKey ?? '' }),
        event.version ? shortSha(event.version) : '',
        element('td', { className: 'key', textContent: humanMessage(event.detail ?? '') }),
      ),
    ),
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
  const link = element('a', { href: URL.createObjectURL(blob), download: `projects.${format}` });
  link.click();
  URL.revokeObjectURL(link.href);
}

/** Values in the review table fold sooner: the table sits beside the read text. */
const SHORT_TEXT = 80;

const hasRole = (role) => state.me?.roles.includes(role) ?? false;

/** What the signed-in user may do with a report; the server decides, the screen only follows. */
function rightsFor(report) {
  const own = state.me?.projects ?? [];
  const ownProject =
    hasRole('project-manager') &&
    [report?.record.project?.code, report?.projectId].some((code) => own.includes(code));
  const reviewer = hasRole('reviewer');
  return { review: reviewer || ownProject, approve: reviewer, reopen: reviewer };
}

function renderWho() {
  const me = state.me;
  $('#who').textContent = me
    ? fill(ui('session.signedInAs'), {
        name: me.name,
        roles: me.roles.map((role) => ui(`session.roles.${role}`)).join(', '),
      })
    : '';
  $('#sign-in').hidden = auth.kind !== 'cognito' || Boolean(token);
  $('#sign-out').hidden = !token;
}

const reportPath = (report) =>
  `/projects/${encodeURIComponent(report.projectId)}/reports/${encodeURIComponent(report.version)}`;

async function loadQueue() {
  const answer = await api('/review/queue');
  state.queue = Array.isArray(answer) ? answer : (answer.items ?? []);
  renderQueue();
}

function renderQueue() {
  if (!state.queue) return;
  $('#queue-count').textContent = state.queue.length
    ? fill(ui('queue.count'), { n: state.queue.length })
    : ui('queue.empty');
  $('#queue tbody').replaceChildren(
    ...state.queue.map((item) => {
      const shown = item.code ?? item.name ?? item.projectId;
      const open = element('button', { type: 'button', className: 'link', textContent: shown });
      open.setAttribute('aria-label', fill(ui('queue.open'), { project: shown }));
      open.addEventListener('click', () => showReview(item.projectId, item.version).catch(fail));
      const errors = item.errors ?? 0;
      const warnings = item.warnings ?? 0;
      const findings = [
        errors ? fill(ui('queue.errors'), { n: errors }) : '',
        warnings ? fill(ui('queue.warnings'), { n: warnings }) : '',
      ].filter(Boolean);
      const unconfirmed = item.unconfirmed ?? item.unconfirmedKeyIndicators ?? [];
      const tr = row(
        element('td', {}, open),
        `${words().kinds[item.kind] ?? item.kind ?? ''} ${item.version ? shortSha(item.version) : ''}`.trim(),
        ui(`review.statuses.${item.status ?? 'unreviewed'}`),
        findings.join(', '),
        Array.isArray(unconfirmed) ? unconfirmed.map(fieldLabel).join('; ') : String(unconfirmed),
        item.receivedAt ? dateTime(item.receivedAt) : '',
      );
      tr.dataset.project = item.projectId;
      return tr;
    }),
  );
}

async function showReview(projectId, version) {
  const path = `/projects/${encodeURIComponent(projectId)}/reports/${encodeURIComponent(version)}`;
  const [report, text] = await Promise.all([api(path), api(`${path}/text`).catch(() => undefined)]);
  state.review = { ...report, projectId, version: report.version ?? version };
  state.text = text?.lines;
  state.chosen = undefined;
  state.history = undefined;
  closeForm(false);
  showView('review');
  renderReview();
  renderText();
  $('#review-title').focus();
}

async function reloadReview() {
  const report = await api(reportPath(state.review));
  state.review = { ...report, projectId: state.review.projectId, version: state.review.version };
  renderReview();
  if (state.history && state.chosen) await loadHistory(state.chosen);
}

const valueAt = (record, path) =>
  path
    .split('.')
    .reduce((at, key) => (at === undefined || at === null ? undefined : at[key]), record);

/** The fields the screen lists: every stated figure, as extracted or as reviewed, and every review. */
function reviewPaths(report) {
  const reviewed = Object.keys(report.review?.fields ?? {});
  const listed = Object.keys(labels.units).filter((path) => {
    if (path.includes('{n}') || unitOf(path) === 'items') return false;
    return (
      valueAt(report.record, path) !== undefined ||
      valueAt(report.effective ?? report.record, path) !== undefined
    );
  });
  return [...new Set([...listed, ...reviewed])];
}

function shownValue(path, value) {
  if (value === undefined || value === null) return words().notStated;
  if (Array.isArray(value)) return value.join(', ');
  return formatValue(unitOf(path), value);
}

function reviewedLine(item) {
  return fill(ui('review.reviewed'), {
    action: ui(`review.actions.${item.action}`),
    by: item.by,
    at: dateTime(item.at),
  });
}

function renderReview() {
  const report = state.review;
  $('#review-choose').hidden = Boolean(report);
  $('#review-body').hidden = !report;
  if (!report) return;
  const record = report.record;
  const review = report.review ?? { status: 'unreviewed', fields: {} };
  const effective = report.effective ?? record;
  const rights = rightsFor(report);
  const approved = review.status === 'approved';
  $('#review-title').textContent =
    `${ui('views.review')}: ${record.project?.code ?? report.projectId} — ${record.project?.name ?? words().kinds[record.kind]}`;
  $('#review-state').replaceChildren(
    element('span', {
      className: `review-status status-${review.status}`,
      textContent: ui(`review.statuses.${review.status}`),
    }),
    approved && review.approvedBy
      ? ` ${fill(ui('review.approvedBy'), { name: review.approvedBy, at: dateTime(review.approvedAt) })}`
      : '',
    ` · ${shortSha(report.version)}`,
  );
  const note =
    !rights.review && !rights.approve ? ui('review.readOnly') : approved ? ui('review.locked') : '';
  $('#review-note').textContent = note;
  $('#review-note').hidden = !note;
  $('#review-add').hidden = !rights.review;
  $('#review-add').disabled = approved;
  $('#review-approve').hidden = !rights.approve;
  $('#review-approve').disabled = approved;
  $('#review-reopen').hidden = !rights.reopen || !approved;
  $('#review-actions').hidden = !rights.review && !rights.approve;
  $('#review-fields tbody').replaceChildren(
    ...reviewPaths(report).map((path) => {
      const item = review.fields[path];
      const source = record.provenance[path];
      const choose = element('button', {
        type: 'button',
        className: 'link',
        textContent: fieldLabel(path),
      });
      choose.dataset.path = path;
      choose.addEventListener('click', () => chooseField(path, true));
      const tr = row(
        element('th', { scope: 'row' }, choose),
        element('td', {}, folded(shownValue(path, valueAt(record, path)), SHORT_TEXT)),
        element(
          'td',
          { className: item ? `effective ${item.action}` : 'effective' },
          folded(shownValue(path, valueAt(effective, path)), SHORT_TEXT),
        ),
        origin(source),
        item ? `${reviewedLine(item)}${item.reason ? `: ${item.reason}` : ''}` : '',
      );
      tr.dataset.path = path;
      if (item) tr.dataset.action = item.action;
      if (path === state.chosen) tr.setAttribute('aria-current', 'true');
      return tr;
    }),
  );
  renderFieldPanel();
}

function renderText() {
  const lines = state.text;
  // A scrolling region is reached by keyboard too (arrow keys scroll it).
  $('#read-text').tabIndex = 0;
  $('#review-text').replaceChildren(
    ...(lines?.length
      ? lines.map((line) => {
          const li = element('li', { value: line.line, textContent: line.text || '\u00a0' });
          li.dataset.line = String(line.line);
          if (line.page !== undefined) li.dataset.page = String(line.page);
          li.addEventListener('click', () => pickLine(line.line));
          return li;
        })
      : [element('li', { className: 'hint', textContent: ui('review.noText') })]),
  );
}

/** Marks a line of the read text, scrolls it into view and says its page. */
function showLine(lineNumber) {
  for (const marked of document.querySelectorAll('#review-text li.current'))
    marked.classList.remove('current');
  const li = lineNumber === undefined ? null : $(`#review-text li[data-line="${lineNumber}"]`);
  if (li) {
    li.classList.add('current');
    li.scrollIntoView({ block: 'center' });
  }
  const page = li?.dataset.page;
  $('#text-page').textContent = li
    ? `${ui('review.line')} ${lineNumber}${page ? ` · ${fill(ui('review.page'), { n: page })}` : ''}`
    : '';
  return li;
}

function pickLine(lineNumber) {
  const li = showLine(lineNumber);
  if (state.form?.mode !== 'added') return;
  $('#review-line').value = String(lineNumber);
  $('#review-page').value = li?.dataset.page ?? '';
}

function chooseField(path, focus) {
  state.chosen = path;
  state.history = undefined;
  for (const tr of document.querySelectorAll('#review-fields tbody tr')) {
    if (tr.dataset.path === path) tr.setAttribute('aria-current', 'true');
    else tr.removeAttribute('aria-current');
  }
  renderFieldPanel();
  const source = state.review.record.provenance[path];
  showLine(source?.line);
  if (focus) $('#field-title').focus();
}

function renderFieldPanel() {
  const path = state.chosen;
  const report = state.review;
  $('#field-panel').hidden = !path || !report;
  if (!path || !report) return;
  const review = report.review ?? { status: 'unreviewed', fields: {} };
  const item = review.fields[path];
  const rights = rightsFor(report);
  const approved = review.status === 'approved';
  const source = report.record.provenance[path];
  $('#field-title').textContent = `${ui('review.selected')}: ${fieldLabel(path)}`;
  $('#field-values').textContent = [
    `${ui('review.extracted')}: ${shownValue(path, valueAt(report.record, path))}`,
    `${ui('review.effective')}: ${shownValue(path, valueAt(report.effective ?? report.record, path))}`,
    source ? `${said('source.line')} ${origin(source)}` : ui('review.noSource'),
  ].join(' · ');
  $('#field-review').textContent = item
    ? `${reviewedLine(item)}${item.reason ? `: ${item.reason}` : ''}`
    : '';
  $('#field-actions').hidden = !rights.review;
  for (const id of ['#field-confirm', '#field-correct', '#field-absent']) $(id).disabled = approved;
  renderHistory();
}

async function loadHistory(path) {
  const answer = await api(`${reportPath(state.review)}/reviews?path=${encodeURIComponent(path)}`);
  state.history = { path, items: Array.isArray(answer) ? answer : (answer.items ?? []) };
  renderHistory();
}

function renderHistory() {
  const history = state.history;
  $('#history').hidden = !history || history.path !== state.chosen;
  if (!history) return;
  $('#history-caption').textContent = history.items.length
    ? fill(ui('review.historyOf'), { field: fieldLabel(history.path) })
    : ui('review.noHistory');
  $('#history tbody').replaceChildren(
    ...history.items.map((event) =>
      row(
        dateTime(event.at),
        event.by,
        `${ui(`review.actions.${event.action}`)}${event.value === undefined ? '' : `: ${shownValue(history.path, event.value)}`}`,
        event.reason ?? '',
      ),
    ),
  );
}

const FORM_TITLES = {
  corrected: 'review.correct',
  added: 'review.add',
  absent: 'review.absent',
  reopened: 'review.reopen',
};

/** Paths a reviewer may add: figures the effective record does not state. */
function addablePaths(report) {
  return Object.keys(labels.units).filter(
    (path) =>
      !path.includes('{n}') &&
      !['items', 'list'].includes(unitOf(path)) &&
      valueAt(report.effective ?? report.record, path) === undefined,
  );
}

function openForm(mode, opener) {
  const report = state.review;
  const path = mode === 'added' ? undefined : state.chosen;
  state.form = { mode, path, opener };
  $('#review-form').hidden = false;
  $('#review-form-title').textContent =
    `${ui(FORM_TITLES[mode]).replace(/…$/, '')}${path ? `: ${fieldLabel(path)}` : ''}`;
  $('#review-path-label').hidden = mode !== 'added';
  if (mode === 'added') {
    fillOptions(
      $('#review-path'),
      addablePaths(report).map((p) => [p, fieldLabel(p)]),
      false,
    );
  }
  const needsValue = mode === 'corrected' || mode === 'added';
  $('#review-value-label').hidden = !needsValue;
  $('#review-value-hint').hidden = !needsValue;
  const current = path ? valueAt(report.effective ?? report.record, path) : undefined;
  $('#review-value').value =
    mode === 'corrected' && current !== undefined
      ? Array.isArray(current)
        ? current.join(', ')
        : String(current)
      : '';
  $('#review-where').hidden = mode !== 'added';
  $('#review-line').value = '';
  $('#review-page').value = '';
  $('#review-reason').value = '';
  $('#review-error').textContent = '';
  (mode === 'added'
    ? $('#review-path')
    : needsValue
      ? $('#review-value')
      : $('#review-reason')
  ).focus();
}

function closeForm(restoreFocus = true) {
  const opener = state.form?.opener;
  state.form = undefined;
  $('#review-form').hidden = true;
  if (restoreFocus && opener && !opener.hidden && !opener.disabled) opener.focus();
  else if (restoreFocus) $('#review-title').focus();
}

/** The typed value as the record holds it: a number for figures, a list for lists, else text. */
function parseValue(path, text) {
  const unit = unitOf(path);
  const typed = text.trim();
  if (unit === 'money' || unit === 'number' || unit === 'percent') {
    const cleaned = typed.replace(/[\s\u00a0\u202f€%]/g, '').replace(/,(?=\d{1,2}$)/, '.');
    const value = Number(cleaned.replace(/,/g, ''));
    if (!typed || !Number.isFinite(value))
      throw new Error(fill(ui('review.notANumber'), { value: typed }));
    return value;
  }
  if (unit === 'boolean') {
    const lower = typed.toLowerCase();
    if ([words().yes.toLowerCase(), 'true', 'yes'].includes(lower)) return true;
    if ([words().no.toLowerCase(), 'false', 'no'].includes(lower)) return false;
  }
  if (unit === 'list') return typed.split(/\s*[,;]\s*/).filter(Boolean);
  return typed;
}

async function submitForm() {
  const form = state.form;
  if (!form) return;
  const reason = $('#review-reason').value.trim();
  const error = $('#review-error');
  error.textContent = '';
  try {
    if (form.mode === 'reopened') {
      if (!reason) throw new Error(ui('review.reasonNeeded'));
      await api(`${reportPath(state.review)}/reopen`, 'application/json', { reason });
    } else {
      const path = form.mode === 'added' ? $('#review-path').value : form.path;
      if (!reason) throw new Error(ui('review.reasonNeeded'));
      const body = { action: form.mode, path, reason };
      if (form.mode !== 'absent') body.value = parseValue(path, $('#review-value').value);
      const line = Number($('#review-line').value);
      const page = Number($('#review-page').value);
      if (form.mode === 'added' && line > 0) body.line = line;
      if (form.mode === 'added' && page > 0) body.page = page;
      await api(`${reportPath(state.review)}/reviews`, 'application/json', body);
      state.chosen = path;
    }
  } catch (caught) {
    error.textContent = caught instanceof Error ? caught.message : String(caught);
    return;
  }
  const what = ui(`review.actions.${form.mode}`);
  closeForm(false);
  await reloadReview();
  setStatus(fill(ui('review.saved'), { what }));
  focusChosen();
}

function focusChosen() {
  const button = state.chosen
    ? $(`#review-fields button[data-path="${CSS.escape(state.chosen)}"]`)
    : null;
  (button ?? $('#review-title')).focus();
}

async function confirmField() {
  const path = state.chosen;
  await api(`${reportPath(state.review)}/reviews`, 'application/json', {
    action: 'confirmed',
    path,
  });
  await reloadReview();
  setStatus(fill(ui('review.saved'), { what: ui('review.actions.confirmed') }));
  $('#field-confirm').focus();
}

async function approveReport() {
  await api(`${reportPath(state.review)}/approve`, 'application/json', {});
  await reloadReview();
  setStatus(fill(ui('review.saved'), { what: ui('review.actions.approved') }));
  $('#review-title').focus();
}

const LOADERS = {
  projects: () => loadProjects(),
  queue: loadQueue,
  indicators: loadChart,
  checks: loadChecks,
  awards: loadAwards,
  calls: loadCalls,
  audit: loadAudit,
};

function renderAll() {
  format = formats();
  applyLabels();
  if (state.loaded.has('projects')) renderProjects();
  renderReport();
  renderWho();
  renderQueue();
  renderReview();
  renderText();
  renderChart();
  renderChecks();
  renderAwards();
  renderCalls();
  renderSubjects();
  renderAudit();
}

$('#language').addEventListener('change', (event) => {
  state.language = event.target.value;
  localStorage.setItem('epm-language', state.language);
  renderAll();
});
for (const button of document.querySelectorAll('[data-view]')) {
  button.addEventListener('click', () => showView(button.dataset.view));
}
$('#filters').addEventListener('submit', (event) => {
  event.preventDefault();
  loadProjects().catch(fail);
});
$('#more').addEventListener('click', () => loadProjects(true).catch(fail));
$('#chart-form').addEventListener('submit', (event) => {
  event.preventDefault();
  loadChart().catch(fail);
});
$('#severity').addEventListener('change', renderChecks);
$('#audit-subject').addEventListener('change', () => loadAuditLog().catch(fail));
$('#sign-in').addEventListener('click', () => signIn().catch(fail));
$('#sign-out').addEventListener('click', signOut);
$('#open-review').addEventListener('click', () =>
  showReview(state.report.projectId, state.report.version).catch(fail),
);
$('#review-add').addEventListener('click', (event) => openForm('added', event.currentTarget));
$('#review-reopen').addEventListener('click', (event) => openForm('reopened', event.currentTarget));
$('#review-approve').addEventListener('click', () => approveReport().catch(fail));
$('#field-confirm').addEventListener('click', () => confirmField().catch(fail));
$('#field-correct').addEventListener('click', (event) =>
  openForm('corrected', event.currentTarget),
);
$('#field-absent').addEventListener('click', (event) => openForm('absent', event.currentTarget));
$('#field-history').addEventListener('click', () => loadHistory(state.chosen).catch(fail));
$('#review-form').addEventListener('submit', (event) => {
  event.preventDefault();
  submitForm().catch(fail);
});
$('#review-form').addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    event.preventDefault();
    closeForm();
  } else if (event.key === 'Enter' && event.target.id === 'review-reason' && !event.shiftKey) {
    // Enter saves from the reason too, as from the other fields; Shift+Enter starts a new line.
    event.preventDefault();
    $('#review-form').requestSubmit();
  }
});
$('#review-cancel').addEventListener('click', () => closeForm());
$('#review-line').addEventListener('input', () => {
  const li = showLine(Number($('#review-line').value));
  if (li?.dataset.page) $('#review-page').value = li.dataset.page;
});
for (const form of [$('#checks-form'), $('#audit-form')]) {
  form.addEventListener('submit', (event) => event.preventDefault());
}
for (const button of document.querySelectorAll('[data-export]')) {
  button.addEventListener('click', () => exportProjects(button.dataset.export).catch(fail));
}

if (token) state.me = await api('/me').catch(() => undefined);
applyLabels();
renderWho();
renderReport();
renderReview();
showView('projects');
if (signInError) setStatus(fill(ui('session.failed'), { reason: signInError }));
else if (!token) setStatus(auth.kind === 'cognito' ? ui('session.signIn') : ui('noToken'));
