import { operationsScript } from './operations-script';

/**
 * The operations page: plain HTML and a small script, no external assets (works offline). The
 * token is shared with the explorer through localStorage.
 */
export function operationsPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Lading operations</title>
  <style>
    body { margin: 0; font-family: system-ui, sans-serif; background: #f4f6f8; color: #17202a; }
    #bar { display: flex; gap: 8px; align-items: center; padding: 6px 12px; background: #0b3954; color: #fff; }
    #bar input { flex: 1; font-family: monospace; }
    #status { padding: 6px 12px; }
    #status.error { background: #fdecea; color: #8a1c12; }
    main { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; padding: 12px; }
    section { background: #fff; border-radius: 6px; padding: 8px 12px; box-shadow: 0 1px 2px rgba(0,0,0,.1); }
    h2 { font-size: 15px; margin: 4px 0 8px; }
    table { width: 100%; border-collapse: collapse; font-size: 13px; }
    td, th { text-align: left; padding: 2px 4px; border-bottom: 1px solid #eee; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; }
    .empty { color: #888; font-size: 13px; }
    [hidden] { display: none !important; }
  </style>
</head>
<body>
  <div id="bar">
    <strong>Lading operations</strong>
    <label for="token">Bearer token</label>
    <input id="token" placeholder="paste a service_rep token (npm start prints one; or npm run token -- --role service_rep)" autocomplete="off" />
    <span id="updated"></span>
  </div>
  <div id="status">Paste a service_rep token to start.</div>
  <main id="panels" hidden>
    <section><h2>Backlog and lag per subgraph</h2><table id="backlog"></table></section>
    <section><h2>Freshness per synchronisation class</h2><table id="sync"></table></section>
    <section><h2>Events by type and result (this gateway)</h2><table id="events"></table></section>
    <section><h2>Duplicates and replays</h2><table id="duplicates"></table></section>
    <section><h2>Held events by what they wait for</h2><table id="held"></table></section>
    <section><h2>Dead letters by reason</h2><table id="dead"></table><table id="dead-list"></table></section>
    <section><h2>SLA breaches by code</h2><table id="sla"></table></section>
    <section><h2>Discrepancies by code</h2><table id="discrepancies"></table></section>
    <section><h2>Completion funnel</h2><table id="funnel"></table></section>
  </main>
  <script>${operationsScript()}</script>
</body>
</html>`;
}
