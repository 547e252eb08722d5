import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../platform/context.ts';
import { zPage } from '../../platform/http/pagination.ts';
import { authOf } from '../../platform/http/auth.ts';
import * as companies from './companies.service.ts';
import * as contacts from './contacts.service.ts';
import {
  ZCompany,
  ZCompanyParams,
  ZContact,
  ZContactParams,
  ZCreateCompany,
  ZCreateContact,
  ZListCompaniesQuery,
  ZListContactsQuery,
  ZUpdateCompany,
  ZUpdateContact,
} from './contacts.schemas.ts';

const ZOk = z.object({ ok: z.literal(true) });

export async function contactsRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, clock } = ctx;
  const tags = ['contacts'];

  app.get(
    '/api/contacts',
    { schema: { tags, summary: 'List and search contacts, newest first', querystring: ZListContactsQuery, response: { 200: zPage(ZContact) } } },
    async (request) => contacts.listContacts(db, authOf(request).organizationId, request.query),
  );

  app.post('/api/contacts', { schema: { tags, body: ZCreateContact, response: { 201: ZContact } } }, async (request, reply) => {
    reply.status(201);
    return contacts.toContactDto(await contacts.createContact(db, authOf(request).organizationId, request.body));
  });

  app.get('/api/contacts/:contactId', { schema: { tags, params: ZContactParams, response: { 200: ZContact } } }, async (request) =>
    contacts.toContactDto(await contacts.getContact(db, authOf(request).organizationId, request.params.contactId)),
  );

  app.patch(
    '/api/contacts/:contactId',
    { schema: { tags, params: ZContactParams, body: ZUpdateContact, response: { 200: ZContact } } },
    async (request) =>
      contacts.toContactDto(await contacts.updateContact(db, authOf(request).organizationId, request.params.contactId, request.body, clock.now())),
  );

  app.delete('/api/contacts/:contactId', { schema: { tags, params: ZContactParams, response: { 200: ZOk } } }, async (request) => {
    await contacts.deleteContact(db, authOf(request).organizationId, request.params.contactId);
    return { ok: true as const };
  });

  const companyTags = ['companies'];
  app.get(
    '/api/companies',
    { schema: { tags: companyTags, querystring: ZListCompaniesQuery, response: { 200: zPage(ZCompany) } } },
    async (request) => companies.listCompanies(db, authOf(request).organizationId, request.query),
  );

  app.post('/api/companies', { schema: { tags: companyTags, body: ZCreateCompany, response: { 201: ZCompany } } }, async (request, reply) => {
    reply.status(201);
    return companies.toCompanyDto(await companies.createCompany(db, authOf(request).organizationId, request.body));
  });

  app.get('/api/companies/:companyId', { schema: { tags: companyTags, params: ZCompanyParams, response: { 200: ZCompany } } }, async (request) =>
    companies.toCompanyDto(await companies.getCompany(db, authOf(request).organizationId, request.params.companyId)),
  );

  app.patch(
    '/api/companies/:companyId',
    { schema: { tags: companyTags, params: ZCompanyParams, body: ZUpdateCompany, response: { 200: ZCompany } } },
    async (request) =>
      companies.toCompanyDto(await companies.updateCompany(db, authOf(request).organizationId, request.params.companyId, request.body, clock.now())),
  );

  app.delete('/api/companies/:companyId', { schema: { tags: companyTags, params: ZCompanyParams, response: { 200: ZOk } } }, async (request) => {
    await companies.deleteCompany(db, authOf(request).organizationId, request.params.companyId);
    return { ok: true as const };
  });
}
