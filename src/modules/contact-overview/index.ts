export { contactOverviewRoutes } from './contact-overview.routes.ts';
