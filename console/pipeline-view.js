import { api } from './api.js';
import { count, h, instant, show } from './dom.js';

const card = (title, testId, ...rows) =>
  h('section', { class: 'card', 'data-testid': testId }, h('h2', {}, title), h('dl', {}, rows.flat()));

const item = (label, value, field) => [h('dt', {}, label), h('dd', { 'data-field': field }, value)];

const failedOr = (part, render) =>
  part.error === undefined ? render(part) : [item('error', h('span', { class: 'error' }, part.error))];

const dataText = (data, zone) =>
  Object.entries(data)
    .map(([key, value]) => {
      if (typeof value === 'number' && key.endsWith('At')) return `${key}=${instant(value, zone)}`;
      return `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`;
    })
    .join(' ');

/** Queue depth, pending batches, each phase's last run, the next scheduled runs and the recent events. */
export const renderPipeline = async () => {
  const status = await api('pipeline');
  const zone = status.timeZone;
  show(
    h('h1', {}, 'Pipeline'),
    h('p', { class: 'muted' }, `Times in ${zone}. As `, h('code', {}, 'locus status'), ' tells it.'),
    h(
      'div',
      { class: 'cards' },
      card(
        'Queue',
        'queue',
        failedOr(status.queue, (queue) => [
          item('ready', count(queue.ready), 'ready'),
          item('leased', count(queue.leased), 'leased'),
          item('dead letters', count(queue.quarantined), 'quarantined'),
        ]),
      ),
      card(
        'Batches',
        'batches',
        failedOr(status.batches, (batches) => [
          item('pending', count(batches.pending), 'pending'),
          item('quarantined', count(batches.quarantined), 'quarantined'),
        ]),
      ),
      card(
        'Schedule',
        'schedule',
        status.nextRuns === null
          ? [item('next runs', 'no schedule runs in this process')]
          : [
              item('next store', instant(status.nextRuns.store, zone), 'next-store'),
              item('next daily run', instant(status.nextRuns.daily, zone), 'next-daily'),
            ],
        item('collection server', status.collectionServer, 'server'),
      ),
    ),
    h('h2', {}, 'Last run of each phase'),
    status.lastRuns.length === 0
      ? h('p', { class: 'muted' }, 'No phase has run yet (among the recent journal events).')
      : h(
          'table',
          { 'data-testid': 'last-runs' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'phase'),
              h('th', {}, 'at'),
              h('th', {}, 'outcome'),
              h('th', {}, 'event'),
            ),
          ),
          h(
            'tbody',
            {},
            status.lastRuns.map((run) =>
              h(
                'tr',
                { 'data-phase': run.phase },
                h('td', {}, run.phase),
                h('td', {}, instant(run.at, zone)),
                h(
                  'td',
                  {},
                  h('span', { class: `badge ${run.outcome}` }, run.outcome),
                  run.error ? ` ${run.error}` : '',
                ),
                h('td', {}, `${run.event} (${run.stream})`),
              ),
            ),
          ),
        ),
    h('h2', {}, 'Recent journal events'),
    h(
      'ol',
      { class: 'events', reversed: true },
      [...status.recentEvents]
        .reverse()
        .map((event) =>
          h(
            'li',
            {},
            h('time', {}, instant(event.at, zone)),
            ' ',
            h('strong', {}, event.type),
            ` ${event.stream} `,
            h('span', { class: 'muted' }, dataText(event.data, zone)),
          ),
        ),
    ),
  );
};
