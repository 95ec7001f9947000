import type { Confidence } from '../../finding.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { HEX32, HEX64, named, nearName, PLACEHOLDER_ENTROPY, prefixed, rule, STRUCTURED_TOKEN_KEYWORDS, ON_A_CREDENTIAL_LINE, UUID } from './define.ts';

/** Messaging and communication: Slack, Discord, Telegram, Teams, Twilio, e-mail delivery services. */

/**
 * A Discord bot token's first part is base64 of the bot's user id, a snowflake of 17–20 digits. That is
 * what separates it from any dotted base64 string of the same shape.
 */
function discordUserId({ value }: RefineInput): Confidence | null {
  const id = Buffer.from(value.slice(0, value.indexOf('.')), 'base64url').toString('latin1');
  return /^[1-9][0-9]{16,19}$/.test(id) ? 'high' : null;
}

export const messagingRules: RuleSpec[] = [
  rule('sekisho-slack-token', 'Slack token', '\\b(xox[abposr]-(?:[0-9]{8,13}-){1,2}[0-9A-Za-z-]{16,64})\\b', ['xoxa-', 'xoxb-', 'xoxp-', 'xoxo-', 'xoxs-', 'xoxr-'], { confidence: 'high', entropy: PLACEHOLDER_ENTROPY }),
  prefixed('sekisho-slack-config-token', 'Slack app configuration or refresh token', String.raw`xoxe\.xox[bp]-1-[0-9A-Za-z]{140,}|xoxe-1-[0-9A-Za-z]{140,}`, ['xoxe.', 'xoxe-']),
  prefixed('sekisho-slack-app-token', 'Slack app-level token', 'xapp-[0-9]-[0-9A-Z]{9,12}-[0-9]{10,14}-[0-9a-f]{64}', ['xapp-']),
  rule('sekisho-slack-webhook', 'Slack incoming webhook or workflow trigger URL', String.raw`(https://hooks\.slack\.com/(?:services|workflows|triggers)/T[0-9A-Z]{8,12}/[0-9A-Z]{8,13}/(?:[0-9]{6,20}/)?[0-9A-Za-z]{20,34})`, ['hooks.slack.com/'], { confidence: 'high' }),
  rule('sekisho-discord-bot-token', 'Discord bot token (first part verified as a user id)', String.raw`(?:(?m:^)|[^0-9A-Za-z_.\n-])([MNO][0-9A-Za-z_-]{22,27}\.[0-9A-Za-z_-]{6}\.[0-9A-Za-z_-]{27,40})(?:[^0-9A-Za-z_.\n-]|(?m:$))`, STRUCTURED_TOKEN_KEYWORDS, { refine: discordUserId, ...ON_A_CREDENTIAL_LINE, lineFilter: /(?<![0-9A-Za-z_.-])[MNO][0-9A-Za-z_-]{22,27}\.[0-9A-Za-z_-]{6}\./ }),
  named('sekisho-discord-client-secret', 'Discord application client secret or API key assigned to a Discord name', 'discord', String.raw`${HEX64}|[0-9A-Za-z_-]{32}`, ['discord'], { entropy: 3.3 }),
  rule('sekisho-discord-webhook', 'Discord webhook URL', String.raw`(https://(?:(?:canary|ptb)\.)?discord(?:app)?\.com/api(?:/v[0-9]+)?/webhooks/[0-9]{17,20}/[0-9A-Za-z_-]{60,68})`, ['discord.com/api', 'discordapp.com/api'], { confidence: 'high' }),
  rule('sekisho-telegram-bot-token', 'Telegram bot token', String.raw`(?:(?m:^)|[^0-9A-Za-z_\n-])([0-9]{8,10}:AA[0-9A-Za-z_-]{33})(?:[^0-9A-Za-z_\n-]|(?m:$))`, [':aa'], { confidence: 'high' }),
  named('sekisho-telegram-bot-token-named', 'Telegram bot token (any id length) assigned to a Telegram name', 'telegram', '[0-9]{5,16}:A[0-9A-Za-z_-]{34}', ['telegram']),
  rule('sekisho-teams-webhook', 'Microsoft Teams incoming webhook URL', String.raw`(https://[0-9a-z.-]+\.(?:webhook\.office|outlook\.office)\.com/webhook(?:b2)?/[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}(?:/[0-9A-Za-z_-]{20,})?)`, ['webhook.office.com', 'outlook.office.com'], { confidence: 'high' }),
  rule('sekisho-power-automate-webhook', 'Teams Workflows / Power Automate / Logic Apps HTTP trigger URL with its signature', String.raw`(https://[0-9a-z.-]+\.(?:logic\.azure\.com|powerplatform\.com)(?::443)?/[^\s"'<>]*?[?&]sig=[0-9A-Za-z_%-]{40,})`, ['logic.azure.com', 'powerplatform.com'], { confidence: 'high' }),
  // `SK` + 32 hex: Twilio's API key SID layout, rare elsewhere but not Twilio's own — medium next to a credential word.
  rule('sekisho-twilio-api-key', 'Twilio API key SID next to a Twilio name (high) or a credential word (medium)', String.raw`(?:(?m:^)|[^0-9A-Za-z\n])(SK[0-9a-f]{32})(?:[^0-9A-Za-z\n]|(?m:$))`, STRUCTURED_TOKEN_KEYWORDS, { refine: nearName(/twilio/i, 'high', 'medium'), ...ON_A_CREDENTIAL_LINE, entropy: PLACEHOLDER_ENTROPY, lineFilter: /(?<![0-9A-Za-z])SK[0-9a-f]{32}/ }),
  named('sekisho-twilio-auth-token', 'Twilio auth token or API secret assigned to a Twilio name', 'twilio', '[0-9A-Za-z]{32}', ['twilio'], { entropy: 3.3 }),
  prefixed('sekisho-sendgrid-api-key', 'SendGrid API key', String.raw`SG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43}`, ['sg.']),
  prefixed('sekisho-mailgun-api-key', 'Mailgun API key (key- format)', 'key-[0-9a-f]{32}', ['key-'], { entropy: 3, reach: 48 }),
  named('sekisho-mailgun-private-key', 'Mailgun private API key or webhook signing key assigned to a Mailgun name', 'mailgun|mg_', '[0-9a-f]{32}(?:-[0-9a-f]{8}-[0-9a-f]{8})?', ['mailgun', 'mg_']),
  prefixed('sekisho-mailchimp-api-key', 'Mailchimp Marketing API key', `${HEX32}-us[0-9]{1,2}`, ['-us1', '-us2', '-us3', '-us4', '-us5', '-us6', '-us7', '-us8', '-us9']),
  named('sekisho-mandrill-api-key', 'Mandrill / Mailchimp Transactional API key assigned to its name', 'mandrill|mailchimp_transactional|mailchimp-transactional', '(?:md-)?[0-9A-Za-z_-]{22}', ['mandrill', 'mailchimp_transactional', 'mailchimp-transactional']),
  prefixed('sekisho-brevo-api-key', 'Brevo (Sendinblue) API or SMTP key', 'x(?:keysib|smtpsib)-[0-9a-f]{64}-[0-9A-Za-z]{16}', ['xkeysib-', 'xsmtpsib-']),
  named('sekisho-postmark-token', 'Postmark server or account token assigned to a Postmark name', 'postmark', UUID, ['postmark']),
  named('sekisho-mailjet-key', 'Mailjet API key or secret assigned to a Mailjet name', 'mailjet|mj_apikey|mj_api', HEX32, ['mailjet', 'mj_apikey', 'mj_api']),
  named('sekisho-sparkpost-api-key', 'SparkPost API key assigned to a SparkPost name', 'sparkpost', '[0-9a-f]{40}', ['sparkpost']),
  named('sekisho-vonage-api-secret', 'Vonage (Nexmo) API secret assigned to its name', 'vonage|nexmo', '[0-9A-Za-z]{16}', ['vonage', 'nexmo'], { entropy: 3.2 }),
  named('sekisho-messagebird-api-key', 'MessageBird (Bird) access key assigned to its name', 'messagebird|message_bird', '[0-9A-Za-z]{25}', ['messagebird', 'message_bird'], { entropy: 3.3 }),
  named('sekisho-pusher-secret', 'Pusher app secret assigned to a Pusher name', 'pusher', '[0-9a-f]{20}', ['pusher']),
  named('sekisho-line-channel-token', 'LINE Messaging API channel access token or secret assigned to its name', 'line[_-]?channel|line_messaging|line-messaging', String.raw`[0-9A-Za-z+/=]{32,200}`, ['line_channel', 'line-channel', 'linechannel', 'line_messaging', 'line-messaging'], { entropy: 3.5 }),
  named('sekisho-intercom-token', 'Intercom access token assigned to an Intercom name', 'intercom', '[0-9A-Za-z_=-]{59,60}', ['intercom'], { entropy: 3.5 }),
  named('sekisho-resend-api-key', 'Resend API key assigned to a Resend name', 'resend', 're_[0-9A-Za-z]{8}_[0-9A-Za-z]{24}', ['resend'], { anyName: true, confidence: 'high' }),
];
