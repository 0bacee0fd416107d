/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerTokenOf(authorization: unknown): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  const match = /^Bearer[ ]+([^\s]+)[ ]*$/i.exec(authorization);
  return match?.[1];
}

/** RFC 6750 §3 challenge for a missing or refused token. */
export function bearerChallenge(error?: 'invalid_token' | 'insufficient_scope', description?: string): string {
  if (!error) return 'Bearer';
  const safe = description?.replace(/["\\]/g, '');
  return `Bearer error="${error}"${safe ? `, error_description="${safe}"` : ''}`;
}
