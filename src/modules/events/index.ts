export { recordEvent, type DomainEvent, type StoredEvent } from './events.repository.ts';
export { dispatchOutbox, webhookDeliveryJob, signWebhookBody, type EventSubscriber } from './events.service.ts';
export { eventsRoutes } from './events.routes.ts';
