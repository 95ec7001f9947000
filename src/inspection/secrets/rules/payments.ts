import type { RuleSpec } from '../rule-set.ts';
import { HEX32, named, PLACEHOLDER_ENTROPY, prefixed, rule, UUID } from './define.ts';

/** Payments and commerce: Stripe, Square, PayPal/Braintree, Shopify, Adyen, … */

export const paymentRules: RuleSpec[] = [
  rule('sekisho-stripe-key', 'Stripe secret or restricted key', '\\b((?:sk|rk)_(?:live|test)_[0-9A-Za-z]{24,99})\\b', ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'], { confidence: 'high', entropy: PLACEHOLDER_ENTROPY }),
  prefixed('sekisho-stripe-webhook-secret', 'Stripe webhook signing secret', 'whsec_[0-9A-Za-z+/=]{32,}', ['whsec_'], { entropy: 3.5 }),
  prefixed('sekisho-square-access-token', 'Square access token', 'EAAA[0-9A-Za-z_-]{60}|sq0atp-[0-9A-Za-z_-]{22}', ['eaaa', 'sq0atp-'], { entropy: 3.5 }),
  prefixed('sekisho-square-oauth-secret', 'Square application (OAuth) secret', 'sq0csp-[0-9A-Za-z_-]{43}', ['sq0csp-']),
  prefixed('sekisho-braintree-access-token', 'Braintree / PayPal access token', String.raw`access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}`, ['access_token$']),
  named('sekisho-braintree-private-key', 'Braintree private key assigned to a Braintree name', 'braintree', HEX32, ['braintree']),
  named('sekisho-paypal-client-secret', 'PayPal REST client secret assigned to a PayPal name', 'paypal', '[0-9A-Za-z_-]{80}', ['paypal'], { entropy: 3.5 }),
  prefixed('sekisho-shopify-access-token', 'Shopify Admin API, custom app or private app access token', 'shp(?:at|ca|pa)_[0-9a-fA-F]{32}', ['shpat_', 'shpca_', 'shppa_']),
  prefixed('sekisho-shopify-shared-secret', 'Shopify app shared secret', 'shpss_[0-9a-fA-F]{32}', ['shpss_']),
  rule('sekisho-adyen-api-key', 'Adyen API key', String.raw`\b(AQE[0-9A-Za-z+/]{40,}={0,2}-[0-9A-Za-z+/]{30,}={0,2}-[!-~]{10,})`, ['aqe'], { entropy: 4 }),
  named('sekisho-adyen-hmac-key', 'Adyen webhook HMAC key assigned to an Adyen name', 'adyen', '[0-9A-F]{64}', ['adyen']),
  named('sekisho-razorpay-key-secret', 'Razorpay key secret assigned to a Razorpay name', 'razorpay', '[0-9A-Za-z]{24}', ['razorpay'], { entropy: 3.5 }),
  prefixed('sekisho-flutterwave-secret-key', 'Flutterwave secret key', 'FLWSECK(?:_TEST)?-[0-9a-f]{32}-X', ['flwseck']),
  prefixed('sekisho-plaid-access-token', 'Plaid access token', `access-(?:sandbox|development|production)-${UUID}`, ['access-sandbox-', 'access-development-', 'access-production-']),
  named('sekisho-plaid-secret', 'Plaid API secret assigned to a Plaid name', 'plaid', '[0-9a-f]{30}', ['plaid']),
  prefixed('sekisho-easypost-api-key', 'EasyPost API key', 'EZ[AT]K[0-9A-Za-z]{54}', ['ezak', 'eztk']),
  prefixed('sekisho-shippo-api-token', 'Shippo API token', 'shippo_(?:live|test)_[0-9a-f]{40}', ['shippo_']),
  prefixed('sekisho-duffel-api-token', 'Duffel API token', 'duffel_(?:test|live)_[0-9A-Za-z_=-]{43}', ['duffel_']),
  named('sekisho-gocardless-token', 'GoCardless access token assigned to a GoCardless name', 'gocardless', '(?:live|sandbox)_[0-9A-Za-z_-]{40}', ['gocardless'], { anyName: true }),
  named('sekisho-mollie-api-key', 'Mollie API key assigned to a Mollie name', 'mollie', '(?:live|test)_[0-9A-Za-z]{30}', ['mollie'], { anyName: true }),
  named('sekisho-authorize-net-key', 'Authorize.Net transaction key assigned to its name', String.raw`authorize[_.-]?net[0-9a-z_.-]*(?:key|secret)|authnet[0-9a-z_.-]*key|transaction[_-]?key`, '[0-9A-Za-z]{16}', ['authorize_net', 'authorize.net', 'authorize-net', 'authorizenet', 'authnet', 'transaction_key', 'transaction-key', 'transactionkey'], { anyName: true, entropy: 3.3 }),
  named('sekisho-coinbase-api-secret', 'Coinbase API secret assigned to a Coinbase name', 'coinbase', String.raw`[0-9A-Za-z+/]{32,88}={0,2}`, ['coinbase'], { entropy: 4 }),
  prefixed('sekisho-razorpay-key-id', 'Razorpay API key id (live or test; its secret is separate)', 'rzp_(?:live|test)_[0-9A-Za-z]{14}', ['rzp_live_', 'rzp_test_'], { confidence: 'medium' }),
  // `lob` is inside `global` and `blob`: the line filter keeps those lines off RE2.
  named('sekisho-lob-api-key', 'Lob API key assigned to a Lob name', String.raw`(?:\b|_)lob`, '(?:live|test)_(?:pub_)?[0-9a-f]{35}', ['lob'], { anyName: true, lineFilter: /(?:live|test)_(?:pub_)?[0-9a-f]{35}/ }),
];
