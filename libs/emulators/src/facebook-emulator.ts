import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import express, { type Request, type Response } from 'express';
import { closeServer, serveOnLoopback } from './loopback-server';
import { signInPagePolicy } from './sign-in-page-policy';

export interface EmulatedApp {
  appId: string;
  appSecret: string;
}

export interface EmulatedUser {
  /** App-scoped user id, as Facebook gives one per app. */
  id: string;
  name: string;
  email?: string;
}

interface IssuedToken {
  appId: string;
  userId: string;
  expiresAt: number;
  longLived: boolean;
}

interface IssuedCode {
  appId: string;
  userId: string;
  redirectUri: string;
  expiresAt: number;
}

const SHORT_LIVED_SECONDS = 2 * 3600;
const LONG_LIVED_SECONDS = 60 * 24 * 3600;
const CODE_SECONDS = 600;

const graphError = (res: Response, status: number, code: number, message: string, type = 'OAuthException') =>
  res.status(status).json({ error: { message, type, code, fbtrace_id: randomBytes(8).toString('hex') } });

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A stand-in for Facebook that speaks the Graph API's shapes: the OAuth dialog (a small page to
 * pick or create a test user), /oauth/access_token (codes and fb_exchange_token), /debug_token
 * and /me (which requires appsecret_proof). For development and tests only: it holds every
 * secret in memory and trusts whoever clicks.
 */
export class FacebookEmulator {
  private readonly apps = new Map<string, EmulatedApp>();
  private readonly users = new Map<string, EmulatedUser>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly codes = new Map<string, IssuedCode>();
  private server?: Server;
  /** Graph calls received, for tests to check what was (and was not) asked of Facebook. */
  readonly requests: Array<{ method: string; path: string; query: Record<string, unknown>; authorization?: string }> =
    [];
  available = true;

  registerApp(
    app: EmulatedApp = {
      appId: String(100000 + Math.floor(Math.random() * 899999)),
      appSecret: randomBytes(16).toString('hex'),
    },
  ): EmulatedApp {
    this.apps.set(app.appId, app);
    return app;
  }

  addUser(
    name: string,
    email?: string,
    id = String(10 ** 15 + Math.floor(Math.random() * 9 * 10 ** 15)),
  ): EmulatedUser {
    const user = { id, name, email };
    this.users.set(user.id, user);
    return user;
  }

  listUsers(): EmulatedUser[] {
    return [...this.users.values()];
  }

  /** A user access token as the JavaScript SDK would hand to a browser. */
  issueUserToken(appId: string, userId: string, expiresInSeconds = SHORT_LIVED_SECONDS): string {
    const token = `EAA${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { appId, userId, expiresAt: Date.now() + expiresInSeconds * 1000, longLived: false });
    return token;
  }

  /** Issues a code as the dialog does when the user accepts. */
  issueCode(appId: string, userId: string, redirectUri: string): string {
    const code = `AQ${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, { appId, userId, redirectUri, expiresAt: Date.now() + CODE_SECONDS * 1000 });
    return code;
  }

  /** The Graph endpoints (server to server) and the dialog (browser), as one Express router. */
  router(): express.Router {
    const router = express.Router();
    router.use(express.urlencoded({ extended: false, limit: '16kb' }));
    router.use((req, res, next) => {
      if (!this.available) return void res.status(503).send('emulated outage');
      if (!req.path.startsWith('/dialog')) {
        this.requests.push({
          method: req.method,
          path: req.path,
          query: { ...req.query },
          authorization: req.headers.authorization,
        });
      }
      next();
    });
    router.get('/dialog/oauth', (req, res) => this.renderDialog(req, res));
    router.post('/dialog/oauth', (req, res) => this.handleDecision(req, res));
    router.all('/oauth/access_token', (req, res) => this.accessToken(req, res));
    router.get('/debug_token', (req, res) => this.debugToken(req, res));
    router.get('/me', (req, res) => this.me(req, res));
    return router;
  }

