import { ApiError, api } from './api.js';
import { renderDay } from './day-view.js';
import { renderDays } from './days-view.js';
import { h, show } from './dom.js';
import { renderPipeline } from './pipeline-view.js';

const REFRESH_MS = 15_000;

let access = null;
let refresher = null;
/** The open view's refresh: every REFRESH_MS while the page is visible, and at once when it shows again. */
let refresh = null;

/** Refreshes the open view every REFRESH_MS, skipping the turns when the page is hidden (a background tab asks nothing). */
const refreshEvery = (render) => {
  refresh = () => render().catch(() => {});
  refresher = setInterval(() => {
    if (!document.hidden) refresh();
  }, REFRESH_MS);
};

document.addEventListener('visibilitychange', () => {
  if (!document.hidden && refresh !== null) refresh();
});

/** The page asks for a download token or a signed link when downloads are private here. */
const renderLogin = (message) => {
  const input = h('textarea', {
    id: 'credential',
    name: 'credential',
    rows: 3,
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'abcdef012345.… or https://…/reports/2026-11-28.csv?expires=…&signature=…',
  });
  const error = h('p', { class: 'error', role: 'alert' }, message ?? '');
  const form = h(
    'form',
    { class: 'login', id: 'login' },
    h('h1', {}, 'Sign in'),
    h(
      'p',
      {},
      'Reports hold people’s locations. Paste a download token (',
      h('code', {}, 'locus token create --download --label NAME'),
      ') to see every day, or a signed link (',
      h('code', {}, 'locus report-url --date D'),
      ') to see that one day.',
    ),
    h('label', { for: 'credential' }, 'Download token or signed link'),
    input,
    h('button', { type: 'submit' }, 'Open'),
    error,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const grant = await api('session', {
        method: 'POST',
        body: JSON.stringify({ credential: input.value }),
      });
      access = { ...access, ...grant };
      location.hash = grant.scope === 'day' ? `#/day/${grant.date}` : '#/days';
      route();
    } catch (failure) {
      error.textContent = failure.message;
    }
  });
  show(form);
};

const renderSession = () => {
  const where = document.getElementById('session');
  if (access.open) {
    where.replaceChildren('open on this address');
    return;
  }
  if (access.scope === null) {
    where.replaceChildren();
    return;
  }
  const label = access.scope === 'day' ? `signed link: ${access.date}` : 'download token';
  const out = h('button', { type: 'button', class: 'link' }, 'sign out');
  out.addEventListener('click', async () => {
    await api('session', { method: 'DELETE' });
    access = { ...access, scope: null, date: undefined };
    route();
  });
  where.replaceChildren(`${label} · `, out);
};

const markNav = (name) => {
  for (const link of document.querySelectorAll('[data-nav]')) {
    link.classList.toggle('active', link.dataset.nav === name);
    // The pipeline opens to a token's session; the JSON list of reports to anyone only where downloads are open.
    if (link.dataset.nav === 'pipeline') link.hidden = !access.open && access.scope !== 'all';
    if (link.dataset.nav === 'reports') link.hidden = !access.open;
  }
};

/** Shows the view the address names, and refreshes the lists every few seconds while the page is visible. */
const route = async () => {
  clearInterval(refresher);
  refresh = null;
  access = await api('access');
  renderSession();
  if (!access.open && access.scope === null) {
    markNav('');
    renderLogin();
    return;
  }
  const [, view, date] = (location.hash || '#/days').split('/');
  try {
    if (view === 'day' && date !== undefined) {
      markNav('days');
      await renderDay(date, access);
    } else if (view === 'pipeline') {
      markNav('pipeline');
      await renderPipeline();
      refreshEvery(renderPipeline);
    } else {
      markNav('days');
      await renderDays(access);
      refreshEvery(() => renderDays(access));
    }
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 401) renderLogin(failure.message);
    else show(h('p', { class: 'error', role: 'alert' }, failure.message));
  }
};

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);
