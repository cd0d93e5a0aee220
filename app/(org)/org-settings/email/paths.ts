export const EMAIL_PATH = '/org-settings/email';
export const DISCONNECT_PATH = '/org-settings/email/disconnect';