  /** Just the OAuth dialog, for a browser to reach on the app's own origin. */
  dialogRouter(): express.Router {
    const router = express.Router();
    router.use(express.urlencoded({ extended: false, limit: '16kb' }));
    router.get('/dialog/oauth', (req, res) => this.renderDialog(req, res));
    router.post('/dialog/oauth', (req, res) => this.handleDecision(req, res));
    return router;
  }

  /** Serves the router on a loopback port; resolves to its base URL. */
  async listen(port = 0): Promise<string> {
    let url: string;
    ({ server: this.server, url } = await serveOnLoopback(this.router(), port));
    return url;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private dialogParameters(source: Record<string, unknown>) {
    const read = (name: string) => (typeof source[name] === 'string' ? (source[name] as string) : '');
    return {
      clientId: read('client_id'),
      redirectUri: read('redirect_uri'),
      state: read('state'),
      scope: read('scope'),
    };
  }

  /** The OAuth dialog: pick or create a test user, or cancel. */
  renderDialog(req: Request, res: Response): void {
    const { clientId, redirectUri, state, scope } = this.dialogParameters(req.query);
    if (!this.apps.has(clientId) || !redirectUri) return void res.status(400).send('Invalid App ID or redirect_uri');
    const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
    const carried =
      hidden('client_id', clientId) +
      hidden('redirect_uri', redirectUri) +
      hidden('state', state) +
      hidden('scope', scope);
    const users = this.listUsers()
      .map(
        (u) => `<li><button name="user_id" value="${escapeHtml(u.id)}">Continue as ${escapeHtml(u.name)}</button></li>`,
      )
      .join('');
    res.setHeader('Content-Security-Policy', signInPagePolicy(redirectUri));
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.type('html')
      .send(`<!doctype html><html><head><meta charset="utf-8"><title>Log in with Facebook (emulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;color:#1c1e21}h1{color:#1877f2;font-size:1.4rem}
button{margin:.25rem 0;padding:.5rem 1rem;background:#1877f2;color:#fff;border:0;border-radius:6px;cursor:pointer}
button.secondary{background:#e4e6eb;color:#1c1e21}ul{list-style:none;padding:0}input[type=text]{padding:.45rem;width:60%}</style></head>
<body><h1>Facebook emulator</h1><p>An app asks for <code>${escapeHtml(scope || 'public_profile')}</code>. Nothing here talks to Facebook.</p>
<form method="post">${carried}<ul>${users}</ul>
<p><label>New test user <input type="text" name="new_user_name" placeholder="Name"></label>
<button name="action" value="create">Create and continue</button></p>
<p><button class="secondary" name="action" value="cancel">Cancel</button></p></form></body></html>`);
  }

  /** The dialog's answer: back to redirect_uri with a code, or with error=access_denied. */
  handleDecision(req: Request, res: Response): void {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { clientId, redirectUri, state } = this.dialogParameters(body);
    if (!this.apps.has(clientId) || !redirectUri) return void res.status(400).send('Invalid App ID or redirect_uri');
    const target = new URL(redirectUri);
    if (body.action === 'cancel') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_code', '200');
      target.searchParams.set('error_description', 'Permissions error');
      target.searchParams.set('error_reason', 'user_denied');
    } else {
      let user = typeof body.user_id === 'string' ? this.users.get(body.user_id) : undefined;
      if (!user && body.action === 'create') {
        const name =
          typeof body.new_user_name === 'string' && body.new_user_name.trim()
            ? body.new_user_name.trim().slice(0, 80)
            : 'Test User';
        user = this.addUser(name, `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.test`);
      }
      if (!user) return void res.status(400).send('Choose a test user');
      target.searchParams.set('code', this.issueCode(clientId, user.id, redirectUri));
    }
    if (state) target.searchParams.set('state', state);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.redirect(302, target.toString());
  }

