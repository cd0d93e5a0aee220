/** `users.theme` as stored; the root layout turns it into a `theme-…` class on <html>. */
export const THEME_OPTIONS = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEME_OPTIONS)[number];

/**
 * The Animations choice as a form value. `users.animations` is a nullable boolean: null means
 * "follow my device" (prefers-reduced-motion), which the layout renders as `motion-system`.
 */
export const ANIMATION_OPTIONS = ['on', 'off', 'system'] as const;
export type AnimationChoice = (typeof ANIMATION_OPTIONS)[number];

export function animationsToChoice(value: boolean | null): AnimationChoice {
  return value == null ? 'system' : value ? 'on' : 'off';
}

export function choiceToAnimations(choice: AnimationChoice): boolean | null {
  return choice === 'system' ? null : choice === 'on';
}
