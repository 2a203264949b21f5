const L = window.L;

const STEPS = [
  0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30,
];

/** A step that draws about six lines across `span` degrees. */
const stepFor = (span) => STEPS.find((step) => step >= span / 6) ?? 30;

const label = (value, step, positive, negative) => {
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  return `${Math.abs(value).toFixed(digits)}° ${value >= 0 ? positive : negative}`;
};

/**
 * Lines of latitude and longitude over the visible area, redrawn as the map moves: where no base
 * map is configured they are what tells a place from another (with the scale bar).
 */
export const addGraticule = (map) => {
  const layer = L.layerGroup().addTo(map);
  const draw = () => {
    layer.clearLayers();
    const bounds = map.getBounds();
    const south = Math.max(-85, bounds.getSouth());
    const north = Math.min(85, bounds.getNorth());
    const west = bounds.getWest();
    const east = bounds.getEast();
    const step = stepFor(Math.max(north - south, east - west));
    const style = { color: '#9aa5b1', weight: 1, opacity: 0.6, interactive: false, className: 'graticule' };
    for (let lat = Math.ceil(south / step) * step; lat <= north; lat += step) {
      L.polyline(
        [
          [lat, west],
          [lat, east],
        ],
        style,
      ).addTo(layer);
      L.marker([lat, west], {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'graticule-label', html: '', iconSize: null, iconAnchor: [-48, 18] }),
      })
        .addTo(layer)
        .getElement().textContent = label(lat, step, 'N', 'S');
    }
    for (let lng = Math.ceil(west / step) * step; lng <= east; lng += step) {
      L.polyline(
        [
          [south, lng],
          [north, lng],
        ],
        style,
      ).addTo(layer);
      L.marker([north, lng], {
        interactive: false,
        keyboard: false,
        icon: L.divIcon({ className: 'graticule-label', html: '', iconSize: null, iconAnchor: [-3, -4] }),
      })
        .addTo(layer)
        .getElement().textContent = label(((((lng + 180) % 360) + 360) % 360) - 180, step, 'E', 'W');
    }
  };
  map.on('moveend zoomend resize', draw);
  draw();
  return layer;
};
