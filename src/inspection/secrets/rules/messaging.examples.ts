import type { RuleExamples } from './examples.ts';
import { fake, fakeUuid } from './fabricate.ts';

const discordId = Buffer.from('412345678901234567').toString('base64url');
const discord = `${discordId}.${fake('b64url', 6, 'dc1')}.${fake('b64url', 38, 'dc2')}`;

export const examples: RuleExamples = {
  'sekisho-slack-token': {
    positive: ['SLACK_BOT_TOKEN=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    negative: ['SLACK_BOT_TOKEN=xoxb-notatoken'],
  },
  'sekisho-slack-config-token': {
    positive: [`SLACK_CONFIG_TOKEN=xoxe.xoxp-1-${fake('alnum', 150, 'xoxe')}`, `refresh: xoxe-1-${fake('alnum', 146, 'xoxe1')}`],
    negative: ['SLACK_CONFIG_TOKEN=xoxe.xoxp-1-short'],
  },
  'sekisho-slack-app-token': {
    positive: [`SLACK_APP_TOKEN=xapp-1-A${fake('upperalnum', 10, 'xapp')}-${fake('digits', 13, 'xapp2')}-${fake('hex', 64, 'xapp3')}`],
    negative: ['SLACK_APP_TOKEN=xapp-1-A0123-short'],
  },
  'sekisho-slack-webhook': {
    positive: [`SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T${fake('upperalnum', 8, 'sw1')}/B${fake('upperalnum', 10, 'sw2')}/${fake('alnum', 24, 'sw3')}`],
    negative: ['see https://hooks.slack.com/services/ for the docs'],
  },
  'sekisho-discord-bot-token': {
    // Also without Discord's name, where a line handles it as a credential (a log line, a curl -d key=…).
    positive: [{ text: `DISCORD_TOKEN="${discord}"`, value: discord }, { text: `DEBUG using credential ${discord} for the request`, value: discord }, { text: `curl -d key=${discord} https://api.example.dev`, value: discord }],
    negative: [`token = "${Buffer.from('hello-world-abcdefg').toString('base64url')}.${fake('b64url', 6, 'dc1')}.${fake('b64url', 38, 'dc2')}"`],
  },
  'sekisho-discord-client-secret': {
    positive: [`DISCORD_CLIENT_SECRET=${fake('b64url', 32, 'dcs')}`, `discordApiKey := "${fake('hex', 64, 'dcs2')}"`],
    negative: [`DISCORD_CLIENT_ID=${fake('digits', 18, 'dcs')}`, `DISCORD_GUILD=${fake('b64url', 32, 'dcs')}`],
  },
  'sekisho-discord-webhook': {
    positive: [`https://discord.com/api/webhooks/${fake('digits', 18, 'dw').replace(/^0/, '1')}/${fake('b64url', 68, 'dw2')}`],
    negative: ['https://discord.com/api/webhooks/123/abc'],
  },
  'sekisho-telegram-bot-token': {
    positive: [`TELEGRAM_BOT_TOKEN=${fake('digits', 10, 'tg').replace(/^0/, '1')}:AA${fake('b64url', 33, 'tg2')}`],
    negative: [`TELEGRAM_BOT_TOKEN=${fake('digits', 10, 'tg')}:AB${fake('b64url', 33, 'tg2')}`],
  },
  'sekisho-telegram-bot-token-named': {
    positive: [`telegram_bot_token = "${fake('digits', 7, 'tgn').replace(/^0/, '1')}:A${fake('b64url', 34, 'tgn2')}"`],
    negative: [`telegram_chat_id = "${fake('digits', 7, 'tgn')}:A${fake('b64url', 34, 'tgn2')}"`],
  },
  'sekisho-teams-webhook': {
    positive: [`https://contoso.webhook.office.com/webhookb2/${fakeUuid('t1')}@${fakeUuid('t2')}/IncomingWebhook/${fake('hex', 32, 't3')}/${fakeUuid('t4')}/V2${fake('b64url', 40, 't5')}`],
    negative: ['https://contoso.webhook.office.com/webhookb2/'],
  },
  'sekisho-power-automate-webhook': {
    positive: [`https://prod-12.westus.logic.azure.com:443/workflows/${fake('hex', 32, 'pa')}/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${fake('b64url', 43, 'pa2')}`],
    negative: [`https://prod-12.westus.logic.azure.com:443/workflows/${fake('hex', 32, 'pa')}/triggers/manual/paths/invoke?api-version=2016-06-01`],
  },
  'sekisho-twilio-api-key': {
    positive: [`twilio_client = Client("SK${fake('hex', 32, 'tw')}", secret)`, `curl -sS https://api.example.dev/v2/jobs -d key=SK${fake('hex', 32, 'tw2')}`],
    // The shape with no credential word and no Twilio name near it (a build id), and a longer hex run.
    negative: [`build = "SK${fake('hex', 32, 'tw')}"`, `token = "SK${fake('hex', 40, 'tw3')}"`],
  },
  'sekisho-twilio-auth-token': {
    positive: [`TWILIO_AUTH_TOKEN=${fake('hex', 32, 'twa')}`],
    negative: [`TWILIO_ACCOUNT_SID=AC${fake('hex', 32, 'twa')}`],
  },
  'sekisho-sendgrid-api-key': {
    positive: [`SENDGRID_API_KEY=SG.${fake('b64url', 22, 'sg1')}.${fake('b64url', 43, 'sg2')}`],
    negative: ['msg.setSubject("hello")'],
  },
  'sekisho-mailgun-api-key': {
    positive: [`MAILGUN_API_KEY=key-${fake('hex', 32, 'mg')}`],
    negative: ['key-value store'],
  },
  'sekisho-mailgun-private-key': {
    positive: [`MAILGUN_API_KEY=${fake('hex', 32, 'mg2')}-${fake('hex', 8, 'mg3')}-${fake('hex', 8, 'mg4')}`],
    negative: [`MAILGUN_DOMAIN=${fake('hex', 32, 'mg2')}`],
  },
  'sekisho-mailchimp-api-key': {
    positive: [`MAILCHIMP_API_KEY=${fake('hex', 32, 'mc')}-us21`],
    negative: ['node --max-old-space-size=4096 --user-agent=x'],
  },
  'sekisho-mandrill-api-key': {
    positive: [`MANDRILL_API_KEY=md-${fake('b64url', 22, 'md')}`],
    negative: ['MANDRILL_API_KEY=md-'],
  },
  'sekisho-brevo-api-key': {
    positive: [`BREVO_API_KEY=xkeysib-${fake('hex', 64, 'br')}-${fake('alnum', 16, 'br2')}`],
    negative: ['BREVO_API_KEY=xkeysib-short'],
  },
  'sekisho-postmark-token': {
    positive: [`POSTMARK_SERVER_TOKEN=${fakeUuid('pm')}`],
    negative: [`POSTMARK_MESSAGE_STREAM=${fakeUuid('pm')}`],
  },
  'sekisho-mailjet-key': {
    positive: [`MJ_APIKEY_PRIVATE=${fake('hex', 32, 'mj')}`],
    negative: [`MJ_APIKEY_PRIVATE=${fake('hex', 20, 'mj')}`],
  },
  'sekisho-sparkpost-api-key': {
    positive: [`SPARKPOST_API_KEY=${fake('hex', 40, 'sp')}`],
    negative: [`SPARKPOST_HOST=${fake('hex', 40, 'sp')}`],
  },
  'sekisho-vonage-api-secret': {
    positive: [`VONAGE_API_SECRET=${fake('alnum', 16, 'vn')}`],
    negative: [`VONAGE_APPLICATION_ID=${fake('alnum', 16, 'vn')}`],
  },
  'sekisho-messagebird-api-key': {
    positive: [`MESSAGEBIRD_ACCESS_KEY=${fake('alnum', 25, 'mb')}`],
    negative: [`MESSAGEBIRD_ORIGINATOR=${fake('alnum', 25, 'mb')}`],
  },
  'sekisho-pusher-secret': {
    positive: [`PUSHER_APP_SECRET=${fake('hex', 20, 'pu')}`],
    negative: [`PUSHER_APP_ID=${fake('hex', 20, 'pu')}`],
  },
  'sekisho-line-channel-token': {
    positive: [`LINE_CHANNEL_ACCESS_TOKEN=${fake('b64', 172, 'line')}`],
    negative: ['LINE_CHANNEL_ACCESS_TOKEN=your-token-here'],
  },
  'sekisho-intercom-token': {
    positive: [`INTERCOM_ACCESS_TOKEN=dG9rOj${fake('b64url', 54, 'ic')}`],
    negative: [`INTERCOM_APP_ID=dG9rOj${fake('b64url', 54, 'ic')}`],
  },
  'sekisho-resend-api-key': {
    positive: [`RESEND_API_KEY=re_${fake('alnum', 8, 'resend')}_${fake('alnum', 24, 'resend2')}`],
    negative: [`RESEND_API_KEY=re_${fake('alnum', 8, 'resend')}`],
  },
};
