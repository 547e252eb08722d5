import { describe, expect, it } from 'vitest';
import { compileTemplate, emptyVariables, renderTemplate, sampleContext, TemplateError, unguardedVariables, validateTemplate } from './render.ts';
import { seededRandom } from './spintax.ts';

const context = () => {
  const base = sampleContext();
  return { ...base, contact: { ...base.contact, first_name: '', custom: { city: 'Bishkek' } }, company: { ...base.company, name: 'Aru' } };
};

describe('message templates', () => {
  it('renders contact, company, custom fields, filters and defaults', () => {
    const template = compileTemplate('{{ contact.first_name | default: "there" }} from {{ company.name | upcase }} in {{ contact.custom.city }}');
    expect(renderTemplate(template, context(), seededRandom('x'))).toBe('there from ARU in Bishkek');
  });

  it('renders ai.personalize and knows the template uses it', () => {
    const template = compileTemplate('Hi! {{ ai.personalize }}');
    expect(template.usesAi).toBe(true);
    expect(renderTemplate(template, { ...context(), ai: { personalize: 'Loved your new branch.' } }, seededRandom('x'))).toBe('Hi! Loved your new branch.');
    expect(compileTemplate('Hi').usesAi).toBe(false);
  });

  it('spins before Liquid, the same way for the same seed', () => {
    const template = compileTemplate('{Hi|Hello} {{ contact.name }}');
    const first = renderTemplate(template, context(), seededRandom('p:s'));
    expect(renderTemplate(template, context(), seededRandom('p:s'))).toBe(first);
    expect(['Hi Aida Asanova', 'Hello Aida Asanova']).toContain(first);
  });

  it('refuses at save time: bad syntax, unknown filters, unknown variables, broken spintax', () => {
    expect(() => validateTemplate('Hi {{ contact.first_name')).toThrow(TemplateError);
    expect(() => validateTemplate('Hi {% if %}')).toThrow(/liquid/);
    expect(() => validateTemplate('Hi {{ contact.first_name | shout }}')).toThrow(/undefined filter: shout/);
    expect(() => validateTemplate('Hi {{ contact.frist_name }}')).toThrow(/unknown variable "contact.frist_name"/);
    expect(() => validateTemplate('Hi {{ user.name }}')).toThrow(/unknown variable "user.name"/);
    expect(() => validateTemplate('{Hi|Hello')).toThrow(/spintax/);
    expect(() => validateTemplate('{Hi {{ contact.bad }}|Hello}')).toThrow(/contact.bad/);
    expect(validateTemplate('{% assign n = contact.first_name %}{{ n }} {% for t in contact.tags %}#{{ t }}{% endfor %}').usesAi).toBe(false);
  });
});

describe('empty variables', () => {
  const withoutCompany = () => ({ ...sampleContext(), company: { name: null, domain: null, custom: {} } });

  it('names a variable printed empty for a recipient, once', () => {
    const template = compileTemplate('Весной в {{ company.name }} маникюр со скидкой, {{ contact.first_name }}! {{ company.name }}');
    expect(emptyVariables(template, withoutCompany())).toEqual(['company.name']);
    expect(emptyVariables(template, sampleContext())).toEqual([]);
    expect(unguardedVariables(template).map((v) => v.path)).toEqual(['company.name', 'contact.first_name']);
  });

  it('trusts a default: filter and the author’s own if', () => {
    const template = compileTemplate('Hi{% if company.name %} from {{ company.name }}{% endif %}, {{ company.name | default: "our salon" }}');
    expect(emptyVariables(template, withoutCompany())).toEqual([]);
    expect(unguardedVariables(template)).toEqual([]);
  });

  it('checks every spintax option and filtered output; business.name is the sender’s own name', () => {
    const template = compileTemplate('{Hi|Hello} {{ contact.custom.nickname | upcase }}, {{ business.name }}');
    expect(emptyVariables(template, sampleContext())).toEqual(['contact.custom.nickname']);
    expect(renderTemplate(compileTemplate('{{ business.name }}'), sampleContext(), seededRandom('x'))).toBe('Lotus Salon');
    expect(emptyVariables(compileTemplate('{{ business.phone }}'), { ...sampleContext(), business: undefined })).toEqual(['business.phone']);
    expect(() => validateTemplate('{{ business.owner }}')).toThrow(/business has name, phone, address/);
  });
});
