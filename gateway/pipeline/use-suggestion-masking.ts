import { Role } from '../../lib/identity/identity';
import type { PipelinePlugin } from './types';

const SUGGESTION = /\s*Did you mean .*\?$/;

/** A message without its trailing "Did you mean …?". */
export function withoutSuggestion(message: string): string {
  return message.replace(SUGGESTION, '');
}

/** Strips "Did you mean …?" from errors: suggestions reveal the schema, which only service reps may explore. */
export function useSuggestionMasking(): PipelinePlugin {
  return {
    name: 'suggestion-masking',
    formatError(context, formatted) {
      if (context.identity?.role === Role.ServiceRep || !SUGGESTION.test(formatted.message)) return formatted;
      return { ...formatted, message: withoutSuggestion(formatted.message) };
    },
  };
}
