/** Revalidation has nothing to do outside a Next.js server; calls are recorded for assertions. */
export const revalidated: string[] = [];
export function revalidatePath(path: string): void {
  revalidated.push(path);
}
export function revalidateTag(tag: string): void {
  revalidated.push(`tag:${tag}`);
}
export function updateTag(tag: string): void {
  revalidated.push(`tag:${tag}`);
}
export function refresh(): void {}
export function unstable_noStore(): void {}
export function unstable_cache<T extends (...args: never[]) => unknown>(fn: T): T {
  return fn;
}
