import { readFileSync } from 'node:fs';
import path from 'node:path';
import { renderAsyncApi } from './asyncapi';
import { renderMarkdown } from './markdown';
import { buildCatalogue } from './model';

const ROOT = path.join(__dirname, '../..');
export const ASYNCAPI_PATH = path.join(ROOT, 'docs/asyncapi.yaml');
export const CATALOGUE_PAGE_PATH = path.join(ROOT, 'docs/event-catalogue.md');

/** The committed catalogue files and what the code says they should contain now. */
export function catalogueFiles(): { path: string; content: string }[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; license: string };
  const entries = buildCatalogue();
  return [
    { path: ASYNCAPI_PATH, content: renderAsyncApi(entries, pkg) },
    { path: CATALOGUE_PAGE_PATH, content: renderMarkdown(entries) },
  ];
}
