// The editor's drafts: each scenario's edits kept in local storage as they are typed, so another
// tab, another scenario or a reload never loses them.

/** Local storage's key for a scenario's edits. */
const DRAFT = (key: string) => `elbsim:editor:${key}`;

export function readDraft(key: string): string | null {
  try {
    return localStorage.getItem(DRAFT(key));
  } catch {
    return null; // storage refused (private mode, disabled): edits last as long as the page
  }
}

export function writeDraft(key: string, text: string): void {
  try {
    localStorage.setItem(DRAFT(key), text);
  } catch {
    // Full or refused: the edits stay on the page, not across a reload.
  }
}

export function forgetDraft(key: string): void {
  try {
    localStorage.removeItem(DRAFT(key));
  } catch {
    // Nothing kept.
  }
}

/** A short key for a scenario that came in a link: a hash of its text (FNV-1a, 32 bits). */
export function sourceKey(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `link-${(hash >>> 0).toString(16)}`;
}
