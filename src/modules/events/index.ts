export { recordEvent, type DomainEvent, type StoredEvent } from './events.repository.ts';
export { dispatchOutbox, webhookDeliveryJob, signWebhookBody, type EventSubscriber } from './events.service.ts';
export { eventsRoutes } from './events.routes.ts';
export { EVENT_TYPES, type EventType } from './event-types.ts';
