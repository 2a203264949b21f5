import { addGraticule } from './graticule.js';

const L = window.L;

const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
];

/** A device's colour: the palette first, then hues spread by the golden angle. */
export const colourOf = (index) =>
  index < PALETTE.length ? PALETTE[index] : `hsl(${Math.round((index * 137.508) % 360)}, 65%, 42%)`;

/**
 * The day's tracks on a Leaflet map: one line and one marker (the latest position up to the chosen
 * time) per device. Without a tile URL there is no base map: a graticule and the scale bar.
 */
export class TrackMap {
  constructor(element, { tileUrl, tileAttribution }) {
    this.map = L.map(element, { preferCanvas: false, worldCopyJump: false, zoomSnap: 0.25 });
    this.map.setView([20, 0], 2);
    if (tileUrl) {
      L.tileLayer(tileUrl, { attribution: tileAttribution || '', maxZoom: 19 }).addTo(this.map);
    } else {
      element.classList.add('blank-map');
      addGraticule(this.map);
    }
    L.control.scale({ metric: true, imperial: false }).addTo(this.map);
    this.tracks = [];
    this.selected = null;
    this.time = Number.POSITIVE_INFINITY;
  }

  /** Draws `devices` (`{ deviceId, points: [[t, lat, lon, …], …] }`), each in its colour. */
  setTracks(devices) {
    for (const track of this.tracks) {
      track.line.remove();
      track.marker.remove();
    }
    this.tracks = devices.map((device, index) => {
      const colour = colourOf(index);
      const line = L.polyline([], {
        color: colour,
        weight: 3,
        opacity: 0.85,
        className: 'track-line',
        interactive: false,
      });
      const marker = L.circleMarker([0, 0], {
        radius: 7,
        color: '#ffffff',
        weight: 2,
        fillColor: colour,
        fillOpacity: 1,
        className: 'track-marker',
      }).bindTooltip(device.deviceId);
      return { device, colour, line, marker };
    });
    this.redraw();
  }

  /** Shows one device only (`null`: all). */
  setSelected(deviceId) {
    this.selected = deviceId;
    this.redraw();
  }

  /** Shows the tracks up to `time` (epoch ms), each marker at its device's position then. */
  setTime(time) {
    this.time = time;
    this.redraw();
  }

  redraw() {
    for (const track of this.tracks) {
      const visible = this.selected === null || this.selected === track.device.deviceId;
      const points = track.device.points.filter((point) => point[0] <= this.time);
      if (!visible || points.length === 0) {
        track.line.remove();
        track.marker.remove();
        continue;
      }
      track.line.setLatLngs(points.map((point) => [point[1], point[2]]));
      const last = points[points.length - 1];
      track.marker.setLatLng([last[1], last[2]]);
      track.line.addTo(this.map);
      track.marker.addTo(this.map);
      track.marker.getElement()?.setAttribute('data-device', track.device.deviceId);
    }
  }

  /** Frames the shown devices' whole tracks. */
  fit() {
    const shown = this.tracks.filter((t) => this.selected === null || this.selected === t.device.deviceId);
    const latLngs = shown.flatMap((t) => t.device.points.map((point) => [point[1], point[2]]));
    if (latLngs.length === 0) this.map.setView([20, 0], 2, { animate: false });
    else this.map.fitBounds(L.latLngBounds(latLngs), { padding: [30, 30], maxZoom: 17, animate: false });
  }
}
