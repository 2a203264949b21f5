/** Builds an element: `h('td', { class: 'n' }, 'text', child)`; text is always set as text, never as HTML. */
export const h = (tag, attributes = {}, ...children) => {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
};

/** Replaces the main area's content. */
export const show = (...children) => {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat(Number.POSITIVE_INFINITY));
  return main;
};

const integer = new Intl.NumberFormat('en-US');

/** A count, `–` for none. */
export const count = (value) => (value === null || value === undefined ? '–' : integer.format(value));

/** An instant (epoch ms or ISO text) in a time zone, `YYYY-MM-DD HH:MM:SS`. */
export const instant = (value, timeZone) => {
  if (value === null || value === undefined) return '–';
  const date = new Date(value);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
};

/** The clock time of an instant in a time zone, `HH:MM:SS`. */
export const clockTime = (value, timeZone) => instant(value, timeZone).slice(11);
