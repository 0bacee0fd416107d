import type { Response } from 'express';
import type { BrowserCookies } from '@app/common';

/** Longest name kept in the hint cookie. */
export const MAX_HINT_LENGTH = 80;

/** Remembers who signed in on this browser, for "Continue as …" after they sign out (not a credential). */
export function rememberSignedIn(response: Response, cookies: BrowserCookies, name: string): void {
  response.cookie(cookies.hint.name, name.slice(0, MAX_HINT_LENGTH), cookies.hint.options);
}
