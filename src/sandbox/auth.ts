import { createHash } from 'node:crypto';
import { errors, maskKey, type StripeApiError } from './errors.js';

const KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/;

/**
 * The account an API key opens: the SHA-256 of the key, so each key is its own account and no
 * key is ever stored. Accepts `Authorization: Bearer KEY` or HTTP Basic with the key as user.
 */
export function authenticate(header: string | undefined): string | StripeApiError {
  const key = keyFrom(header);
  if (!key) {
    return errors.authentication(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  if (key.startsWith('pk_')) {
    return errors.authentication(
      'This API call cannot be made with a publishable API key. Please use a secret API key (sk_test_…) or a restricted key (rk_test_…).',
    );
  }
  const match = KEY.exec(key);
  if (!match) return errors.authentication(`Invalid API Key provided: ${maskKey(key)}`);
  if (match[2] === 'live') {
    return errors.authentication(
      `The sandbox is test mode only and refuses live keys (${maskKey(key)}). Use a test key: sk_test_… or rk_test_….`,
    );
  }
  return createHash('sha256').update(key).digest('hex');
}

function keyFrom(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  switch (scheme?.toLowerCase()) {
    case 'bearer':
      return value || undefined;
    case 'basic': {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      return decoded.split(':')[0] || undefined;
    }
    default:
      return undefined;
  }
}
