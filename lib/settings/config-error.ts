/** A setting (or a combination of settings) Lading refuses to start with; the message names it and what is accepted. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
