/** Access levels ordered by what they include; `readwrite` includes `read` and `write`. */
export function accessIncludes(granted: string, wanted: string): boolean {
  return granted === wanted || (granted === 'readwrite' && (wanted === 'read' || wanted === 'write'));
}
