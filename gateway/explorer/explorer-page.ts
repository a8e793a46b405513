/**
 * The service reps' explorer: GraphiQL served from Lading's own dependencies, so it works with no
 * internet access. The token is kept in the browser's localStorage and sent as a bearer token.
 */
export function explorerPage(assetsPath: string): string {
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
    #graphiql { flex: 1; }
  </style>
</head>
<body>
  <div id="bar">
    <strong>Lading</strong>
    <label for="token">Bearer token</label>
    <input id="token" placeholder="paste a service_rep token (npm start prints one; or npm run token -- --role service_rep)" autocomplete="off" />
  </div>
  <div id="graphiql">Loading…</div>
  <script src="${assetsPath}/react.production.min.js"></script>
  <script src="${assetsPath}/react-dom.production.min.js"></script>
  <script src="${assetsPath}/graphiql.min.js"></script>
  <script>
    const input = document.getElementById('token');
    input.value = localStorage.getItem('lading-token') || '';
    input.addEventListener('change', () => localStorage.setItem('lading-token', input.value.trim()));
    const headers = () => ({ 'content-type': 'application/json', authorization: 'Bearer ' + input.value.trim() });
    // Subscriptions stream over SSE (POST with Accept: text/event-stream), which GraphiQL shows as they arrive.
    const isSubscription = (query) => /(^|[}\\s])subscription\\b/.test(String(query).replace(/#[^\\n]*/g, ''));
    async function* stream(params) {
      const response = await fetch(location.pathname, { method: 'POST', headers: { ...headers(), accept: 'text/event-stream' }, body: JSON.stringify(params) });
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
    // Exposed for the browser test, which drives it without the editor.
    const fetcher = window.ladingFetcher = (params) => {
      if (isSubscription(params.query)) return stream(params);
      return fetch(location.pathname, { method: 'POST', headers: headers(), body: JSON.stringify(params) }).then((r) => r.json());
    };
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}
