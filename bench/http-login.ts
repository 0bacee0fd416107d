import { createHash, randomBytes } from 'node:crypto';

export interface Tokens {
  access_token: string;
  refresh_token: string;
}

/** A user logged in through the built-in emulator's redirect flow, over plain HTTP. */
export async function loginThroughEmulator(origin: string, name: string): Promise<Tokens> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const redirectUri = `${origin}/`;
  const start = await fetch(
    `${origin}/auth/facebook?${new URLSearchParams({ redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256' })}`,
    { redirect: 'manual' },
  );
  const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0];
  const dialog = new URL(start.headers.get('location')!);
  const decision = await fetch(`${origin}${dialog.pathname}`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({
      client_id: dialog.searchParams.get('client_id')!,
      redirect_uri: dialog.searchParams.get('redirect_uri')!,
      state: dialog.searchParams.get('state')!,
      action: 'create',
      new_user_name: name,
    }),
  });
  const callback = new URL(decision.headers.get('location')!);
  const back = await fetch(`${origin}${callback.pathname}${callback.search}`, {
    redirect: 'manual',
    headers: { cookie },
  });
  const code = new URL(back.headers.get('location')!).searchParams.get('code')!;
  const response = await fetch(`${origin}/auth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: redirectUri,
    }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as Tokens;
}
