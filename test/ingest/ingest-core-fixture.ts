import {
  IngestCore,
  type IngestCoreDeps,
  type IngestGuardRules,
  type IngestRequest,
} from '../../src/adapters/ingest';
import { InMemoryRejectedStore } from '../../src/adapters/memory';
import { ClientIntake } from '../../src/application/clients';
import { ReceiveService } from '../../src/application/receive/receive-service';
import type { Principal } from '../../src/application/security/token-verifier';
import { DEFAULT_CORE_SETTINGS } from '../../src/application/settings';
import type { LocationRecord } from '../../src/domain';
import { queueThat } from '../support/failing-queue';
import { ManualClock } from '../support/manual-clock';

/** 2026-11-28T09:15:00Z, when requests arrive in these tests. */
export const NOW = Date.UTC(2026, 10, 28, 9, 15, 0);

/** The token `good` may post for `phone-0042` only; any other token is refused. */
export const PHONE: Principal = {
  tokenId: 'tok-1',
  label: 'phone',
  scope: 'ingest',
  devices: new Set(['phone-0042']),
};

/** What the guards were asked, in order. */
export type GuardCall = 'admit' | 'checkText' | 'checkDevices';

/**
 * Guards that admit `Bearer good` (as {@link PHONE}), refuse any other token (401), refuse a body
 * nested deeper than three levels (400) and check devices against the principal (403), recording
 * each call.
 */
export const recordingGuard = (calls: GuardCall[]): IngestGuardRules => ({
  admit: async (facts) => {
    calls.push('admit');
    return facts.authorization === 'Bearer good' || facts.tokenQuery?.includes('token=good') === true
      ? { ok: true, principal: PHONE }
      : { ok: false, refusal: { reason: 'unauthorized', message: 'no' } };
  },
  checkText: (text) => {
    calls.push('checkText');
    return text.includes('[[[[') ? { reason: 'invalid_json', message: 'deep' } : undefined;
  },
  checkDevices: (principal, ids) => {
    calls.push('checkDevices');
    const other = ids.find((id) => principal?.devices?.has(id) === false);
    return other === undefined ? undefined : { reason: 'forbidden', message: other };
  },
});

/** The core over an in-memory queue and rejected store, with what it enqueued. */
export const ingestCore = (deps: Partial<IngestCoreDeps> = {}) => {
  const enqueued: LocationRecord[] = [];
  const receive = new ReceiveService(
    queueThat(async (records) => {
      enqueued.push(...records);
    }),
    DEFAULT_CORE_SETTINGS,
  );
  const clients = new ClientIntake(receive, new InMemoryRejectedStore(), DEFAULT_CORE_SETTINGS);
  const core = new IngestCore({ receive, clients, clock: new ManualClock(NOW), maxBodyBytes: 1024, ...deps });
  return { core, enqueued };
};

/** A request as a transport hands it to the core. */
export const ingestRequest = (overrides: Partial<IngestRequest> = {}): IngestRequest => ({
  method: 'POST',
  path: '/locations',
  query: '',
  headers: { 'content-type': 'application/json' },
  body: '',
  remoteAddress: '192.0.2.1',
  requestId: 'req-1',
  ...overrides,
});

export const LOCATION = {
  deviceId: 'phone-0042',
  latitude: 35.681236,
  longitude: 139.767125,
  timestamp: '2026-11-28T18:14:00+09:00',
};
