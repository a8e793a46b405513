import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Supergraph } from '@apollo/federation-internals';
import { parse, validate } from 'graphql';
import { loadSupergraphSdl } from '../lib/supergraph/load';
import { SUPERGRAPH_SDL_PATH } from '../lib/supergraph/paths';
import type { LadingProcess } from '../stack/lading-process';
import { startLadingProcess } from '../stack/lading-process';
import { untilValue } from './support/until';

/**
 * The README's examples, run as written against `npm start` with its demo data, so they cannot rot:
 * the commands are read from the "Examples" code block, not copied here. Only the address changes
 * (the stack runs on free ports).
 */
const ROOT = path.join(__dirname, '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

interface Command {
  /** The comment lines just above it, which say what to expect. */
  comment: string;
  text: string;
}

/** The commands of the first bash block under `heading`: continuation lines joined, comments kept as context. */
function readmeCommands(markdown: string, heading: string): Command[] {
  const section = markdown.slice(markdown.indexOf(`\n${heading}\n`));
  const block = /```bash\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error(`no bash block under "${heading}" in README.md`);
  const commands: Command[] = [];
  let comment = '';
  let pending = '';
  for (const line of block[1].split('\n')) {
    if (!pending && line.trim().startsWith('#')) {
      comment += line.trim().slice(1).trim() + ' ';
      continue;
    }
    if (!pending && !line.trim()) continue;
    pending += line.endsWith('\\') ? line.slice(0, -1) : line;
    if (line.endsWith('\\')) continue;
    commands.push({ comment: comment.trim(), text: pending.trim() });
    pending = '';
    comment = '';
  }
  return commands;
}

function bash(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`\`${script}\` exited ${code}: ${stderr.slice(-800)}`))));
  });
}

/** What an answer must look like to count as working: no errors, no null top-level field, every event accepted. */
function problemsIn(output: string): string[] {
  let body: any;
  try {
    body = JSON.parse(output);
  } catch {
    return [`not JSON: ${output.slice(0, 300)}`];
  }
  if (Array.isArray(body.results))
    return body.results.filter((r: any) => r.status !== 'accepted').map((r: any) => `event ${r.id} ${r.status}: ${r.reason}`);
  const problems = (body.errors ?? []).map((e: any) => `${e.extensions?.code}: ${e.message}`);
  for (const [field, value] of Object.entries(body.data ?? {})) if (value === null) problems.push(`${field} is null`);
  if (!body.data) problems.push('no data');
  return problems;
}

/** Every GraphQL document of the section: the curl bodies' queries and inline `subscription { … }` code. */
function readmeDocuments(markdown: string, heading: string): string[] {
  const start = markdown.indexOf(`\n${heading}\n`);
  const section = markdown.slice(start, markdown.indexOf('\n## ', start + heading.length + 2));
  const bodies = [...section.matchAll(/-d '(\{[^']*\})'/g)].map((m) => JSON.parse(m[1]) as { query?: string });
  const inline = [...section.matchAll(/`((?:query|subscription|mutation) \{[^`]*)`/g)].map((m) => m[1]);
  return [...bodies.flatMap((b) => (b.query ? [b.query] : [])), ...inline];
}

describe("the README's GraphQL documents", () => {
  it('are valid against the graph, the live-milestone subscription included', () => {
    const apiSchema = Supergraph.build(loadSupergraphSdl(SUPERGRAPH_SDL_PATH)).apiSchema().toGraphQLJSSchema();
    const documents = readmeDocuments(README, '## Examples');
    expect(documents.length).toBeGreaterThanOrEqual(4);
    expect(documents.some((d) => d.startsWith('subscription'))).toBe(true);
    for (const document of documents)
      expect([document, validate(apiSchema, parse(document)).map((e) => e.message)]).toEqual([document, []]);
  });
});

describe('the README examples', () => {
  let lading: LadingProcess;
  // Same settings a newcomer has: the development JWT secret, the demo data.
  const env = { LADING_JWT_SECRET: '' };

  beforeAll(async () => {
    lading = await startLadingProcess({ ...env, LADING_DEMO_DATA: 'true' });
  }, 120_000);
  afterAll(() => lading?.stop());

  it('are found in README.md', () => {
    const commands = readmeCommands(README, '## Examples');
    expect(commands.filter((c) => c.text.startsWith('curl ')).length).toBeGreaterThanOrEqual(3);
    expect(commands.some((c) => c.text.includes('npm run -s token'))).toBe(true);
  });

  it('work verbatim with the tokens the README mints', async () => {
    const address = new URL(lading.gatewayUrl).host;
    const vars: Record<string, string> = {};
    for (const command of readmeCommands(README, '## Examples')) {
      const text = command.text.replace(/localhost:4000/g, address);
      const assignment = /^([A-Z_]+)=\$\((.*)\)$/.exec(text);
      if (assignment) {
        vars[assignment[1]] = (await bash(assignment[2], { ...env, ...vars })).trim();
        expect(vars[assignment[1]]).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);
        continue;
      }
      // "its status is X": the event is applied asynchronously (in milliseconds), so ask again until then.
      const expected = /status is ([A-Z_]+)/.exec(command.comment)?.[1];
      const output = await untilValue(
        () => bash(text, { ...env, ...vars }),
        (out) => !expected || out.includes(`"status":"${expected}"`),
        `status ${expected} (${command.comment})`,
      ).catch(() => bash(text, { ...env, ...vars }));
      expect({ command: command.comment, problems: problemsIn(output) }).toEqual({ command: command.comment, problems: [] });
      if (expected) expect(output).toContain(`"status":"${expected}"`);
    }
  }, 120_000);

  it('work with the tokens npm start prints, too', async () => {
    const printed = (role: string) => new RegExp(`^  ${role.replace(/[()]/g, '\\$&')} +(\\S+)$`, 'm').exec(lading.banner)?.[1] ?? '';
    // The README's customer is the one whose token the banner prints.
    const customer = /--customer (CUST-\d+)/.exec(readmeCommands(README, '## Examples')[0].text)![1];
    const tokens = { TOKEN: printed(`customer (${customer})`), ITOKEN: printed('integration') };
    expect(tokens.TOKEN).toMatch(/^ey/);
    expect(tokens.ITOKEN).toMatch(/^ey/);
    const address = new URL(lading.gatewayUrl).host;
    for (const command of readmeCommands(README, '## Examples').filter((c) => c.text.startsWith('curl '))) {
      // The other test posted the README's event already: a new id keeps this post from being a duplicate.
      const output = await bash(command.text.replace(/localhost:4000/g, address).replace(/"id":"([^"]+)"/, '"id":"$1-banner"'), tokens);
      expect({ command: command.comment, problems: problemsIn(output) }).toEqual({ command: command.comment, problems: [] });
    }
  }, 60_000);
});
