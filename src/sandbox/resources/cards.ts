import { errors } from '../errors.js';

/** Stripe's test tokens and payment methods the sandbox knows, by the card behind them. */
const CARDS: Record<string, { brand: string; last4: string; decline?: string }> = {
  visa: { brand: 'visa', last4: '4242' },
  mastercard: { brand: 'mastercard', last4: '4444' },
  amex: { brand: 'amex', last4: '8431' },
  chargeDeclined: { brand: 'visa', last4: '0002', decline: 'generic_decline' },
  chargeDeclinedInsufficientFunds: { brand: 'visa', last4: '9995', decline: 'insufficient_funds' },
};

export interface TestCard {
  brand: string;
  last4: string;
  decline?: string;
}

/** `tok_visa`, `pm_card_visa`, `card_…`: the test card a source or payment method stands for. */
export function testCard(source: string, param: string): TestCard {
  const name = /^(?:tok_|pm_card_)(.+)$/.exec(source)?.[1];
  const card = name === undefined ? undefined : CARDS[name];
  if (!card) {
    throw errors.invalid(
      `No such token or payment method: '${source}'. The sandbox knows ${Object.keys(CARDS)
        .map((n) => `tok_${n}`)
        .join(', ')} and the same as pm_card_….`,
      param,
      'resource_missing',
    );
  }
  return card;
}

/** The card part of a charge's `payment_method_details`. */
export function cardDetails(card: TestCard, fingerprintSeed: string): Record<string, unknown> {
  return {
    card: {
      amount_authorized: null,
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
      country: 'US',
      exp_month: 12,
      exp_year: new Date().getUTCFullYear() + 3,
      fingerprint: `fp${fingerprintSeed}${card.last4}`,
      funding: 'credit',
      installments: null,
      last4: card.last4,
      mandate: null,
      network: card.brand,
      three_d_secure: null,
      wallet: null,
    },
    type: 'card',
  };
}
