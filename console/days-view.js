import { api } from './api.js';
import { count, h, show } from './dom.js';

const STATE_TITLES = {
  current: 'the report holds every record known for the date',
  stale: 'the report is behind: the next daily run makes it again',
  empty: 'no records for this date',
};

const dayRow = (day) =>
  h(
    'tr',
    { 'data-testid': 'day-row', 'data-date': day.date, 'data-state': day.state },
    h('td', {}, h('a', { href: `#/day/${day.date}` }, day.date)),
    h('td', { class: 'n', 'data-field': 'accepted' }, count(day.accepted)),
    h('td', { class: 'n', 'data-field': 'stored' }, count(day.stored)),
    h('td', { class: 'n', 'data-field': 'batches' }, count(day.batches)),
    h('td', { class: 'n', 'data-field': 'partitioned' }, count(day.partitioned)),
    h('td', { class: 'n', 'data-field': 'duplicates' }, count(day.duplicatesDropped)),
    h('td', { class: 'n', 'data-field': 'reported' }, count(day.reported)),
    h(
      'td',
      { 'data-field': 'state' },
      h('span', { class: `badge ${day.state}`, title: STATE_TITLES[day.state] }, day.state),
      day.waiting === null ? null : h('span', { class: 'waiting' }, ` ${day.waiting}`),
    ),
    h(
      'td',
      {},
      day.download === null
        ? h('span', { class: 'muted' }, 'no report')
        : h(
            'a',
            { href: day.download, download: `locations-${day.date}.csv`, 'data-testid': 'download' },
            'CSV',
          ),
    ),
  );

/** Every date's counts, accepted → stored → partitioned → reported, and its report's standing. */
export const renderDays = async (access) => {
  const { days, timeZone } = await api('days');
  show(
    h('h1', {}, 'Days'),
    h(
      'p',
      { class: 'muted' },
      `Dates in ${timeZone}, newest first. Counts as `,
      h('code', {}, 'locus status --date D'),
      ' tells them; the map of a date opens from its link.',
      access.scope === 'day' ? ' This session opens one date.' : '',
    ),
    h(
      'table',
      { class: 'days', 'data-testid': 'days' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'date'),
          h('th', { class: 'n' }, 'accepted'),
          h('th', { class: 'n' }, 'stored'),
          h('th', { class: 'n' }, 'batches'),
          h('th', { class: 'n' }, 'partitioned'),
          h('th', { class: 'n' }, 'duplicates dropped'),
          h('th', { class: 'n' }, 'reported'),
          h('th', {}, 'report'),
          h('th', {}, 'download'),
        ),
      ),
      h('tbody', {}, days.map(dayRow)),
    ),
  );
};
