import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import { closeServer, serveOnLoopback } from './loopback-server';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { signInPagePolicy } from './sign-in-page-policy';

export interface EmulatedGoogleClient {
  clientId: string;
  clientSecret: string;
}

export interface EmulatedGoogleUser {
  /** Google's subject: a stable numeric string, the only thing a login may be keyed on. */
  sub: string;
  name: string;
  email: string;
  emailVerified: boolean;
}

interface IssuedCode {
  clientId: string;
  sub: string;
  redirectUri: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
}

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** What an ID token of the emulator says; tests override any of it to make bad ones. */
export interface IdTokenClaims {
  iss?: string;
  aud?: string | string[];
  azp?: string;
  sub?: string;
  nonce?: string;
  iat?: number;
  exp?: number;
  email?: string;
  email_verified?: boolean;
  name?: string;
}

const CODE_SECONDS = 600;
const ID_TOKEN_SECONDS = 3600;

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const oauthError = (res: Response, status: number, error: string, description: string) =>
  res.status(status).json({ error, error_description: description });

/**
 * A stand-in for Google's OpenID provider that speaks its shapes: the discovery document, the
 * sign-in page (`/o/oauth2/v2/auth`: pick or create a test user, or cancel), the token endpoint
 * (client secret, redirect URI and PKCE checked, RS256 ID tokens), the JWKS (`/oauth2/v3/certs`,
 * with a key it rotates on request, the previous one still published) and userinfo. For
 * development and tests only: it holds every secret in memory and trusts whoever clicks.
 */
export class GoogleEmulator {
  private readonly clients = new Map<string, EmulatedGoogleClient>();
  private readonly users = new Map<string, EmulatedGoogleUser>();
  private readonly codes = new Map<string, IssuedCode>();
  private readonly accessTokens = new Map<string, string>();
  private keys: SigningKey[] = [];
  private server?: Server;
  private base = '';
  private authorizationBase = '';
  /** Server-to-server calls received (discovery, token, JWKS, userinfo), for tests to count. */
  readonly requests: Array<{ method: string; path: string }> = [];
  available = true;

  /** The issuer: this emulator's base URL once it listens. */
  get issuer(): string {
    return this.base;
  }

  registerClient(
    client: EmulatedGoogleClient = {
      clientId: `${randomBytes(6).readUIntBE(0, 6)}-${randomBytes(12).toString('hex')}.apps.googleusercontent.com`,
      clientSecret: `GOCSPX-${randomBytes(18).toString('base64url')}`,
    },
  ): EmulatedGoogleClient {
    this.clients.set(client.clientId, client);
    return client;
  }

