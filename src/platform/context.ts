import type { Config } from './config.ts';
import type { Database, Db } from './db/client.ts';
import type { Logger } from './logger.ts';
import type { Clock } from './clock.ts';
import type { ChannelRegistry } from '../modules/channels/index.ts';
import type { Metrics } from './metrics.ts';
import type { SecretBox } from './crypto.ts';
import type { AiService } from '../modules/ai/index.ts';

/** What every route, job handler and CLI command is given: the process-wide dependencies. */
export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  logger: Logger;
  clock: Clock;
  channels: ChannelRegistry;
  metrics: Metrics;
  /** Seals and opens secrets stored in the database. */
  secrets: SecretBox;
  ai: AiService;
}
