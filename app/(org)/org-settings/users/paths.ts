export const USERS_PATH = '/org-settings/users';
