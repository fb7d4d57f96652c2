/**
 * Global keyboard shortcuts, as data: the overlay lists exactly what the handler does.
 * "g" then a view key (vim/GitHub style) or Alt+1…9 goes to a view; Ctrl/Cmd+K opens the
 * palette; "?" the overlay; "/" focuses the current view's search box.
 */
export interface RouteKey { id: string; shortcut: string }

export type ShortcutAction =
  | { kind: 'route'; id: string }
  | { kind: 'palette' }
  | { kind: 'help' }
  | { kind: 'search' }
  | { kind: 'prefix' };

export interface KeyInput { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean; code?: string }

/**
 * Decides what a key press means. `pendingG` is true when the previous key was a lone "g".
 * `typing` is true when focus is in a text field: then only chorded shortcuts apply.
 */
export function resolveShortcut(e: KeyInput, pendingG: boolean, typing: boolean, routes: readonly RouteKey[]): ShortcutAction | null {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') return { kind: 'palette' };
  if (e.altKey && !e.ctrlKey && !e.metaKey) {
    // e.code so Alt+digit works on layouts where Alt changes the character (macOS).
    const digit = e.code?.startsWith('Digit') ? Number(e.code.slice(5)) : Number(e.key);
    if (digit >= 1 && digit <= 9 && routes[digit - 1]) return { kind: 'route', id: routes[digit - 1].id };
    return null;
  }
  if (typing || e.ctrlKey || e.metaKey) return null;
  if (pendingG) {
    const r = routes.find((x) => x.shortcut === e.key.toLowerCase());
    return r ? { kind: 'route', id: r.id } : null;
  }
  if (e.key === 'g') return { kind: 'prefix' };
  if (e.key === '?') return { kind: 'help' };
  if (e.key === '/') return { kind: 'search' };
  return null;
}

export function isTypingTarget(el: Element | null): boolean {
  if (!el) return false;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'range', 'color'].includes(type);
  }
  return (el as HTMLElement).isContentEditable === true;
}
