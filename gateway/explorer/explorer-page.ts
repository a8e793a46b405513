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
    <label for="token">Bearer token (service rep: npm run token -- --role service_rep)</label>
    <input id="token" placeholder="paste a token" autocomplete="off" />
  </div>
  <div id="graphiql">Loading…</div>
  <script src="${assetsPath}/react.production.min.js"></script>
  <script src="${assetsPath}/react-dom.production.min.js"></script>
  <script src="${assetsPath}/graphiql.min.js"></script>
  <script>
    const input = document.getElementById('token');
    input.value = localStorage.getItem('lading-token') || '';
    input.addEventListener('change', () => localStorage.setItem('lading-token', input.value.trim()));
    const fetcher = GraphiQL.createFetcher({
      url: location.pathname,
      headers: {},
      fetch: (url, options) => {
        const headers = Object.assign({}, options.headers, { authorization: 'Bearer ' + input.value.trim() });
        return fetch(url, Object.assign({}, options, { headers }));
      },
    });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;
}
