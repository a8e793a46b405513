import { Router } from 'express';
import path from 'node:path';
import { explorerPage } from './explorer-page';

const ASSETS_PATH = '/explorer/assets';

/** Files the explorer page loads, resolved from installed packages rather than a CDN. */
// The bundles are not in the packages' `exports`, so they are found beside each package.json.
const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const ASSETS: Record<string, string> = {
  'graphiql.min.js': path.join(packageDir('graphiql'), 'graphiql.min.js'),
  'graphiql.min.css': path.join(packageDir('graphiql'), 'graphiql.min.css'),
  'react.production.min.js': path.join(packageDir('react'), 'umd/react.production.min.js'),
  'react-dom.production.min.js': path.join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
};

/** `GET /graphql` from a browser (no query, HTML accepted) serves the explorer; assets need no token. */
export function explorerRouter(): Router {
  const router = Router();
  const page = explorerPage(ASSETS_PATH);
  router.get('/graphql', (req, res, next) => {
    if (req.query.query !== undefined || !req.accepts('html') || req.accepts(['json', 'html']) === 'json') return next();
    res.type('html').send(page);
  });
  router.get(`${ASSETS_PATH}/:file`, (req, res) => {
    const file = ASSETS[req.params.file];
    if (!file) {
      res.status(404).end();
      return;
    }
    res.sendFile(file, { maxAge: '1d' });
  });
  return router;
}