  addUser(name: string, email?: string, emailVerified = true): EmulatedGoogleUser {
    const user = {
      sub: String(10n ** 20n + BigInt(`0x${randomBytes(8).toString('hex')}`)),
      name,
      email: email ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@gmail.test`,
      emailVerified,
    };
    this.users.set(user.sub, user);
    return user;
  }

  listUsers(): EmulatedGoogleUser[] {
    return [...this.users.values()];
  }

  /** Publishes a new signing key and signs with it from now on; answers its `kid`. */
  async rotateKey(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = randomBytes(20).toString('hex');
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    // Google keeps the previous key published while tokens signed with it are still valid.
    this.keys = [{ kid, privateKey, publicJwk }, ...this.keys].slice(0, 2);
    return kid;
  }

  /** The current signing key's id. */
  get currentKid(): string {
    return this.keys[0].kid;
  }

  /**
   * An ID token for `user`, as the token endpoint or Google Identity Services' button hands one out
   * (the GIS credential). `overrides` change any claim, for tests to make bad ones.
   */
  async idToken(clientId: string, sub: string, overrides: IdTokenClaims = {}): Promise<string> {
    const user = this.users.get(sub);
    const now = Math.floor(Date.now() / 1000);
    const claims: IdTokenClaims = {
      iss: this.base,
      aud: clientId,
      azp: clientId,
      sub,
      email: user?.email,
      email_verified: user?.emailVerified,
      name: user?.name,
      iat: now,
      exp: now + ID_TOKEN_SECONDS,
      ...overrides,
    };
    const key = this.keys[0];
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  /** The provider's own endpoints (server to server) and the sign-in page, as one Express router. */
  router(): express.Router {
    const router = express.Router();
    router.use(express.urlencoded({ extended: false, limit: '16kb' }));
    router.use((req, res, next) => {
      if (!this.available) return void res.status(503).send('emulated outage');
      if (!req.path.startsWith('/o/oauth2')) this.requests.push({ method: req.method, path: req.path });
      next();
    });
    router.get('/.well-known/openid-configuration', (_req, res) => void res.json(this.discovery()));
    router.get('/oauth2/v3/certs', (_req, res) => {
      res.setHeader('Cache-Control', 'public, max-age=300');
      res.json({ keys: this.keys.map((key) => key.publicJwk) });
    });
    router.post('/token', (req, res) => void this.token(req, res));
    router.get('/v1/userinfo', (req, res) => this.userinfo(req, res));
    router.post('/rotate-keys', (_req, res) => void this.rotateKey().then((kid) => res.json({ kid })));
    router.use(this.signInRouter());
    return router;
  }

  /** Just the sign-in page, for a browser to reach on the app's own origin. */
  signInRouter(): express.Router {
    const router = express.Router();
    router.use(express.urlencoded({ extended: false, limit: '16kb' }));
    router.get('/o/oauth2/v2/auth', (req, res) => this.renderSignIn(req, res));
    router.post('/o/oauth2/v2/auth', (req, res) => this.handleDecision(req, res));
    return router;
  }

  /**
   * Serves the router on a loopback port; resolves to the issuer URL. `authorizationBase` is where a
   * browser reaches the sign-in page (the app's own origin, when it mounts {@link signInRouter}).
   */
  async listen(options: { port?: number; authorizationBase?: string } = {}): Promise<string> {
    if (!this.keys.length) await this.rotateKey();
    ({ server: this.server, url: this.base } = await serveOnLoopback(this.router(), options.port));
    this.authorizationBase = options.authorizationBase ?? this.base;
    return this.base;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private discovery() {
    return {
      issuer: this.base,
      authorization_endpoint: `${this.authorizationBase}/o/oauth2/v2/auth`,
      token_endpoint: `${this.base}/token`,
      userinfo_endpoint: `${this.base}/v1/userinfo`,
      jwks_uri: `${this.base}/oauth2/v3/certs`,
      response_types_supported: ['code', 'token', 'id_token', 'code token', 'code id_token', 'none'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      claims_supported: ['aud', 'email', 'email_verified', 'exp', 'iat', 'iss', 'name', 'sub', 'nonce'],
      code_challenge_methods_supported: ['plain', 'S256'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
    };
  }

  private authorizationParameters(source: Record<string, unknown>) {
    const read = (name: string) => (typeof source[name] === 'string' ? (source[name] as string) : '');
    return {
      clientId: read('client_id'),
      redirectUri: read('redirect_uri'),
      state: read('state'),
      scope: read('scope'),
      nonce: read('nonce'),
      responseType: read('response_type'),
      codeChallenge: read('code_challenge'),
      codeChallengeMethod: read('code_challenge_method'),
    };
  }

  /** Google's sign-in page: pick or create a test user, or cancel. */
  renderSignIn(req: Request, res: Response): void {
    const parameters = this.authorizationParameters(req.query);
    if (!this.clients.has(parameters.clientId) || !parameters.redirectUri)
      return void res.status(400).send('Error 401: invalid_client (the OAuth client was not found)');
    if (parameters.responseType !== 'code' || !parameters.scope.split(' ').includes('openid'))
      return void res.status(400).send('Error 400: invalid_request (response_type=code and scope openid required)');
    const carried = Object.entries({
      client_id: parameters.clientId,
      redirect_uri: parameters.redirectUri,
      state: parameters.state,
      scope: parameters.scope,
      nonce: parameters.nonce,
      response_type: parameters.responseType,
      code_challenge: parameters.codeChallenge,
      code_challenge_method: parameters.codeChallengeMethod,
    })
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
      .join('');
    const users = this.listUsers()
      .map(
        (u) =>
          `<li><button name="sub" value="${escapeHtml(u.sub)}">Continue as ${escapeHtml(u.name)} (${escapeHtml(u.email)})</button></li>`,
      )
      .join('');
    res.setHeader('Content-Security-Policy', signInPagePolicy(parameters.redirectUri));
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.type('html')
      .send(`<!doctype html><html><head><meta charset="utf-8"><title>Sign in with Google (emulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;color:#202124}h1{font-size:1.4rem}
button{margin:.25rem 0;padding:.5rem 1rem;background:#1a73e8;color:#fff;border:0;border-radius:4px;cursor:pointer}
button.secondary{background:#e8eaed;color:#202124}ul{list-style:none;padding:0}input[type=text]{padding:.45rem;width:60%}</style></head>
<body><h1>Google emulator: choose an account</h1><p>An app asks for <code>${escapeHtml(parameters.scope)}</code>. Nothing here talks to Google.</p>
<form method="post">${carried}<ul>${users}</ul>
<p><label>New test user <input type="text" name="new_user_name" placeholder="Name"></label>
<button name="action" value="create">Create and continue</button></p>
<p><button class="secondary" name="action" value="cancel">Cancel</button></p></form></body></html>`);
  }

  /** The page's answer: back to redirect_uri with a code, or with error=access_denied. */
  handleDecision(req: Request, res: Response): void {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parameters = this.authorizationParameters(body);
    if (!this.clients.has(parameters.clientId) || !parameters.redirectUri)
      return void res.status(400).send('Error 401: invalid_client');
    const target = new URL(parameters.redirectUri);
    if (body.action === 'cancel') {
      target.searchParams.set('error', 'access_denied');
    } else {
      let user = typeof body.sub === 'string' ? this.users.get(body.sub) : undefined;
      if (!user && body.action === 'create') {
        const name =
          typeof body.new_user_name === 'string' && body.new_user_name.trim()
            ? body.new_user_name.trim().slice(0, 80)
            : 'Test User';
        user = this.addUser(name);
      }
      if (!user) return void res.status(400).send('Choose a test user');
      target.searchParams.set('code', this.issueCode(parameters.clientId, user.sub, parameters));
      target.searchParams.set('scope', parameters.scope);
    }
    if (parameters.state) target.searchParams.set('state', parameters.state);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.redirect(302, target.toString());
  }

  /** Issues a code as the sign-in page does when the user accepts. */
  issueCode(
    clientId: string,
    sub: string,
    parameters: { redirectUri: string; nonce?: string; codeChallenge?: string; codeChallengeMethod?: string },
  ): string {
    const code = `4/0${randomBytes(30).toString('base64url')}`;
    this.codes.set(code, {
      clientId,
      sub,
      redirectUri: parameters.redirectUri,
      nonce: parameters.nonce || undefined,
      codeChallenge: parameters.codeChallenge || undefined,
      codeChallengeMethod: parameters.codeChallengeMethod || undefined,
      expiresAt: Date.now() + CODE_SECONDS * 1000,
    });
    return code;
  }

  private async token(req: Request, res: Response): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const client = this.authenticateClient(req, body);
    if (!client) return void oauthError(res, 401, 'invalid_client', 'The OAuth client was not found.');
    if (body.grant_type !== 'authorization_code')
      return void oauthError(res, 400, 'unsupported_grant_type', 'Invalid grant_type.');
    const presented = String(body.code ?? '');
    const code = this.codes.get(presented);
    this.codes.delete(presented);
    if (!code || code.clientId !== client.clientId || code.expiresAt <= Date.now())
      return void oauthError(res, 400, 'invalid_grant', 'Malformed auth code.');
    if (code.redirectUri !== body.redirect_uri)
      return void oauthError(res, 400, 'redirect_uri_mismatch', 'Bad Request');
    if (code.codeChallenge) {
      const verifier = String(body.code_verifier ?? '');
      const computed =
        code.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
      if (!verifier || computed !== code.codeChallenge)
        return void oauthError(res, 400, 'invalid_grant', 'Invalid code verifier.');
    }
    const accessToken = `ya29.${randomBytes(32).toString('base64url')}`;
    this.accessTokens.set(accessToken, code.sub);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      access_token: accessToken,
      expires_in: 3599,
      scope: 'openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile',
      token_type: 'Bearer',
      id_token: await this.idToken(client.clientId, code.sub, code.nonce ? { nonce: code.nonce } : {}),
    });
  }

  private userinfo(req: Request, res: Response): void {
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const sub = token ? this.accessTokens.get(token) : undefined;
    const user = sub ? this.users.get(sub) : undefined;
    if (!user) return void oauthError(res, 401, 'invalid_request', 'Invalid Credentials');
    res.json({ sub: user.sub, name: user.name, email: user.email, email_verified: user.emailVerified });
  }

  /** client_secret_basic or client_secret_post, as Google accepts both. */
  private authenticateClient(req: Request, body: Record<string, unknown>): EmulatedGoogleClient | undefined {
    let id = typeof body.client_id === 'string' ? body.client_id : '';
    let secret = typeof body.client_secret === 'string' ? body.client_secret : '';
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const client = this.clients.get(id);
    if (!client) return undefined;
    const a = Buffer.from(client.clientSecret);
    const b = Buffer.from(secret);
    return a.length === b.length && timingSafeEqual(a, b) ? client : undefined;
  }
}
