export { notify, listNotifications, type NewNotification } from './notifications.service.ts';
export { notificationsRoutes } from './notifications.routes.ts';
