import { AuthClient, AuthError } from '/client/auth-client.js';

const auth = new AuthClient({ redirectUri: `${location.origin}/` });
const $ = (id) => document.getElementById(id);
const money = (cents) => `$${(cents / 100).toFixed(2)}`;

function say(text) {
  $('message').textContent = text;
}

function item(text, button) {
  const li = document.createElement('li');
  const span = document.createElement('span');
  span.textContent = text;
  li.append(span);
  if (button) {
    const action = document.createElement('button');
    action.textContent = button.label;
    action.addEventListener('click', button.onClick);
    li.append(action);
  }
  return li;
}

async function json(path, init) {
  const response = await auth.fetch(path, init);
  const body = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error(Array.isArray(body?.message) ? body.message.join(', ') : body?.message ?? response.statusText);
  return body;
}

async function render() {
  $('signed-in').hidden = !auth.signedIn;
  $('signed-out').hidden = auth.signedIn;
  if (!auth.signedIn) return;
  const [me, products, orders, sessions] = await Promise.all([
    json('/auth/me'),
    json('/api/products'),
    json('/api/orders'),
    json('/auth/sessions'),
  ]);
  const profile = $('profile');
  profile.replaceChildren();
  for (const [label, value] of [['Name', me.name], ['Email', me.email ?? '—'], ['Roles', me.roles.join(', ')], ['Linked', me.providers.map((p) => p.provider).join(', ')]]) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    profile.append(dt, dd);
  }
  $('products').replaceChildren(
    ...products.map((p) =>
      item(`${p.name} (${p.sku}) — ${money(p.priceCents)}, ${p.stock} in stock`, {
        label: 'Order 1',
        onClick: () => placeOrder(p.sku),
      }),
    ),
  );
  $('orders').replaceChildren(...orders.map((o) => item(`${o.items.map((i) => `${i.quantity} × ${i.sku}`).join(', ')} — ${money(o.totalCents)} (${o.status})`)));
  $('sessions').replaceChildren(
    ...sessions.map((s) =>
      item(`${s.current ? 'This browser' : s.userAgent ?? 'Unknown'} — since ${new Date(s.createdAt).toLocaleString()}`, {
        label: 'Revoke',
        onClick: () => revoke(s.id),
      }),
    ),
  );
}

async function placeOrder(sku) {
  try {
    await json('/api/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [{ sku, quantity: 1 }] }) });
    say('Order placed.');
  } catch (error) {
    say(`Order refused: ${error.message}`);
  }
  await render();
}

async function revoke(id) {
  await auth.fetch(`/auth/sessions/${id}`, { method: 'DELETE' });
  say('Session revoked.');
  await render().catch(() => undefined);
}

$('login').addEventListener('click', () => auth.startLogin());
$('logout').addEventListener('click', async () => {
  await auth.logout();
  say('Logged out.');
  await render();
});
auth.onChange(() => void render());

try {
  if (await auth.completeLogin(location.href)) {
    history.replaceState(null, '', '/');
    say('Signed in with Facebook.');
  }
} catch (error) {
  history.replaceState(null, '', '/');
  say(error instanceof AuthError ? `Login failed: ${error.message}` : String(error));
}
await render();
