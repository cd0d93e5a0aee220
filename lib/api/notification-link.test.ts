import { describe, expect, it } from 'vitest';

import { acceptedNotificationUrl } from './notification-link';

describe('acceptedNotificationUrl', () => {
  const env = { NOTIFICATION_URL_HOSTS: 'tasks.example, CRM.example:8443' };
  it('keeps paths of this app and https addresses of allowed hosts', () => {
    expect(acceptedNotificationUrl('/tasks/7?x=1#a', env)).toBe('/tasks/7?x=1#a');
    expect(acceptedNotificationUrl('https://tasks.example/7', env)).toBe('https://tasks.example/7');
    expect(acceptedNotificationUrl('https://crm.example:8443/deal/1', env)).toBe('https://crm.example:8443/deal/1');
    // This app's own absolute address becomes its path (the app shows paths as links).
    expect(acceptedNotificationUrl('http://localhost:3000/settings', env)).toBe('/settings');
  });

  it('refuses every other site, scheme and trick', () => {
    for (const value of [
      'javascript:alert(1)',
      'data:text/html,x',
      'http://tasks.example/7',
      'https://evil.example/',
      'https://tasks.example.evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      ' /tasks',
      '/tasks\n',
      'https://user:pw@tasks.example/',
      'not a url',
    ]) {
      expect(acceptedNotificationUrl(value, env), value).toBeNull();
    }
    expect(acceptedNotificationUrl('https://tasks.example/7', {})).toBeNull();
  });
});
