export const GROUPS_PATH = '/org-settings/groups';

export const groupPath = (id: string) => `${GROUPS_PATH}/${id}`;

/** The confirmation step of deleting a group from the list, without JavaScript. */
export const deleteGroupPath = (id: string) => `${groupPath(id)}/delete`;
