import { eventually } from '../support/eventually';
import { freshLocation, postJson, type ServedLocus, serveLocus } from './serve-fixture';

/** The value of one sample line of a Prometheus exposition (`name{labels} value`), if present. */
const sample = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('GET /metrics', () => {
  let served: ServedLocus | undefined;

  afterEach(async () => {
    expect(await served?.stop()).toBe(0);
    served = undefined;
  });

  const scrape = async (headers: Record<string, string> = {}) => {
    const response = await fetch(`${served?.url}/metrics`, { headers });
    return {
      status: response.status,
      type: response.headers.get('content-type'),
      text: await response.text(),
    };
  };

  it('shows requests, records, rejections, queue and phase runs moving', async () => {
    served = await serveLocus({ LOCUS_STORE_EVERY: '1s', LOCUS_ACCESS_LOG: 'off' });
    const before = await scrape();
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(before.text, 'locus_records_accepted_total')).toBe(0);

    expect((await postJson(`${served.url}/locations`, freshLocation())).status).toBe(202);
    const batch = { locations: [freshLocation({ deviceId: 'phone-7' }), freshLocation({ latitude: 91 })] };
    expect((await postJson(`${served.url}/locations`, batch)).status).toBe(202);
    expect((await postJson(`${served.url}/locations`, { locations: [{ latitude: 1 }] })).status).toBe(400);

    const after = await scrape();
    expect(sample(after.text, 'locus_records_accepted_total')).toBe(2);
    expect(sample(after.text, 'locus_items_rejected_total{reason="latitude"}')).toBe(1);
    expect(
      sample(after.text, 'locus_http_requests_total{route="/locations",method="POST",status="202"}'),
    ).toBe(2);
    expect(
      sample(after.text, 'locus_http_requests_total{route="/locations",method="POST",status="400"}'),
    ).toBe(1);
    expect(sample(after.text, 'locus_requests_refused_total')).toBe(1);
    expect(sample(after.text, 'locus_http_request_duration_seconds_count{route="/locations"}')).toBe(3);
    expect(sample(after.text, 'locus_batches_pending')).toBeGreaterThanOrEqual(0);
    expect(sample(after.text, 'locus_quarantine_size{kind="messages"}')).toBe(0);
    expect(sample(after.text, 'locus_quarantine_size{kind="batches"}')).toBe(0);

    // The store schedule (every second) drains the queue and counts its run.
    const stored = await eventually(
      async () => (await scrape()).text,
      (text) => (sample(text, 'locus_records_stored_total') ?? 0) >= 2,
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    expect(sample(stored, 'locus_phase_runs_total{phase="store",outcome="success"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(
      sample(stored, 'locus_phase_duration_seconds_count{phase="store",outcome="success"}'),
    ).toBeGreaterThanOrEqual(1);
    const lastSuccess = sample(stored, 'locus_phase_last_success_timestamp_seconds{phase="store"}') ?? 0;
    expect(Math.abs(lastSuccess - Date.now() / 1000)).toBeLessThan(60);
    expect(sample(stored, 'locus_queue_depth{state="ready"}')).toBe(0);
    expect(sample(stored, 'locus_batches_pending')).toBeGreaterThanOrEqual(1);
  });

  it('needs the bearer token when LOCUS_METRICS_TOKEN is set', async () => {
    const token = 'scrape-secret-0123456789';
    served = await serveLocus({ LOCUS_METRICS_TOKEN: token, LOCUS_ACCESS_LOG: 'off' });
    expect((await scrape()).status).toBe(401);
    expect((await scrape({ authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    const allowed = await scrape({ authorization: `Bearer ${token}` });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('locus_http_requests_total');
    // The health check stays open.
    expect((await fetch(`${served.url}/health`)).status).toBe(200);
  });
});
