/** A batch id that sorts by the time it was made: `20261128T091500123Z-<unique>`. */
export const timeOrderedId = (epochMillis: number, unique: string): string =>
  `${new Date(epochMillis).toISOString().replace(/[-:.]/g, '')}-${unique}`;
