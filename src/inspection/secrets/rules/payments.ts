import type { RuleSpec } from '../rule-set.ts';
import { rule } from './define.ts';

/** Payments and commerce: Stripe, Square, PayPal/Braintree, Shopify, Adyen, … */

export const paymentRules: RuleSpec[] = [
  rule('sekisho-stripe-key', 'Stripe secret or restricted key', '\\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,99})\\b', ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'], { confidence: 'high' }),
];
