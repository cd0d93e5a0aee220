export const GROUPS_PATH = '/org-settings/groups';

export const groupPath = (id: string) => `${GROUPS_PATH}/${id}`;
