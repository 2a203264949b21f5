import { api } from './api.js';
import { clockTime, count, h, instant, show } from './dom.js';
import { colourOf, TrackMap } from './track-map.js';

const ALL = '';

const numberOr = (value, digits) => (value === null ? '–' : value.toFixed(digits));

const pointsTable = (device, zone, onPick) => {
  if (device === undefined) {
    return h('p', { class: 'muted', 'data-testid': 'points-hint' }, 'Choose a device to list its points.');
  }
  return h(
    'table',
    { class: 'points', 'data-testid': 'points' },
    h(
      'caption',
      {},
      `${device.deviceId}: ${count(device.points.length)} points shown of ${count(device.total)}`,
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, `recorded (${zone})`),
        h('th', { class: 'n' }, 'latitude'),
        h('th', { class: 'n' }, 'longitude'),
        h('th', { class: 'n' }, 'accuracy m'),
        h('th', { class: 'n' }, 'speed m/s'),
        h('th', { class: 'n' }, 'heading °'),
      ),
    ),
    h(
      'tbody',
      {},
      device.points.map((point) =>
        h(
          'tr',
          { onclick: () => onPick(point[0]), title: 'show the map at this time' },
          h('td', {}, instant(point[0], zone)),
          h('td', { class: 'n' }, point[1].toFixed(6)),
          h('td', { class: 'n' }, point[2].toFixed(6)),
          h('td', { class: 'n' }, numberOr(point[3], 1)),
          h('td', { class: 'n' }, numberOr(point[4], 1)),
          h('td', { class: 'n' }, numberOr(point[5], 0)),
        ),
      ),
    ),
  );
};

const summary = (day) =>
  h(
    'p',
    { class: 'summary', 'data-testid': 'day-summary' },
    `${count(day.accepted)} accepted → ${count(day.stored)} stored → ${count(day.partitioned)} partitioned → ${count(day.reported)} reported; ${count(day.duplicatesDropped)} duplicates dropped. `,
    h('span', { class: `badge ${day.state}` }, day.state),
    day.waiting === null ? '' : ` ${day.waiting}`,
    ' ',
    day.download === null
      ? ''
      : h('a', { href: day.download, download: `locations-${day.date}.csv` }, 'Download CSV'),
  );

const thinningNote = (tracks) =>
  tracks.downsampled
    ? `Showing ${count(tracks.shown)} of ${count(tracks.rows)} points: devices with more than ` +
      `${count(tracks.limits.maxPointsPerDevice)} points, and days with more than ${count(tracks.limits.maxPoints)}, ` +
      'are thinned to every n-th point (each device keeps its last one). The CSV has them all.'
    : `All ${count(tracks.rows)} points of the report are shown.`;

/** A day: its counts, its tracks per device on the map, a device filter, a time slider, the device's points. */
export const renderDay = async (date, access) => {
  const [day, tracks] = await Promise.all([api(`days/${date}`), api(`days/${date}/tracks`)]);
  const zone = day.timeZone;
  const heading = h('h1', {}, date, h('span', { class: 'muted' }, ` (${zone})`));
  if (!tracks.available) {
    show(
      heading,
      summary(day),
      h(
        'p',
        { class: 'notice', 'data-testid': 'no-report' },
        'This date has no report yet: the map is drawn from the published report (',
        h('code', {}, `locus report --date ${date}`),
        ', or the daily run).',
      ),
    );
    return;
  }
  const devices = tracks.devices;
  const times = devices.flatMap((device) => [device.points[0]?.[0], device.points.at(-1)?.[0]]);
  const start = Math.min(...times.filter((t) => t !== undefined));
  const end = Math.max(...times.filter((t) => t !== undefined));

  const select = h(
    'select',
    { id: 'device', 'data-testid': 'device-filter' },
    h('option', { value: ALL }, `all devices (${devices.length})`),
    devices.map((device) => h('option', { value: device.deviceId }, device.deviceId)),
  );
  const slider = h('input', {
    type: 'range',
    id: 'time',
    'data-testid': 'time-slider',
    min: 0,
    max: Math.max(1, Math.ceil((end - start) / 1000)),
    step: 1,
    value: Math.max(1, Math.ceil((end - start) / 1000)),
  });
  const timeLabel = h('output', { for: 'time', 'data-testid': 'time-label' }, clockTime(end, zone));
  const legend = h(
    'ul',
    { class: 'legend', 'data-testid': 'legend' },
    devices.map((device, index) =>
      h(
        'li',
        { 'data-device': device.deviceId },
        h('span', { class: 'swatch', style: `background:${colourOf(index)}` }),
        `${device.deviceId} `,
        h('span', { class: 'muted' }, `${count(device.total)} points`),
      ),
    ),
  );
  const mapElement = h('div', { id: 'map', 'data-testid': 'map' });
  const tableArea = h('div', { class: 'table-area' });
  show(
    heading,
    summary(day),
    h(
      'div',
      { class: 'day-layout' },
      mapElement,
      h(
        'aside',
        { class: 'controls' },
        h('label', { for: 'device' }, 'Device'),
        select,
        h('label', { for: 'time' }, 'Up to ', timeLabel),
        slider,
        h('p', { class: 'muted small', 'data-testid': 'thinning' }, thinningNote(tracks)),
        legend,
      ),
    ),
    tableArea,
  );

  const map = new TrackMap(mapElement, access.map);
  map.setTracks(devices);
  map.fit();
  const selectedDevice = () => devices.find((device) => device.deviceId === select.value);
  const setTime = (time) => {
    slider.value = String(Math.round((time - start) / 1000));
    timeLabel.textContent = clockTime(time, zone);
    map.setTime(time);
  };
  const renderTable = () => tableArea.replaceChildren(pointsTable(selectedDevice(), zone, setTime));
  select.addEventListener('change', () => {
    map.setSelected(select.value === ALL ? null : select.value);
    map.fit();
    for (const item of legend.children) {
      item.classList.toggle('dim', select.value !== ALL && item.dataset.device !== select.value);
    }
    renderTable();
  });
  slider.addEventListener('input', () => setTime(start + Number(slider.value) * 1000));
  renderTable();
};
