import { AuthClient, AuthError } from '/client/auth-client.js';
import { $, describeIn, item, note, requestJson, say } from '/page-kit.js';

// The mode is a preference, not a credential: it may live in localStorage.
const MODES = {
  cookie: 'The refresh token lives in an HttpOnly cookie: reloads and new tabs stay signed in.',
  session: 'The platform keeps the session; this page holds only an HttpOnly cookie, never a token.',
  memory: 'Both tokens live in this page’s memory: a reload signs you out (for native apps and tests).',
};
const mode = MODES[localStorage.getItem('demo.mode')] ? localStorage.getItem('demo.mode') : 'cookie';
const auth = new AuthClient({ redirectUri: `${location.origin}/`, mode });
const json = (path, init) => requestJson(auth, path, init);
const PROVIDERS = { facebook: 'Facebook', google: 'Google' };
// Which provider "Continue as …" goes back to: a preference, not a credential.
const lastProvider = () =>
  PROVIDERS[localStorage.getItem('demo.provider')] ? localStorage.getItem('demo.provider') : 'facebook';
function signInWith(provider) {
  localStorage.setItem('demo.provider', provider);
  return auth.startLogin({ provider });
}
const money = (cents) => `$${(cents / 100).toFixed(2)}`;

/** "Chrome on Linux" from a User-Agent: enough to tell one's own devices apart. */
function device(userAgent) {
  if (!userAgent) return 'Unknown device';
  const browser =
    [
      [/Edg\//, 'Edge'],
      [/OPR\//, 'Opera'],
      [/Firefox\//, 'Firefox'],
      [/(Headless)?Chrom(e|ium)\//, 'Chrome'],
      [/Version\/[\d.]+.*Safari\//, 'Safari'],
    ].find(([pattern]) => pattern.test(userAgent))?.[1] ?? 'Unknown browser';
  const os = [
    [/Windows/, 'Windows'],
    [/iPhone|iPad/, 'iOS'],
    [/Mac OS X/, 'macOS'],
    [/Android/, 'Android'],
    [/CrOS/, 'ChromeOS'],
    [/Linux/, 'Linux'],
  ].find(([pattern]) => pattern.test(userAgent))?.[1];
  return os ? `${browser} on ${os}` : browser;
}

function ago(iso) {
  const seconds = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} days ago`;
}

let known = { state: 'anonymous' };

async function render() {
  $('signed-in').hidden = !auth.signedIn;
  $('signed-out').hidden = auth.signedIn;
  if (!auth.signedIn) {
    const returning = known.state === 'returning' || known.state === 'signed-in' ? known.account.name : undefined;
    $('state').textContent = returning ? `Welcome back, ${returning}.` : 'Not signed in.';
    $('continue').hidden = !returning;
    $('continue').textContent = returning ? `Continue as ${returning}` : '';
    $('login').textContent = returning ? 'Use another Facebook account' : 'Continue with Facebook';
    $('login-google').textContent = returning ? 'Use another Google account' : 'Continue with Google';
    return;
  }
  const [me, products, orders, sessions] = await Promise.all([
    json('/auth/me'),
    json('/api/products'),
    json('/api/orders'),
    json('/auth/sessions'),
  ]);
  $('state').textContent = `Signed in as ${me.name}.`;
  $('admin-link').hidden = !me.roles.includes('admin');
  describeIn($('profile'), [
    ['Name', me.name],
    ['Email', me.email ?? '—'],
    ['Roles', me.roles.join(', ')],
    ['Linked', me.providers.map((p) => p.provider).join(', ')],
  ]);
  const linked = new Set(me.providers.map((p) => p.provider));
  $('logins').replaceChildren(
    ...Object.entries(PROVIDERS).map(([provider, label]) =>
      linked.has(provider)
        ? item(`${label}: linked`, { label: `Unlink ${label}`, onClick: () => unlink(provider, label) })
        : item(`${label}: not linked`, { label: `Link ${label}`, onClick: () => auth.linkProvider(provider) }),
    ),
  );
  $('products').replaceChildren(
    ...products.map((p) =>
      p.stock > 0
        ? item(`${p.name} (${p.sku}) — ${money(p.priceCents)}, ${p.stock} in stock`, {
            label: 'Order 1',
            onClick: () => placeOrder(p.sku),
          })
        : note(`${p.name} (${p.sku}) — ${money(p.priceCents)}, out of stock`, 'out-of-stock'),
    ),
  );
  $('orders').replaceChildren(
    ...(orders.length
      ? orders.map((o) =>
          item(`${o.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ')} — ${money(o.totalCents)} (${o.status})`),
        )
      : [note('No orders yet. Order something above.')]),
  );
  $('sessions').replaceChildren(
    ...sessions.map((s) =>
      item(
        `${s.current ? 'This browser' : device(s.userAgent)}${s.current ? ` (${device(s.userAgent)})` : ''} — last used ${ago(s.lastUsedAt)}`,
        {
          label: 'Revoke',
          onClick: () => revoke(s.id),
        },
      ),
    ),
  );
}

async function placeOrder(sku) {
  try {
    await json('/api/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ sku, quantity: 1 }] }),
    });
    say('Order placed.');
  } catch (error) {
    say(`Order refused: ${error.message}`);
  }
  await render();
}

async function unlink(provider, label) {
  try {
    await auth.unlinkProvider(provider);
    say(`${label} unlinked.`);
  } catch (error) {
    say(`Unlink refused: ${error.message}`);
  }
  await render();
}

async function revoke(id) {
  await auth.fetch(`/auth/sessions/${id}`, { method: 'DELETE' });
  say('Session revoked.');
  known = await auth.session().catch(() => known);
  await render().catch(() => undefined);
}

$('mode').value = mode;
$('mode-hint').textContent = MODES[mode];
$('mode').addEventListener('change', async () => {
  // Each mode holds the session its own way: switching starts from a signed-out page.
  if (auth.signedIn) await auth.logout();
  localStorage.setItem('demo.mode', $('mode').value);
  location.reload();
});
$('login').addEventListener('click', () => signInWith('facebook'));
$('login-google').addEventListener('click', () => signInWith('google'));
$('continue').addEventListener('click', () => signInWith(lastProvider()));
$('logout').addEventListener('click', async () => {
  await auth.logout();
  say('Logged out.');
  known = await auth.session().catch(() => known);
  await render();
});
auth.onChange(async (signedIn) => {
  if (!signedIn) say('You were signed out (in another tab, or the session ended).');
  known = await auth.session().catch(() => known);
  await render().catch(() => undefined);
});

// A ban or a revocation from another device signs this tab out within about a second.
auth.watchSession({ intervalMs: 1000 });

const returned = new URL(location.href).searchParams;
try {
  const completed = await auth.completeLogin(location.href);
  const linkedNow = PROVIDERS[returned.get('linked')];
  if (linkedNow) say(`${linkedNow} linked to your account.`);
  else if (completed) say(`Signed in with ${PROVIDERS[lastProvider()]}.`);
} catch (error) {
  if (error instanceof AuthError && error.error === 'account_exists')
    say('That login already belongs to another account; nothing was merged.');
  else say(error instanceof AuthError ? `Login failed: ${error.message}` : String(error));
}
if (location.search) history.replaceState(null, '', '/');
known = await auth.restore().catch(() => known);
await render();
