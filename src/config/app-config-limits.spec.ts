import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig: HTTP server limits, key fetches and the SQL statements header', () => {
  it('has defaults that bound slow clients and keep x-sql-statements off', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({
      requestTimeoutMs: 30000,
      headersTimeoutMs: 20000,
      keepAliveTimeoutMs: 5000,
      maxConnections: 1000,
    });
    expect(config.auth.jwksTimeoutMs).toBe(2000);
    expect(config.sqlStatementsHeader).toBe(false);
    expect(loadConfig({ SQL_STATEMENTS_HEADER: 'true' }).sqlStatementsHeader).toBe(true);
  });

  it('keeps the headers timeout within a shorter request timeout', () => {
    expect(loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '10000' }).http.headersTimeoutMs).toBe(10000);
    expect(() => loadConfig({ HTTP_REQUEST_TIMEOUT_MS: '10000', HTTP_HEADERS_TIMEOUT_MS: '20000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS/,
    );
  });

  it.each([
    ['HTTP_REQUEST_TIMEOUT_MS', '0'],
    ['HTTP_HEADERS_TIMEOUT_MS', 'soon'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '-1'],
    ['HTTP_MAX_CONNECTIONS', '0'],
    ['AUTH_JWKS_TIMEOUT_MS', '10'],
    ['SQL_STATEMENTS_HEADER', 'yes'],
  ])('stops the start on %s=%s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });
});
