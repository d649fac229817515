/**
 * A value as JSON that can sit inside a <script> element: `<` (so no `</script>` or `<!--` can end or change the
 * element), `>`, `&` and the two JavaScript line terminators are written as \u escapes, which JSON.parse turns back.
 * Manifest text (labels, annotations, the facts of a step) is attacker-controlled: this is what keeps it data.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
