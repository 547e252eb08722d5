import { describe, expect, it } from 'vitest';
import { checkSnippet, renderSnippet } from './saved-reply-render.ts';

const context = {
  contact: { name: 'Айгуль Токтогулова', first_name: 'Айгуль', last_name: null, phone: '+996700111222' },
  agent: { name: 'Мира' },
  business: { name: 'Салон «Лотос»' },
};

describe('saved reply snippets', () => {
  it('fills the variables and leaves a missing one empty', () => {
    expect(renderSnippet('Здравствуйте, {{ contact.first_name }}! Это {{ agent.name }} из {{ business.name }}.', context)).toBe(
      'Здравствуйте, Айгуль! Это Мира из Салон «Лотос».',
    );
    expect(renderSnippet('Hi {{ contact.last_name }} there', context)).toBe('Hi there');
    expect(renderSnippet('Hi {{ contact.first_name | default: "there" }}', { ...context, contact: { ...context.contact, first_name: null } })).toBe('Hi there');
  });
  it('refuses broken Liquid with a readable message', () => {
    expect(checkSnippet('Hi {{ contact.first_name ')).toBeTruthy();
    expect(checkSnippet('Hi {{ contact.first_name | nosuchfilter }}')).toBeTruthy();
    expect(checkSnippet('Hi {{ contact.first_name }}')).toBeNull();
  });
});
