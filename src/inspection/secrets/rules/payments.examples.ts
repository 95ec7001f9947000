import type { RuleExamples } from './examples.ts';
import { fake, fakeUuid } from './fabricate.ts';

export const examples: RuleExamples = {
  'sekisho-stripe-key': {
    positive: [{ text: 'STRIPE_KEY=sk_live_AIxNKu8iS2G8NPRVdD53X83R', value: 'sk_live_AIxNKu8iS2G8NPRVdD53X83R' }],
    negative: ['STRIPE_KEY=sk_live_AIxNKu8i'],
  },
  'sekisho-stripe-webhook-secret': {
    positive: [`STRIPE_WEBHOOK_SECRET=whsec_${fake('alnum', 32, 'whsec')}`],
    negative: ['STRIPE_WEBHOOK_SECRET=whsec_...'],
  },
  'sekisho-square-access-token': {
    positive: [`SQUARE_ACCESS_TOKEN=EAAA${fake('b64url', 60, 'sq')}`, `token = "sq0atp-${fake('b64url', 22, 'sq2')}"`],
    negative: ['SQUARE_ACCESS_TOKEN=EAAAshort'],
  },
  'sekisho-square-oauth-secret': {
    positive: [`SQUARE_APP_SECRET=sq0csp-${fake('b64url', 43, 'sqc')}`],
    negative: ['SQUARE_APP_ID=sq0idp-abcdefghijklmnopqrstuv'],
  },
  'sekisho-braintree-access-token': {
    positive: [`BRAINTREE_TOKEN=access_token$production$${fake('loweralnum', 16, 'bt')}$${fake('hex', 32, 'bt2')}`],
    negative: ['BRAINTREE_TOKEN=access_token$production$abc$def'],
  },
  'sekisho-braintree-private-key': {
    positive: [`BRAINTREE_PRIVATE_KEY=${fake('hex', 32, 'btpk')}`],
    negative: [`BRAINTREE_MERCHANT_ID=${fake('hex', 32, 'btpk')}`],
  },
  'sekisho-paypal-client-secret': {
    positive: [`PAYPAL_CLIENT_SECRET=E${fake('b64url', 79, 'pp')}`],
    negative: [`PAYPAL_CLIENT_ID=A${fake('b64url', 79, 'pp')}`],
  },
  'sekisho-shopify-access-token': {
    positive: [`SHOPIFY_ACCESS_TOKEN=shpat_${fake('hex', 32, 'shp')}`],
    negative: [`SHOPIFY_ACCESS_TOKEN=shpat_${fake('hex', 20, 'shp')}`],
  },
  'sekisho-shopify-shared-secret': {
    positive: [`SHOPIFY_API_SECRET=shpss_${fake('hex', 32, 'shpss')}`],
    negative: ['SHOPIFY_API_SECRET=shpss_REPLACE'],
  },
  'sekisho-adyen-api-key': {
    positive: [`ADYEN_API_KEY=AQE${fake('b64', 80, 'ad1')}=-${fake('b64', 43, 'ad2')}=-${fake('alnum', 12, 'ad3')}`],
    negative: ['ADYEN_API_KEY=AQE-example'],
  },
  'sekisho-adyen-hmac-key': {
    positive: [`ADYEN_HMAC_KEY=${fake('HEX', 64, 'adh')}`],
    negative: [`ADYEN_MERCHANT_ACCOUNT=${fake('HEX', 64, 'adh')}`],
  },
  'sekisho-razorpay-key-secret': {
    positive: [`RAZORPAY_KEY_SECRET=${fake('alnum', 24, 'rzp')}`],
    negative: ['RAZORPAY_KEY_ID=rzp_test_abcdefghijklmn'],
  },
  'sekisho-flutterwave-secret-key': {
    positive: [`FLW_SECRET_KEY=FLWSECK_TEST-${fake('hex', 32, 'flw')}-X`],
    negative: [`FLW_PUBLIC_KEY=FLWPUBK_TEST-${fake('hex', 32, 'flw')}-X`],
  },
  'sekisho-plaid-access-token': {
    positive: [`access_token = "access-sandbox-${fakeUuid('plaid')}"`],
    negative: ['access_token = "access-sandbox-<uuid>"'],
  },
  'sekisho-plaid-secret': {
    positive: [`PLAID_SECRET=${fake('hex', 30, 'plaid')}`],
    negative: [`PLAID_CLIENT_ID=${fake('hex', 24, 'plaid')}`],
  },
  'sekisho-easypost-api-key': {
    positive: [`EASYPOST_API_KEY=EZAK${fake('alnum', 54, 'ez')}`],
    negative: ['EASYPOST_API_KEY=EZAKshort'],
  },
  'sekisho-shippo-api-token': {
    positive: [`SHIPPO_TOKEN=shippo_live_${fake('hex', 40, 'shippo')}`],
    negative: ['SHIPPO_TOKEN=shippo_live_<token>'],
  },
  'sekisho-duffel-api-token': {
    positive: [`DUFFEL_ACCESS_TOKEN=duffel_test_${fake('b64url', 43, 'duffel')}`],
    negative: ['DUFFEL_ACCESS_TOKEN=duffel_test_short'],
  },
  'sekisho-gocardless-token': {
    positive: [`GOCARDLESS_ACCESS_TOKEN=live_${fake('b64url', 40, 'gc')}`],
    negative: ['GOCARDLESS_ENVIRONMENT=live'],
  },
  'sekisho-mollie-api-key': {
    positive: [`MOLLIE_API_KEY=live_${fake('alnum', 30, 'mollie')}`],
    negative: ['MOLLIE_API_KEY=live_xxx'],
  },
  'sekisho-authorize-net-key': {
    positive: [`AUTHORIZE_NET_TRANSACTION_KEY=${fake('alnum', 16, 'anet')}`],
    negative: ['AUTHORIZE_NET_TRANSACTION_KEY=aaaaaaaaaaaaaaaa'],
  },
  'sekisho-coinbase-api-secret': {
    positive: [`COINBASE_API_SECRET=${fake('b64', 88, 'cb')}`],
    negative: [`COINBASE_API_SECRET=${'a'.repeat(64)}`],
  },
  'sekisho-razorpay-key-id': {
    positive: [`RAZORPAY_KEY_ID=rzp_live_${fake('alnum', 14, 'rzp')}`],
    negative: ['RAZORPAY_KEY_ID=rzp_live_short'],
  },
  'sekisho-lob-api-key': {
    positive: [`LOB_API_KEY=live_${fake('hex', 35, 'lob')}`],
    negative: [`GLOBAL_CACHE_KEY=live_${fake('hex', 35, 'lob')}`, `LOB_API_KEY=live_${fake('hex', 20, 'lob')}`],
  },
};
