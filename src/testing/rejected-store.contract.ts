import { REJECTED_ITEM_MAX_CHARS, type RejectedItem, type RejectedStore } from '../ports';

export interface RejectedStoreFixture {
  store: RejectedStore;
  teardown?(): Promise<void>;
}

const DAY = '2026-11-28';
const NEXT = '2026-11-29';
const AT = Date.UTC(2026, 10, 28, 9, 15);

/** A refused item; `n` makes it distinct. */
export const aRejectedItem = (n: number, overrides: Partial<RejectedItem> = {}): RejectedItem => ({
  itemId: n.toString(16).padStart(32, '0'),
  arrivedAt: AT + n,
  requestId: `req-${n}`,
  route: '/overland',
  client: 'overland',
  deviceId: n % 2 === 0 ? 'jane-phone' : 'joe-phone',
  index: n,
  field: 'geometry.coordinates[1]',
  reason: 'latitude must be between -90 and 90',
  item: JSON.stringify({ type: 'Feature', properties: { n, text: 'a "quoted", odd\nline ü' } }),
  ...overrides,
});

/**
 * The behaviour every {@link RejectedStore} adapter shows through the port: items kept by date,
 * read back field for field, in arrival order, once each however often they are kept, counted,
 * erased by a match (a device's purge, retention).
 */
export const describeRejectedStoreContract = (
  adapterName: string,
  createFixture: () => Promise<RejectedStoreFixture>,
): void => {
  describe(`${adapterName} (RejectedStore contract)`, () => {
    let fixture: RejectedStoreFixture;
    let store: RejectedStore;

    beforeEach(async () => {
      fixture = await createFixture();
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture.teardown?.();
    });

    it('holds nothing at first', async () => {
      expect(await store.dates()).toEqual([]);
      expect(await store.list(DAY)).toEqual([]);
      expect(await store.count(DAY)).toBe(0);
    });

    it('reads kept items back field for field, by arrival, filed under their date', async () => {
      const first = [aRejectedItem(3), aRejectedItem(1)];
      const second = [aRejectedItem(2, { deviceId: null, field: '', item: 'not json at all' })];
      await store.keep(DAY, first);
      await store.keep(DAY, second);
      await store.keep(NEXT, [aRejectedItem(9)]);
      expect(await store.list(DAY)).toEqual([aRejectedItem(1), second[0], aRejectedItem(3)]);
      expect(await store.count(DAY)).toBe(3);
      expect(await store.list(NEXT)).toEqual([aRejectedItem(9)]);
      expect(await store.dates()).toEqual([DAY, NEXT]);
    });

    it('keeps a resent message once', async () => {
      const items = [aRejectedItem(1), aRejectedItem(2)];
      await store.keep(DAY, items);
      await store.keep(
        DAY,
        items.map((item) => ({ ...item, arrivedAt: item.arrivedAt + 60_000 })),
      );
      expect(await store.list(DAY)).toEqual(items);
      expect(await store.count(DAY)).toBe(2);
    });

    it('keeps nothing for an empty message', async () => {
      await store.keep(DAY, []);
      expect(await store.dates()).toEqual([]);
    });

    it('keeps an item text of the bounded size whole', async () => {
      const item = aRejectedItem(1, { item: 'x'.repeat(REJECTED_ITEM_MAX_CHARS) });
      await store.keep(DAY, [item]);
      expect(await store.list(DAY)).toEqual([item]);
    });

    it("erases a device's items and keeps the others of the same messages", async () => {
      await store.keep(DAY, [aRejectedItem(1), aRejectedItem(2), aRejectedItem(3)]);
      await store.keep(DAY, [aRejectedItem(4)]);
      await store.keep(NEXT, [aRejectedItem(6)]);
      expect(await store.erase(DAY, (item) => item.deviceId === 'jane-phone')).toBe(2);
      expect(await store.list(DAY)).toEqual([aRejectedItem(1), aRejectedItem(3)]);
      expect(await store.list(NEXT)).toEqual([aRejectedItem(6)]);
      expect(await store.erase(DAY, (item) => item.deviceId === 'jane-phone')).toBe(0);
    });

    it('drops a whole date, which is then no longer listed', async () => {
      await store.keep(DAY, [aRejectedItem(1), aRejectedItem(2)]);
      await store.keep(NEXT, [aRejectedItem(3)]);
      expect(await store.erase(DAY, () => true)).toBe(2);
      expect(await store.dates()).toEqual([NEXT]);
      expect(await store.count(DAY)).toBe(0);
      expect(await store.erase('2026-01-01', () => true)).toBe(0);
    });
  });
};
