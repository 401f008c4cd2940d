import type { Cookie } from '@azure/functions';

const SAME_SITE: Readonly<Record<string, Cookie['sameSite']>> = {
  lax: 'Lax',
  strict: 'Strict',
  none: 'None',
};

function decodedValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * A `Set-Cookie` string as the structured cookie `@azure/functions` sends: Azure Functions
 * responses carry cookies as objects (one header per cookie), serialized again by the library
 * with the `cookie` package (attributes `Max-Age`, `Domain`, `Path`, `Expires`, `HttpOnly`,
 * `Secure`, `SameSite`, in that order; the value URL-encoded). Unknown attributes are dropped.
 */
export function parseSetCookie(header: string): Cookie {
  const [pair, ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  const cookie: Cookie = {
    name: (eq === -1 ? '' : pair.slice(0, eq)).trim(),
    value: decodedValue((eq === -1 ? pair : pair.slice(eq + 1)).trim()),
  };
  for (const attribute of attributes) {
    const at = attribute.indexOf('=');
    const name = (at === -1 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? '' : attribute.slice(at + 1).trim();
    if (name === 'path') cookie.path = value;
    else if (name === 'domain') cookie.domain = value;
    else if (name === 'max-age' && /^-?\d+$/.test(value)) cookie.maxAge = Number(value);
    else if (name === 'expires' && !Number.isNaN(Date.parse(value))) cookie.expires = new Date(value);
    else if (name === 'secure') cookie.secure = true;
    else if (name === 'httponly') cookie.httpOnly = true;
    else if (name === 'samesite') cookie.sameSite = SAME_SITE[value.toLowerCase()];
  }
  return cookie;
}
