import type Stripe from 'stripe';

/*
 * The `stripe` SDK is some two hundred modules and ~20 MiB of memory. Only an activity that
 * calls Stripe needs it, so it loads on the first call: `--help`, catalog lookups, input checks
 * and an idle agent go without it.
 */
let sdk: typeof Stripe | undefined;

/** The SDK, imported on first use. */
export async function loadStripe(): Promise<typeof Stripe> {
  sdk ??= (await import('stripe')).default;
  return sdk;
}

/** The SDK if something has loaded it; no Stripe error can exist before that. */
export function loadedStripe(): typeof Stripe | undefined {
  return sdk;
}
