import { hostname } from 'node:os';

/** This machine and process, as a lock records its holder. */
export const processIdentity = (): { readonly host: string; readonly pid: number } => ({
  host: hostname(),
  pid: process.pid,
});
