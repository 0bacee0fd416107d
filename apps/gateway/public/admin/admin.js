import { AuthClient, AuthError } from '/client/auth-client.js';
import { $, describeIn, item, note, requestJson, say } from '/page-kit.js';

// Session mode: the platform keeps the admin's session; this page never holds a token, and it
// calls nothing but /api/admin/*, so it can do no more than the admin role allows.
const auth = new AuthClient({ redirectUri: `${location.origin}/admin`, mode: 'session' });
const api = (path, init) => requestJson(auth, path, init);
const AUDIT_PAGE = 20;

const when = (iso) => new Date(iso).toLocaleString();

/** One line per event: what, when, from where, and the facts it recorded (never a token). */
function eventLine(event, { withAccount }) {
  const facts = Object.entries(event.detail ?? {})
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(', ');
  const parts = [when(event.at), event.type];
  if (withAccount && event.accountId) parts.push(`account ${event.accountId}`);
  if (event.ip) parts.push(`from ${event.ip}`);
  if (facts) parts.push(facts);
  const li =
    withAccount && event.accountId
      ? item(parts.join(' · '), { label: 'Open', onClick: () => showAccount(event.accountId).catch(failed) })
      : note(parts.join(' · '));
  li.className = 'event';
  return li;
}

/** A list of audit events with an "Older events" button that follows the page cursor. */
function auditList(listId, moreId, filter) {
  let next = null;
  const load = async (append) => {
    const query = new URLSearchParams({ ...filter, limit: String(AUDIT_PAGE) });
    if (append && next) query.set('before', next);
    const page = await api(`/api/admin/audit?${query}`);
    next = page.next;
    const lines = page.events.map((event) => eventLine(event, { withAccount: !filter.account }));
    if (append) $(listId).append(...lines);
    else $(listId).replaceChildren(...(lines.length ? lines : [note('No events.')]));
    $(moreId).hidden = !next;
  };
  $(moreId).onclick = () => load(true).catch(failed);
  return load;
}

let openAccountId = null;

async function showAccount(id) {
  openAccountId = id;
  const [account, sessions] = await Promise.all([
    api(`/api/admin/accounts/${id}`),
    api(`/api/admin/accounts/${id}/sessions`),
  ]);
  $('account').hidden = false;
  $('account-name').textContent = account.name;
  describeIn($('account-details'), [
    ['Id', account.id],
    ['Email', account.email ?? '—'],
    ['Roles', account.roles.join(', ')],
    ['Logins', account.providers.map((p) => `${p.provider} (since ${when(p.linkedAt)})`).join(', ')],
    account.banned ? ['State', `banned: ${account.banReason ?? 'no reason given'}`, 'banned'] : ['State', 'active'],
  ]);
  $('ban-form').hidden = account.banned;
  $('unban-row').hidden = !account.banned;
  $('ban-state').textContent = account.banned ? 'This account is banned.' : '';
  $('roles').value = account.roles.filter((role) => role !== 'user').join(', ');
  $('account-sessions').replaceChildren(
    ...(sessions.length
      ? sessions.map((session) =>
          item(
            `${session.provider} · ${session.userAgent ?? 'unknown device'}${session.ip ? ` · ${session.ip}` : ''} · last used ${when(session.lastUsedAt)}`,
            {
              label: 'End',
              onClick: () =>
                act(
                  () => api(`/api/admin/accounts/${id}/sessions/${session.id}`, { method: 'DELETE' }),
                  'Session ended.',
                ),
            },
          ),
        )
      : [note('No live sessions.')]),
  );
  $('end-all').hidden = sessions.length === 0;
  await auditList('account-audit', 'account-audit-more', { account: id })(false);
}

/** Runs an admin action, says how it went, and shows the account (and the log) as they are now. */
async function act(action, done) {
  try {
    await action();
    say(done);
  } catch (error) {
    say(`Refused: ${error.message}`);
  }
  await Promise.all([openAccountId ? showAccount(openAccountId) : undefined, recent(false)]).catch(failed);
}

async function search(query) {
  const accounts = await api(`/api/admin/accounts?${new URLSearchParams({ query })}`);
  $('results').replaceChildren(
    ...(accounts.length
      ? accounts.map((account) =>
          item(
            `${account.name}${account.email ? ` <${account.email}>` : ''} · ${account.providers.join(', ')}${account.banned ? ' · banned' : ''}`,
            { label: 'Open', onClick: () => showAccount(account.id).catch(failed) },
          ),
        )
      : [note('No account matches.')]),
  );
}

function failed(error) {
  if (error?.status === 403) {
    $('console').hidden = true;
    say('This account does not have the admin role. Sign out and sign in with an admin account.');
    return;
  }
  if (error?.status === 401) return; // signed out: onChange shows the sign-in buttons.
  say(`Something went wrong: ${error?.message ?? error}`);
}

const recent = auditList('recent', 'recent-more', {});

async function render() {
  $('signed-out').hidden = auth.signedIn;
  $('logout').hidden = !auth.signedIn;
  $('console').hidden = !auth.signedIn;
  if (!auth.signedIn) {
    $('who').textContent = 'Not signed in.';
    $('account').hidden = true;
    openAccountId = null;
    return;
  }
  const state = await auth.session();
  $('who').textContent = state.state === 'signed-in' ? `Signed in as ${state.account.name}.` : '';
  await recent(false);
}

$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  search($('query').value).catch(failed);
});
$('close-account').addEventListener('click', () => {
  openAccountId = null;
  $('account').hidden = true;
});
$('ban-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const reason = $('ban-reason').value;
  act(
    () => api(`/api/admin/accounts/${openAccountId}/ban`, { method: 'POST', body: JSON.stringify({ reason }) }),
    'Banned: every session ended; its tokens are refused everywhere within 2 s.',
  ).then(() => ($('ban-reason').value = ''));
});
$('unban').addEventListener('click', () =>
  act(() => api(`/api/admin/accounts/${openAccountId}/unban`, { method: 'POST' }), 'Unbanned.'),
);
$('roles-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const roles = $('roles')
    .value.split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  act(
    () => api(`/api/admin/accounts/${openAccountId}/roles`, { method: 'PUT', body: JSON.stringify({ roles }) }),
    'Roles saved; tokens minted before are refused within 2 s.',
  );
});
$('end-all').addEventListener('click', () =>
  act(() => api(`/api/admin/accounts/${openAccountId}/sessions`, { method: 'DELETE' }), 'Every session ended.'),
);
$('login-facebook').addEventListener('click', () => auth.startLogin({ provider: 'facebook' }));
$('login-google').addEventListener('click', () => auth.startLogin({ provider: 'google' }));
$('logout').addEventListener('click', async () => {
  await auth.logout();
  say('Signed out.');
});
auth.onChange(() => render().catch(failed));
auth.watchSession();

try {
  await auth.completeLogin(location.href);
} catch (error) {
  say(error instanceof AuthError ? `Sign-in failed: ${error.message}` : String(error));
}
if (location.search) history.replaceState(null, '', '/admin');
await auth.restore().catch(() => undefined);
await render().catch(failed);
