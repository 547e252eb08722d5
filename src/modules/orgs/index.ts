export { authPlugin, authOf, SESSION_COOKIE } from './auth.plugin.ts';
export { orgsRoutes } from './orgs.routes.ts';
export { hasRole, type AuthContext } from './auth.service.ts';
export {
  createOrganization,
  getOrganization,
  findOrganizationBySlug,
  listMembers,
  toOrganizationDto,
  type CreateOrganizationInput,
} from './orgs.service.ts';
