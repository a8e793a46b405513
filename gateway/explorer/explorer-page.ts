import { EXPLORER_NEW_TAB, EXPLORER_SAMPLES } from './explorer-samples';

/** JSON for an inline <script>: `</script>` or `<!--` inside a string must not end or alter the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * The service reps' explorer: GraphiQL served from Lading's own dependencies, so it works with no
 * internet access. It asks for the token before anything else (every request, introspection
 * included, needs one), keeps it in localStorage, and lets the Headers tab override any header.
 */
export function explorerPage(assetsPath: string): string {
  const tabs = EXPLORER_SAMPLES.map(({ query, variables }) => ({ query, variables }));
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Lading explorer</title>
  <link rel="stylesheet" href="${assetsPath}/graphiql.min.css" />
  <style>
    body { margin: 0; height: 100vh; display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    #bar { display: flex; gap: 8px; align-items: center; padding: 6px 12px; background: #0b3954; color: #fff; }
    #bar input { flex: 1; font-family: monospace; }
    #status { font-size: 0.9em; }
    #graphiql { flex: 1; }
    #gate { margin: 4em auto; max-width: 40em; line-height: 1.5; }
    #gate code { background: #eef; padding: 0 0.3em; }
  </style>
</head>
<body>
  <form id="bar">
    <strong>Lading</strong>
    <label for="token">Bearer token</label>
    <input id="token" placeholder="paste a service_rep token" autocomplete="off" spellcheck="false" />
    <button id="use" type="submit">Use token</button>
    <span id="status" role="status"></span>
  </form>
  <div id="graphiql">
    <div id="gate">
      <h2>Paste a service_rep token to start</h2>
      <p>Paste a service_rep token in the bar above. <code>npm start</code> prints one; or run
      <code>npm run -s token -- --role service_rep</code> (with the same <code>LADING_JWT_SECRET</code> as the gateway).</p>
      <p>The schema loads once the token is accepted. Headers you set in the Headers tab override the token.</p>
    </div>
  </div>
  <script src="${assetsPath}/react.production.min.js"></script>
  <script src="${assetsPath}/react-dom.production.min.js"></script>
  <script src="${assetsPath}/graphiql.min.js"></script>
  <script>
    const SAMPLE_TABS = ${scriptJson(tabs)};
    const NEW_TAB = ${scriptJson(EXPLORER_NEW_TAB)};
    const input = document.getElementById('token');
    // Subscriptions stream over SSE (POST with Accept: text/event-stream), which GraphiQL shows as they arrive.
    const isSubscription = (query) => /(^|[}\\s])subscription\\b/.test(String(query).replace(/#[^\\n]*/g, ''));
    async function* stream(params, headers) {
      const response = await fetch(location.pathname, { method: 'POST', headers: { ...headers, accept: 'text/event-stream' }, body: JSON.stringify(params) });
      if (!response.ok || !response.body) { yield await response.json(); return; }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffered = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffered += decoder.decode(value, { stream: true });
          let end;
          while ((end = buffered.indexOf('\\n\\n')) >= 0) {
            const message = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const event = /^event: (.*)$/m.exec(message)?.[1];
            const data = /^data: (.*)$/m.exec(message)?.[1];
            if (event === 'complete') return;
            if (event === 'next' && data) yield JSON.parse(data);
          }
        }
      } finally {
        reader.cancel().catch(() => undefined);
      }
    }
    const status = document.getElementById('status');
    let root;
    // Header names are case-insensitive: lower-case them so the Headers tab replaces, never duplicates, the bar's.
    const lower = (headers) => Object.fromEntries(Object.entries(headers || {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    // Exposed for the browser test, which drives it without the editor.
    const fetcherFor = window.ladingFetcherFor = (token) => async (params, options) => {
      const headers = { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer ' + token, ...lower(options && options.headers) };
      if (isSubscription(params.query)) return stream(params, headers);
      const response = await fetch(location.pathname, { method: 'POST', headers, body: JSON.stringify(params) });
      const body = await response.json().catch(() => ({ errors: [{ message: 'HTTP ' + response.status + ' without a JSON body' }] }));
      if (params.operationName === 'IntrospectionQuery') {
        status.textContent = response.ok ? 'schema loaded' : 'token refused (HTTP ' + response.status + '): ' + ((body.errors || [])[0] || {}).message;
      }
      return body;
    };
    function open(token) {
      localStorage.setItem('lading-token', token);
      status.textContent = 'loading the schema…';
      root = root || ReactDOM.createRoot(document.getElementById('graphiql'));
      // A new key remounts GraphiQL, so a changed token fetches the schema again.
      root.render(React.createElement(GraphiQL, { key: token, fetcher: fetcherFor(token), defaultTabs: SAMPLE_TABS, defaultQuery: NEW_TAB, defaultEditorToolsVisibility: true }));
    }
    document.getElementById('bar').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = input.value.trim().replace(/^Bearer\\s+/i, '');
      if (token) open(token);
      else status.textContent = 'paste a token first';
    });
    input.value = localStorage.getItem('lading-token') || '';
    if (input.value) open(input.value);
  </script>
</body>
</html>`;
}
