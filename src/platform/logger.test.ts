import { describe, expect, it } from 'vitest';
import { logSettings } from './logger.ts';

describe('logSettings', () => {
  it('is readable in development with request lines at debug level, JSON in production', () => {
    expect(logSettings({ NODE_ENV: 'development' })).toEqual({ pretty: true, requestLevel: 'debug' });
    expect(logSettings({ NODE_ENV: 'production' })).toEqual({ pretty: false, requestLevel: 'info' });
    expect(logSettings({ NODE_ENV: 'test' })).toEqual({ pretty: false, requestLevel: 'debug' });
    expect(logSettings({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).pretty).toBe(true);
    expect(logSettings({ NODE_ENV: 'development', LOG_FORMAT: 'json' }).pretty).toBe(false);
  });
});
