export { authPlugin, SESSION_COOKIE } from './auth.plugin.ts';
export { orgsRoutes } from './orgs.routes.ts';
export { hasRole } from './auth.service.ts';
export type { AuthContext } from '../../platform/http/auth.ts';
export {
  createOrganization,
  getOrganization,
  findOrganizationBySlug,
  listMembers,
  getMember,
  toOrganizationDto,
  type CreateOrganizationInput,
} from './orgs.service.ts';
