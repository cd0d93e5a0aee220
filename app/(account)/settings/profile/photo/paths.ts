/** The photo editor, opened from the avatar in the profile menu and on the profile page. */
export const PHOTO_EDITOR_PATH = '/settings/profile/photo';
/** The confirmation step of "Remove photo" without JavaScript. */
export const PHOTO_REMOVE_PATH = '/settings/profile/photo/remove';
