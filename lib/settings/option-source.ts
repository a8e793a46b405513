import type { SettingName, SettingValues } from './catalogue';
import { DEFAULTS } from './read-settings';

/**
 * Which setting each option of a module is read from, by the option's name; a nested source is a
 * group of options. The options' types and defaults follow from the settings (`OptionsOf`,
 * `optionsFrom`), so a module never restates a setting's type or default.
 */
export interface OptionSource {
  readonly [option: string]: SettingName | OptionSource;
}

/** The options `S` maps: each has its setting's parsed type (the source's doc comments carry over). */
export type OptionsOf<S extends OptionSource> = {
  -readonly [K in keyof S]: S[K] extends SettingName ? SettingValues[S[K]] : S[K] extends OptionSource ? OptionsOf<S[K]> : never;
};

/** The options `source` maps, read from `values`; by default each setting's declared default. */
export function optionsFrom<S extends OptionSource>(source: S, values: SettingValues = DEFAULTS): OptionsOf<S> {
  const options: Record<string, unknown> = {};
  for (const [option, from] of Object.entries(source))
    options[option] = typeof from === 'string' ? values[from] : optionsFrom(from, values);
  return options as OptionsOf<S>;
}
