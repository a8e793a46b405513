import type { Setting, SettingGroup, SettingName } from '../../lib/settings';
import { SETTING_GROUPS, SETTINGS } from '../../lib/settings';

const entries = Object.entries(SETTINGS) as [SettingName, Setting<unknown>][];

/** Table cells hold one line; a `|` would end the cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function byDefault(setting: Setting<unknown>): string {
  return setting.default === undefined ? `unset: ${setting.unset}` : `\`${setting.default}\``;
}

function table(rows: [SettingName, Setting<unknown>][], withAccepts: boolean): string[] {
  const head = withAccepts
    ? ['| setting | default | accepts | what it does |', '| --- | --- | --- | --- |']
    : ['| setting | default | what it does |', '| --- | --- | --- |'];
  return [
    ...head,
    ...rows.map(
      ([name, s]) => `| \`${name}\` | ${cell(byDefault(s))} | ${withAccepts ? `${cell(s.kind.accepts)} | ` : ''}${cell(s.doc)} |`,
    ),
  ];
}

/** docs/configuration.md: every setting, by group. */
export function renderReference(): string {
  const groups = Object.entries(SETTING_GROUPS) as [SettingGroup, string][];
  return [
    '# Configuration',
    '',
    '<!-- Generated from lib/settings by `npm run config-docs`; edit the definitions there, not this file. -->',
    '',
    'Every setting is an environment variable, read once at start-up (`lib/config.ts`); nothing else reads',
    'the environment. An unset or blank variable takes its default. A value a setting does not accept stops',
    'the process before it listens, with a message naming each such setting and what it accepts. A `LADING_*`',
    'variable Lading does not know is logged as a warning at start-up (a misspelt setting would silently keep its',
    'default). Durations are written `250ms`, `90s`, `30m`, `24h` or `7d` (a bare number is milliseconds); sizes',
    '`256KiB`, `5MiB` or a number of bytes.',
    '',
    `Contents: ${groups.map(([key, title]) => `[${title}](#${anchor(title)}) (${entries.filter(([, s]) => s.group === key).length})`).join(', ')}.`,
    '',
    ...groups.flatMap(([key, title]) => [
      `## ${title}`,
      '',
      ...table(
        entries.filter(([, s]) => s.group === key),
        true,
      ),
      '',
    ]),
  ].join('\n');
}

/** The README's configuration table: the settings most deployments touch. */
export function renderReadmeTable(): string {
  return [
    ...table(
      entries.filter(([, s]) => s.main),
      false,
    ),
    '',
    `All ${entries.length} settings, with what each accepts: [docs/configuration.md](docs/configuration.md).`,
  ].join('\n');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}
