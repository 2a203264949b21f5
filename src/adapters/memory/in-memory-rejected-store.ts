import { injectable } from 'inversify';
import type { CalendarDate } from '../../domain';
import { byArrival, type RejectedItem, type RejectedMatch, type RejectedStore } from '../../ports';

/** Rejected items held in process memory, by date and item id. */
@injectable()
export class InMemoryRejectedStore implements RejectedStore {
  private readonly byDate = new Map<CalendarDate, Map<string, RejectedItem>>();

  async keep(date: CalendarDate, items: readonly RejectedItem[]): Promise<void> {
    if (items.length === 0) return;
    const kept = this.byDate.get(date) ?? new Map<string, RejectedItem>();
    for (const item of items) if (!kept.has(item.itemId)) kept.set(item.itemId, { ...item });
    this.byDate.set(date, kept);
  }

  async list(date: CalendarDate): Promise<readonly RejectedItem[]> {
    return [...(this.byDate.get(date)?.values() ?? [])].map((item) => ({ ...item })).sort(byArrival);
  }

  async count(date: CalendarDate): Promise<number> {
    return this.byDate.get(date)?.size ?? 0;
  }

  async dates(): Promise<readonly CalendarDate[]> {
    return [...this.byDate.keys()].sort();
  }

  async erase(date: CalendarDate, match: RejectedMatch): Promise<number> {
    const kept = this.byDate.get(date);
    if (kept === undefined) return 0;
    let removed = 0;
    for (const [id, item] of kept) {
      if (match(item)) {
        kept.delete(id);
        removed++;
      }
    }
    if (kept.size === 0) this.byDate.delete(date);
    return removed;
  }
}
