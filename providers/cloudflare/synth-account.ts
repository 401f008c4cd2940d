/** The Cloudflare account id synth uses when none is given (32 hex characters, like a real one). */
export const SYNTH_ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
