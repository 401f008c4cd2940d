/**
 * Object keys in S3 events delivered by EventBridge.
 *
 * S3 writes the key of an event URL-encoded, form style: a space becomes `+` and other
 * characters outside a small safe set become `%XX` of their UTF-8 bytes ("red flower.jpg"
 * arrives as "red+flower.jpg"; Amazon S3 User Guide, "Event message structure": "the object
 * key name value is URL encoded"). AWS's own Powertools for Lambda (Python) reads the key of
 * EventBridge S3 events the same way: `S3EventBridgeNotificationObject.key` returns
 * `unquote_plus(self["key"])` (aws_lambda_powertools/utilities/data_classes/s3_event.py), and
 * it is the best public evidence that EventBridge carries the key encoded as S3's own
 * notifications do. So the shim decodes it, and the rule's prefix/suffix filters are encoded
 * the same way, because EventBridge compares them with the encoded key.
 */

/** The key as the user wrote it: `+` is a space, `%XX` sequences are UTF-8 bytes (Python's `unquote_plus`). */
export function decodeS3EventKey(encoded: string): string {
  const spaced = encoded.replace(/\+/g, ' ');
  // Decode each run of %XX escapes on its own, so one malformed escape leaves only itself as written.
  return spaced.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Form encoding that keeps `/` (Java's URLEncoder safe set: letters, digits, `.-*_`). */
function formEncode(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_/]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The forms a key fragment (a filter's prefix or suffix) can take in an S3 event. S3 does not
 * document which punctuation it leaves unescaped, so for `!'()~` both forms are listed (the
 * form encoding above, and `encodeURIComponent`'s, which keeps them); every other character
 * has one form. A rule matching any of them delivers exactly the keys that match as written.
 */
export function s3EventKeyForms(fragment: string): string[] {
  const uriStyle = encodeURIComponent(fragment).replace(/%20/g, '+').replace(/%2F/g, '/');
  return [...new Set([formEncode(fragment), uriStyle])];
}
