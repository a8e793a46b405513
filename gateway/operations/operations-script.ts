/**
 * The page's script, as text. It polls the graph (`operationsOverview`, dead letters),
 * `/operations/ingest` and `/operations/sync` (freshness per synchronisation class), and derives events per second from the change between two polls.
 */
export function operationsScript(): string {
  return `
const OVERVIEW = \`{ operationsOverview {
  generatedAt logLength replayedEntries
  subgraphs { subgraph backlog lagSeconds }
  eventsByType { key count } heldByReason { key count } deadLettersByReason { key count }
  slaBreachesByCode { key count } discrepanciesByCode { key count }
  funnel { stage count stuck stuckIds }
} deadLetters(first: 20) { edges { node { id type subject reason } } } }\`;
const input = document.getElementById('token');
input.value = localStorage.getItem('lading-token') || '';
const params = new URLSearchParams(location.search);
const interval = Math.max(200, Number(params.get('interval')) || 2000);
let previous = null;
const status = (text, error) => {
  const el = document.getElementById('status');
  el.textContent = text;
  el.className = error ? 'error' : '';
  document.getElementById('panels').hidden = Boolean(error) || !previous;
};
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
function table(id, head, rows) {
  const el = document.getElementById(id);
  el.innerHTML = rows.length
    ? '<tr>' + head.map((h) => '<th>' + esc(h) + '</th>').join('') + '</tr>' + rows.map((r) => '<tr data-key="' + esc(r[0]) + '">' + r.map((c, i) => '<td' + (i ? ' class="n"' : '') + '>' + (c && c.html ? c.html : esc(c)) + '</td>').join('') + '</tr>').join('')
    : '<tr><td class="empty">none</td></tr>';
}
const counts = (list) => list.map((c) => [c.key, c.count]);
async function call(path, body) {
  const headers = { authorization: 'Bearer ' + input.value.trim() };
  if (body) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method: body ? 'POST' : 'GET', headers, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json().catch(() => ({}));
  const error = json.errors && json.errors[0];
  if (!res.ok || error) throw new Error((error && error.extensions && error.extensions.code ? error.extensions.code + ': ' : '') + (error ? error.message : 'HTTP ' + res.status));
  return json;
}
async function poll() {
  if (!input.value.trim()) return status('Paste a service_rep token to start.', true);
  try {
    const [graph, ingest, sync] = await Promise.all([call('/graphql', { query: OVERVIEW }), call('/operations/ingest'), call('/operations/sync')]);
    render(graph.data, ingest.events, Date.now());
    table('sync', ['class', 'backlog', 'lag (s)', 'limit (s)', 'state', '429s'], sync.classes.map((c) => [
      c.syncClass, c.backlog, c.lagSeconds.toFixed(1), c.limitSeconds, c.throttled ? 'pushed back (429)' : c.stale ? 'stale' : 'fresh', c.refusedRequests,
    ]));
    status('Live: updated every ' + interval / 1000 + ' s.', false);
  } catch (error) {
    previous = null;
    status('Refused: ' + error.message + ' (the operations page needs a service_rep token)', true);
  }
}
function render(data, ingest, now) {
  const o = data.operationsOverview;
  table('backlog', ['subgraph', 'backlog', 'lag (s)'], o.subgraphs.map((s) => [s.subgraph, s.backlog, s.lagSeconds.toFixed(1)]));
  const seconds = previous ? (now - previous.at) / 1000 : 0;
  const before = new Map(previous ? previous.ingest.map((e) => [e.type + ' ' + e.result + ' ' + e.route, e.count]) : []);
  table('events', ['type', 'result', 'route', 'total', 'per s'], ingest.map((e) => {
    const key = e.type + ' ' + e.result + ' ' + e.route;
    const rate = seconds > 0 ? (e.count - (before.get(key) || 0)) / seconds : 0;
    return [e.type, e.result, e.route, e.count, rate.toFixed(2)];
  }));
  const duplicates = ingest.filter((e) => e.result === 'duplicate').reduce((sum, e) => sum + e.count, 0);
  table('duplicates', ['what', 'count'], [['duplicates received', duplicates], ['replayed log entries', o.replayedEntries], ['log entries', o.logLength]]);
  table('held', ['waiting for', 'count'], counts(o.heldByReason));
  table('dead', ['reason', 'count'], counts(o.deadLettersByReason));
  table('dead-list', ['dead letter', 'reason', ''], data.deadLetters.edges.map(({ node }) => [
    (node.type || '?') + ' ' + (node.subject || ''), node.reason,
    { html: '<button data-replay="' + esc(node.id) + '">Replay</button>' },
  ]));
  table('sla', ['code', 'open'], counts(o.slaBreachesByCode));
  table('discrepancies', ['code', 'shipments'], counts(o.discrepanciesByCode));
  table('funnel', ['stage', 'count', 'stuck', 'e.g.'], o.funnel.map((f) => [f.stage, f.count, f.stuck, f.stuckIds.slice(0, 3).join(', ')]));
  document.getElementById('updated').textContent = o.generatedAt;
  previous = { at: now, ingest };
}
document.addEventListener('click', async (event) => {
  const id = event.target && event.target.getAttribute && event.target.getAttribute('data-replay');
  if (!id) return;
  try {
    await call('/graphql', { query: 'mutation($id: ID!) { replayDeadLetter(id: $id) }', variables: { id } });
  } catch (error) {
    status('Replay failed: ' + error.message, true);
  }
  poll();
});
input.addEventListener('change', () => {
  localStorage.setItem('lading-token', input.value.trim());
  poll();
});
poll();
setInterval(poll, interval);
`;
}
