import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('has working defaults for a fresh clone', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      demoData: true,
      migrationsRun: true,
      dataDir: '.data',
      production: false,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.auth.jwksUri).toBeUndefined();
  });

  it('loads the demo into an external database only on request', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/plan' }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/plan', DEMO_DATA: 'true' }).demoData).toBe(true);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['MIGRATIONS_RUN', 'yes'],
    ['NODE_ENV', 'staging'],
    ['AUTH_JWKS_URI', 'not a url'],
    ['CACHE_MAX_AGE', '-1'],
    ['DB_POOL_SIZE', '1'],
    ['METRICS_PORT', 'nine'],
    ['METRICS_PORT', '65536'],
    ['HEAP_GROWING_PERCENT', '-5'],
    ['HEAP_GROWING_PERCENT', 'lots'],
  ])('stops the start on %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('lets V8 grow its heap by 100 % past what is live unless HEAP_GROWING_PERCENT says otherwise (0: its own)', () => {
    expect(loadConfig({}).heapGrowingPercent).toBe(100);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(loadConfig({ HEAP_GROWING_PERCENT: '150' }).heapGrowingPercent).toBe(150);
  });

  it('serves metrics only when METRICS_PORT is set, on loopback unless METRICS_HOST says otherwise', () => {
    expect(loadConfig({}).metrics).toBeUndefined();
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ port: 9464, host: '127.0.0.1' });
    expect(loadConfig({ METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' }).metrics).toEqual({
      port: 9464,
      host: '0.0.0.0',
    });
    expect(() => loadConfig({ METRICS_PORT: '9464', METRICS_HOST: 'everywhere' })).toThrow(/METRICS_HOST/);
    expect(() => loadConfig({ METRICS_HOST: '0.0.0.0' })).toThrow(/METRICS_HOST.*needs METRICS_PORT/);
    expect(() => loadConfig({ METRICS_PORT: '3000' })).toThrow(/METRICS_PORT="3000": must not be the public PORT/);
    expect(() => loadConfig({ PORT: '8080', METRICS_PORT: '8080' })).toThrow(/METRICS_PORT/);
    expect(loadConfig({ PORT: '0', METRICS_PORT: '0' }).metrics).toEqual({ port: 0, host: '127.0.0.1' });
  });

  it.each([
    [undefined, ['loopback']],
    ['false', false],
    ['2', 2],
    ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
    ['fd00::/8,192.168.1.7,uniquelocal', ['fd00::/8', '192.168.1.7', 'uniquelocal']],
  ])('takes TRUST_PROXY=%s as %j', (value, trustProxy) => {
    expect(loadConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toEqual(trustProxy);
  });

  it.each(['true', '11', '10.0.0.0/33', '::1/129', 'proxy.example.no', 'loopback,', '10.0.0.1/8/1'])(
    'refuses TRUST_PROXY=%s, naming it',
    (value) => expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/),
  );

  describe('publishing', () => {
    it('lets no page frame the status pages, links from the request and names Digdir by default', () => {
      expect(loadConfig({}).publishing).toEqual({ embedOrigins: [], publicUrl: undefined, publisherOrg: '991825827' });
    });

    it('takes origins for EMBED_ORIGINS, written as CSP frame-ancestors expects them', () => {
      const config = loadConfig({
        EMBED_ORIGINS: ' https://Portal.Example.no:443 , http://localhost:8080,https://*.kommune.no',
        PUBLIC_URL: 'https://status.example.no/',
        PUBLISHER_ORG: '974760673',
      });
      expect(config.publishing).toEqual({
        embedOrigins: ['https://portal.example.no', 'http://localhost:8080', 'https://*.kommune.no'],
        publicUrl: 'https://status.example.no',
        publisherOrg: '974760673',
      });
      // The one PUBLIC_URL: the e-mails link to the same server as the catalogue.
      expect(config.notifications.publicUrl).toBe('https://status.example.no');
    });

    it.each([
      ['EMBED_ORIGINS', 'portal.example.no'],
      ['EMBED_ORIGINS', 'https://portal.example.no/side'],
      ['EMBED_ORIGINS', 'https://portal.example.no/'],
      ['EMBED_ORIGINS', 'https://a.no,ftp://files.example.no'],
      ['EMBED_ORIGINS', "https://a.no; script-src 'unsafe-inline'"],
      ['EMBED_ORIGINS', 'https://user@portal.example.no'],
      ['EMBED_ORIGINS', '*'],
      ['PUBLIC_URL', 'status.example.no'],
      ['PUBLIC_URL', 'ftp://status.example.no'],
      ['PUBLISHER_ORG', '991825828'],
      ['PUBLISHER_ORG', 'Digdir'],
    ])('stops the start on %s=%s naming it', (name, value) => {
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
    });
  });

  it('refuses development sign-in in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWKS_URI/);
    expect(() => loadConfig({ NODE_ENV: 'production', AUTH_JWKS_URI: 'https://idp.example/jwks' })).toThrow(
      /AUTH_ISSUER/,
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      AUTH_JWKS_URI: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'api',
      DATABASE_URL: 'postgres://u:p@db:5432/plan',
    });
    expect(config.production).toBe(true);
  });

  it('refuses the embedded database in production, naming DATABASE_URL', () => {
    const production = {
      NODE_ENV: 'production',
      AUTH_JWKS_URI: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'api',
    };
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/DATABASE_URL is unset: the embedded database is for development/);
    // Both reasons at once when both are missing
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/AUTH_JWKS_URI[\s\S]*DATABASE_URL/);
    expect(loadConfig({ ...production, DATABASE_URL: 'postgres://u:p@db:5432/plan' }).databaseUrl).toBe(
      'postgres://u:p@db:5432/plan',
    );
    expect(loadConfig({ NODE_ENV: 'development' }).databaseUrl).toBeUndefined();
  });
});
