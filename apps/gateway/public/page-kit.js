// What the demo and the admin console share: the status line, list items, a definition list, and a
// JSON call through the browser client that turns a refusal into an Error with its message and status.

export const $ = (id) => document.getElementById(id);

export function say(text) {
  $('message').textContent = text;
}

/** A list item: its text, then a button for each `{label, onClick}`. */
export function item(text, ...buttons) {
  const li = document.createElement('li');
  const span = document.createElement('span');
  span.textContent = text;
  li.append(span);
  for (const { label, onClick } of buttons) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    button.addEventListener('click', onClick);
    li.append(button);
  }
  return li;
}

/** A list item that is only text (an empty list's note, something unavailable). */
export function note(text, className = 'muted') {
  const li = document.createElement('li');
  li.className = className;
  li.textContent = text;
  return li;
}

/** Fills `list` (a <dl>) with `[label, value, className?]` rows. */
export function describeIn(list, rows) {
  list.replaceChildren();
  for (const [label, value, className] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    if (className) dd.className = className;
    list.append(dt, dd);
  }
}

/** `auth.fetch` for a JSON API: a JSON body is labelled as one; a refusal throws its message and status. */
export async function requestJson(auth, path, init = {}) {
  const headers = new Headers(init.headers);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const response = await auth.fetch(path, { ...init, headers });
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const message = Array.isArray(body?.message) ? body.message.join(', ') : (body?.message ?? response.statusText);
    throw Object.assign(new Error(message), { status: response.status });
  }
  return body;
}
