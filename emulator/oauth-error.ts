import type { Reply } from './exchange';

/**
 * An error from the login host. It is not an ErrorBody: the login service answers OAuth-style,
 * with the text both in `description` and in the standard `error_description` (facts §4 [GCCX]).
 */
export function oauthError(status: number, error: string, description: string): Reply {
  return { status, body: { error, description, error_description: description } };
}
