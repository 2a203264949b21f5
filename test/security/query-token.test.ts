import { acceptsQueryToken, osmAndFormat, overlandFormat, ownTracksFormat } from '../../src/adapters/ingest';
import {
  presentedCredentials,
  readQueryToken,
  TOKEN_QUERY_PARAMETER,
} from '../../src/application/security/query-token';
import { redactUrl } from '../../src/application/security/redact-url';
import { issueSecret } from '../../src/application/security/token-secret';
import { basic } from './security-fixture';

describe('redactUrl', () => {
  const token = 'ab12cd34ef56.0123456789abcdefghijABCDEFGHIJ_-0123456789abcdefg';

  it('replaces the value of the token parameter and keeps the rest of the target as it was', () => {
    expect(redactUrl(`/osmand?id=van-7&timestamp=1764321240&token=${token}`)).toBe(
      '/osmand?id=van-7&timestamp=1764321240&token=***',
    );
    expect(redactUrl(`/?token=${token}&id=van-7`)).toBe('/?token=***&id=van-7');
    expect(redactUrl('/osmand?id=van-7&batt=80')).toBe('/osmand?id=van-7&batt=80');
    expect(redactUrl('/locations')).toBe('/locations');
  });

  it('redacts every spelling the query reader would take as the token, repeated ones included', () => {
    expect(redactUrl(`/osmand?%74oken=${token}`)).toBe('/osmand?%74oken=***');
    expect(redactUrl(`/osmand?TOKEN=${token}&Token=${token}`)).toBe('/osmand?TOKEN=***&Token=***');
    expect(redactUrl(`/osmand?token=a&id=x&token=${token}`)).toBe('/osmand?token=***&id=x&token=***');
    expect(redactUrl(`/osmand?id=x#&token=${token}`)).toBe('/osmand?id=x#&token=***');
  });

  it('leaves names that only look alike, and the path, untouched', () => {
    expect(redactUrl('/token=abc?tokens=1&my_token=2&token')).toBe('/token=abc?tokens=1&my_token=2&token');
  });

  it('also hides the coordinates of the OsmAnd protocol, which logs never hold', () => {
    expect(redactUrl('/osmand?id=v&lat=35.68&lon=139.76&location=35.68,139.76&speed=3')).toBe(
      '/osmand?id=v&lat=***&lon=***&location=***&speed=3',
    );
  });

  it('never lets a token through, whatever surrounds it', () => {
    const issued = issueSecret();
    const targets = [
      `/osmand?token=${issued.token}`,
      `/?a=1&&token=${issued.token}&b=%zz`,
      `/osmand?${encodeURIComponent(TOKEN_QUERY_PARAMETER)}=${encodeURIComponent(issued.token)}`,
    ];
    for (const target of targets) expect(redactUrl(target)).not.toContain(issued.secret);
  });
});

describe('the token of a query string', () => {
  const { id, secret, token } = issueSecret();

  it('reads `token=<id>.<secret>`, with or without the leading `?`', () => {
    const expected = { kind: 'token', token: { id, secret } };
    expect(readQueryToken(`id=van&token=${token}`)).toEqual(expected);
    expect(readQueryToken(`?token=${encodeURIComponent(token)}`)).toEqual(expected);
    expect(readQueryToken('id=van')).toEqual({ kind: 'none' });
    expect(readQueryToken('')).toEqual({ kind: 'none' });
  });

  it('refuses a value that is not a token, an empty one, and a token given twice', () => {
    expect(readQueryToken('token=nope')).toEqual({ kind: 'malformed' });
    expect(readQueryToken('token=')).toEqual({ kind: 'malformed' });
    expect(readQueryToken(`token=${token}&token=${token}`)).toEqual({ kind: 'malformed' });
  });

  it('is taken only where the header is absent and the route takes it', () => {
    const fromQuery = { kind: 'token', token: { id, secret } };
    expect(presentedCredentials(undefined, `token=${token}`)).toEqual({
      credentials: fromQuery,
      source: 'query',
      queryAccepted: true,
    });
    expect(presentedCredentials(basic('x', 'y'), `token=${token}`)).toEqual({
      credentials: { kind: 'malformed' },
      source: 'header',
      queryAccepted: true,
    });
    expect(presentedCredentials(undefined, undefined)).toEqual({
      credentials: { kind: 'none' },
      source: 'header',
      queryAccepted: false,
    });
  });

  it('is taken on the OsmAnd protocol routes only', () => {
    expect(acceptsQueryToken(osmAndFormat)).toBe(true);
    expect(acceptsQueryToken(ownTracksFormat)).toBe(false);
    expect(acceptsQueryToken(overlandFormat)).toBe(false);
    expect(acceptsQueryToken(undefined)).toBe(false);
  });
});