  private accessToken(req: Request, res: Response): void {
    const params = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
    const app = this.apps.get(String(params.client_id ?? ''));
    if (!app || !this.secretMatches(app, params.client_secret))
      return void graphError(res, 400, 1, 'Error validating client secret.');
    if (params.grant_type === 'fb_exchange_token') {
      const issued = this.tokens.get(String(params.fb_exchange_token ?? ''));
      if (!issued || issued.appId !== app.appId || issued.expiresAt <= Date.now()) {
        return void graphError(res, 400, 190, 'Error validating access token: The session is invalid.');
      }
      const token = `EAA${randomBytes(32).toString('base64url')}`;
      this.tokens.set(token, { ...issued, expiresAt: Date.now() + LONG_LIVED_SECONDS * 1000, longLived: true });
      return void res.json({ access_token: token, token_type: 'bearer', expires_in: LONG_LIVED_SECONDS });
    }
    const code = this.codes.get(String(params.code ?? ''));
    this.codes.delete(String(params.code ?? ''));
    if (!code || code.appId !== app.appId || code.expiresAt <= Date.now()) {
      return void graphError(res, 400, 100, 'This authorization code has been used or has expired.');
    }
    if (code.redirectUri !== params.redirect_uri) {
      return void graphError(
        res,
        400,
        100,
        "Can't load URL: redirect_uri is not identical to the one used in the OAuth dialog request",
      );
    }
    return void res.json({
      access_token: this.issueUserToken(app.appId, code.userId),
      token_type: 'bearer',
      expires_in: SHORT_LIVED_SECONDS,
    });
  }

  private debugToken(req: Request, res: Response): void {
    const appToken = this.bearer(req) ?? String(req.query.access_token ?? '');
    const [appId, secret] = appToken.split('|');
    const app = this.apps.get(appId);
    if (!app || !this.secretMatches(app, secret))
      return void graphError(res, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
    const input = String(req.query.input_token ?? '');
    const issued = this.tokens.get(input);
    if (!issued) {
      return void res.json({
        data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' }, scopes: [] },
      });
    }
    const issuedTo = this.apps.get(issued.appId);
    return void res.json({
      data: {
        app_id: issued.appId,
        type: 'USER',
        application: issuedTo ? `Emulated app ${issued.appId}` : 'Unknown',
        data_access_expires_at: Math.floor(issued.expiresAt / 1000) + 90 * 24 * 3600,
        expires_at: Math.floor(issued.expiresAt / 1000),
        is_valid: issued.expiresAt > Date.now(),
        scopes: ['email', 'public_profile'],
        user_id: issued.userId,
      },
    });
  }

  private me(req: Request, res: Response): void {
    const token = this.bearer(req) ?? String(req.query.access_token ?? '');
    const issued = this.tokens.get(token);
    if (!issued || issued.expiresAt <= Date.now())
      return void graphError(res, 400, 190, 'Error validating access token: Session has expired.');
    const app = this.apps.get(issued.appId)!;
    const proof = createHmac('sha256', app.appSecret).update(token).digest('hex');
    if (req.query.appsecret_proof !== proof) {
      return void graphError(
        res,
        400,
        100,
        'API calls from the server require an appsecret_proof argument',
        'GraphMethodException',
      );
    }
    const user = this.users.get(issued.userId)!;
    const fields = String(req.query.fields ?? 'id,name').split(',');
    const body: Record<string, string> = { id: user.id };
    if (fields.includes('name')) body.name = user.name;
    if (fields.includes('email') && user.email) body.email = user.email;
    res.json(body);
  }

  private bearer(req: Request): string | undefined {
    const match = /^(?:Bearer|OAuth) (.+)$/i.exec(req.headers.authorization ?? '');
    return match?.[1];
  }

  private secretMatches(app: EmulatedApp, presented: unknown): boolean {
    const a = Buffer.from(app.appSecret);
    const b = Buffer.from(typeof presented === 'string' ? presented : '');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
