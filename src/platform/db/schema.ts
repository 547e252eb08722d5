/**
 * The database as Kysely sees it: every module declares the tables it owns in its own `*.tables.ts`;
 * this file only puts them together (and re-exports their row types for convenience).
 */
import type { AiTables } from '../../modules/ai/ai.tables.ts';
import type { AnalysisTables } from '../../modules/analysis/analysis.tables.ts';
import type { AutopilotTables } from '../../modules/autopilot/autopilot.tables.ts';
import type { BookingTables } from '../../modules/booking/booking.tables.ts';
import type { CampaignsTables } from '../../modules/campaigns/campaigns.tables.ts';
import type { ChannelsTables } from '../../modules/channels/channels.tables.ts';
import type { WarmupTables } from '../../modules/channels/account-health/warmup.tables.ts';
import type { ContactsTables } from '../../modules/contacts/contacts.tables.ts';
import type { ConversationsTables } from '../../modules/conversations/conversations.tables.ts';
import type { EventsTables } from '../../modules/events/events.tables.ts';
import type { ImportsTables } from '../../modules/imports/imports.tables.ts';
import type { MediaTables } from '../../modules/media/media.tables.ts';
import type { NotificationsTables } from '../../modules/notifications/notifications.tables.ts';
import type { OrgsTables } from '../../modules/orgs/orgs.tables.ts';
import type { PipelinesTables } from '../../modules/pipelines/pipelines.tables.ts';
import type { PlatformTables } from './platform.tables.ts';
import type { ReactivationTables } from '../../modules/reactivation/reactivation.tables.ts';
import type { ReengagementTables } from '../../modules/reengagement/reengagement.tables.ts';
import type { OutreachTables } from '../../modules/outreach/outreach.tables.ts';

export type * from '../../modules/ai/ai.tables.ts';
export type * from '../../modules/analysis/analysis.tables.ts';
export type * from '../../modules/autopilot/autopilot.tables.ts';
export type * from '../../modules/booking/booking.tables.ts';
export type * from '../../modules/campaigns/campaigns.tables.ts';
export type * from '../../modules/channels/channels.tables.ts';
export type * from '../../modules/channels/account-health/warmup.tables.ts';
export type * from '../../modules/contacts/contacts.tables.ts';
export type * from '../../modules/conversations/conversations.tables.ts';
export type * from '../../modules/conversations/inbox.tables.ts';
export type * from '../../modules/events/events.tables.ts';
export type * from '../../modules/imports/imports.tables.ts';
export type * from '../../modules/media/media.tables.ts';
export type * from '../../modules/notifications/notifications.tables.ts';
export type * from '../../modules/orgs/orgs.tables.ts';
export type * from '../../modules/pipelines/pipelines.tables.ts';
export type * from './platform.tables.ts';
export type * from '../../modules/reactivation/reactivation.tables.ts';
export type * from '../../modules/reengagement/reengagement.tables.ts';
export type * from '../../modules/outreach/outreach.tables.ts';

export interface DB
  extends AiTables,
    AnalysisTables,
    AutopilotTables,
    BookingTables,
    CampaignsTables,
    ChannelsTables,
    WarmupTables,
    ContactsTables,
    ConversationsTables,
    EventsTables,
    ImportsTables,
    MediaTables,
    NotificationsTables,
    OrgsTables,
    PipelinesTables,
    PlatformTables,
    ReactivationTables,
    ReengagementTables,
    OutreachTables {}
