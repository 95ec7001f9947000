import type { Confidence } from '../../finding.ts';
import { hasCrc32Base62Suffix } from '../checksum.ts';
import type { RefineInput, RuleSpec } from '../rule-set.ts';
import { HEX40, named, PLACEHOLDER_ENTROPY, prefixed, rule, UUID } from './define.ts';

/** Source hosts, package registries, CI and artifact services. */

/** GitHub's and npm's tokens end in the base62 CRC-32 of their random part: high when it checks. */
const CRC62_CHECKED = ({ value }: RefineInput): Confidence => (hasCrc32Base62Suffix(value) ? 'high' : 'medium');

/**
 * GitLab tokens: `<prefix>` + 20 random characters (before routable tokens), or the routable form
 * `<prefix><base64 payload>.<version>.<payload length in base 36, 2 chars><CRC-32 in base 36, 7 chars>`
 * (the version segment is absent in the first routable tokens). The length field is what we can verify.
 */
const GITLAB_BODY = String.raw`[0-9A-Za-z_-]{20,}(?:\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9})?`;

function gitlabShape({ value }: RefineInput): Confidence {
  const routable = /^[a-z]+-([0-9A-Za-z_-]+)\.(?:[0-9a-z]{2}\.)?([0-9a-z]{2})[0-9a-z]{7}$/.exec(value);
  if (routable === null) return /^[a-z]+-[0-9A-Za-z_-]{20}$/.test(value) ? 'high' : 'medium';
  const payload = routable[1] as string;
  const length = parseInt(routable[2] as string, 36);
  // Runner tokens carry a `t1_`-style runner type before the payload.
  return length === payload.length || length === payload.replace(/^t\d_/, '').length ? 'high' : 'medium';
}

function gitlab(kind: string, description: string, prefix: string): RuleSpec {
  return prefixed(`sekisho-gitlab-${kind}`, description, `${prefix}${GITLAB_BODY}`, [prefix], { refine: gitlabShape });
}

/**
 * PyPI API tokens are `pypi-` + a base64url macaroon (binary v2 format): byte 2 (version), field 1
 * (location) with its length, and the index's host name. High when the decoded location is a host name.
 */
function pypiMacaroon({ value }: RefineInput): Confidence | null {
  const raw = Buffer.from(value.slice('pypi-'.length), 'base64url');
  if (raw[0] !== 2 || raw[1] !== 1) return null;
  const length = raw[2] as number;
  const location = raw.subarray(3, 3 + length).toString('latin1');
  return /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/.test(location) ? 'high' : null;
}

/** A JFrog reference token is base64 of `reftkn:01:…`. */
function jfrogReference({ value }: RefineInput): Confidence | null {
  return Buffer.from(value, 'base64').toString('latin1').startsWith('reftkn:') ? 'high' : null;
}

/**
 * A registry login in a Docker `config.json` (`"auths": {"host": {"auth": "…"}}`) is base64 of
 * `user:password`. Reported when it decodes to that shape; a value that does not is not a login.
 */
function dockerAuth({ value }: RefineInput): Confidence | null {
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return /^[\x21-\x7e][\x20-\x7e]*:[\x20-\x7e]{3,}$/.test(decoded) ? 'high' : null;
}

export const sourceHostRules: RuleSpec[] = [
  rule('sekisho-github-token', 'GitHub token (classic PAT, OAuth, user/server-to-server, refresh)', '\\b(gh[pousr]_[0-9A-Za-z]{36})\\b', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], { refine: CRC62_CHECKED, entropy: PLACEHOLDER_ENTROPY }),
  rule('sekisho-github-fine-grained-pat', 'GitHub fine-grained personal access token', '\\b(github_pat_[0-9A-Za-z]{22}_[0-9A-Za-z]{59})\\b', ['github_pat_'], { confidence: 'high', entropy: PLACEHOLDER_ENTROPY }),
  named('sekisho-github-legacy-token', 'GitHub token in the old 40-hex format, assigned to a GitHub name', String.raw`github[_-]?(?:token|pat|secret|(?:access|api|oauth|auth|personal)[0-9a-z_.-]*(?:token|key))|gh[_-]?(?:token|pat)`, HEX40, ['github_token', 'github-token', 'githubtoken', 'github_pat', 'github-pat', 'githubpat', 'github_secret', 'github-secret', 'githubsecret', 'github_access', 'github-access', 'githubaccess', 'github_api', 'github-api', 'githubapi', 'github_oauth', 'github-oauth', 'githuboauth', 'github_auth', 'github-auth', 'githubauth', 'github_personal', 'github-personal', 'githubpersonal', 'gh_token', 'gh-token', 'ghtoken', 'gh_pat', 'gh-pat', 'ghpat'], { anyName: true }),
  gitlab('pat', 'GitLab personal, project or group access token', 'glpat-'),
  gitlab('deploy-token', 'GitLab deploy token', 'gldt-'),
  gitlab('runner-token', 'GitLab runner authentication token', 'glrt-'),
  prefixed('sekisho-gitlab-runner-registration-token', 'GitLab runner registration token', 'GR1348941[0-9A-Za-z_-]{20}', ['gr1348941']),
  prefixed('sekisho-gitlab-pipeline-trigger-token', 'GitLab pipeline trigger token', 'glptt-[0-9a-f]{40}', ['glptt-']),
  gitlab('feed-token', 'GitLab feed token', 'glft-'),
  prefixed('sekisho-gitlab-ci-job-token', 'GitLab CI/CD job token', String.raw`glcbt-(?:[0-9a-fA-F]{1,5}_)?[0-9A-Za-z_-]{20,}(?:\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9})?`, ['glcbt-']),
  prefixed('sekisho-gitlab-oauth-app-secret', 'GitLab OAuth application secret', 'gloas-[0-9a-f]{64}', ['gloas-']),
  gitlab('scim-token', 'GitLab SCIM OAuth token', 'glsoat-'),
  gitlab('feature-flags-token', 'GitLab feature flags client token', 'glffct-'),
  prefixed('sekisho-gitlab-incoming-mail-token', 'GitLab incoming e-mail token', 'glimt-[0-9A-Za-z_-]{25}', ['glimt-']),
  prefixed('sekisho-gitlab-agent-token', 'GitLab agent for Kubernetes token', 'glagent-[0-9A-Za-z_-]{50,}', ['glagent-']),
  prefixed('sekisho-bitbucket-app-password', 'Bitbucket app password / API token', 'ATBB[0-9A-Za-z]{28,40}', ['atbb'], { entropy: 3.5 }),
  prefixed('sekisho-bitbucket-access-token', 'Bitbucket repository, project or workspace access token', 'ATCTT3xFfGN0[0-9A-Za-z_=-]{100,}', ['atctt3xffgn0']),
  named('sekisho-bitbucket-client-secret', 'Bitbucket OAuth consumer secret, assigned to a Bitbucket name', 'bitbucket', '[0-9A-Za-z]{32}', ['bitbucket']),
  prefixed('sekisho-npm-token', 'npm access token', 'npm_[0-9A-Za-z]{36}', ['npm_'], { refine: CRC62_CHECKED }),
  prefixed('sekisho-pypi-token', 'PyPI API token (macaroon)', 'pypi-AgE[0-9A-Za-z_-]{50,}', ['pypi-age'], { refine: pypiMacaroon }),
  prefixed('sekisho-rubygems-api-key', 'RubyGems API key', 'rubygems_[0-9a-f]{48}', ['rubygems_']),
  prefixed('sekisho-nuget-api-key', 'NuGet API key', 'oy2[a-z0-9]{43}', ['oy2'], { entropy: 3.5 }),
  prefixed('sekisho-docker-hub-pat', 'Docker Hub personal or organisation access token', 'dckr_(?:pat|oat)_[0-9A-Za-z_-]{27,32}', ['dckr_pat_', 'dckr_oat_']),
  rule('sekisho-docker-registry-auth', 'Container registry login in a Docker config.json "auths" entry (base64 user:password)', String.raw`"auth"[ \t]*:[ \t]*"([A-Za-z0-9+/]{8,}={0,2})"`, ['"auth"'], { refine: dockerAuth }),
  prefixed('sekisho-artifactory-api-key', 'JFrog Artifactory API key', 'AKCp[0-9A-Za-z]{69}', ['akcp']),
  prefixed('sekisho-artifactory-reference-token', 'JFrog Artifactory reference token', 'cmVmdGtu[0-9A-Za-z]{56}', ['cmvmdgtu'], { refine: jfrogReference }),
  prefixed('sekisho-terraform-cloud-token', 'Terraform Cloud / HCP Terraform API token', String.raw`[0-9A-Za-z]{14}\.atlasv1\.[0-9A-Za-z_=-]{60,70}`, ['.atlasv1.']),
  prefixed('sekisho-vault-token', 'HashiCorp Vault service, batch or recovery token', String.raw`hv[sbr]\.[0-9A-Za-z_-]{24,}`, ['hvs.', 'hvb.', 'hvr.'], { entropy: 3.5 }),
  named('sekisho-vault-legacy-token', 'HashiCorp Vault token in the old s./b. format, assigned to a Vault name', String.raw`vault[_-]?token`, String.raw`[sb]\.[0-9A-Za-z]{24}`, ['vault_token', 'vault-token', 'vaulttoken'], { anyName: true }),
  prefixed('sekisho-azure-devops-pat', 'Azure DevOps personal access token (84-character format)', '[0-9A-Za-z]{52}AZDO[0-9A-Za-z]{4}', ['azdo'], { entropy: 3.5 }),
  named('sekisho-azure-devops-legacy-pat', 'Azure DevOps personal access token (52 characters), assigned to an Azure DevOps name', 'azure_devops|azuredevops|ado_|azdo|devops_pat|system_accesstoken', '[a-z2-7]{52}', ['azure_devops', 'azuredevops', 'ado_', 'azdo', 'devops_pat', 'system_accesstoken']),
  prefixed('sekisho-circleci-token', 'CircleCI personal or project API token', 'CCIP(?:AT|RJ)_[0-9A-Za-z]{22}_[0-9a-f]{40}', ['ccipat_', 'cciprj_']),
  named('sekisho-circleci-legacy-token', 'CircleCI API token (40 hex), assigned to a CircleCI name', 'circle', HEX40, ['circle']),
  prefixed('sekisho-buildkite-token', 'Buildkite API access token', 'bkua_[0-9a-f]{40}', ['bkua_']),
  prefixed('sekisho-sonarqube-token', 'SonarQube / SonarCloud token', 'sq[upa]_[0-9a-f]{40}', ['squ_', 'sqp_', 'sqa_']),
  prefixed('sekisho-pulumi-token', 'Pulumi access token', 'pul-[0-9a-f]{40}', ['pul-']),
  prefixed('sekisho-clojars-token', 'Clojars deploy token', 'CLOJARS_[0-9a-z]{60}', ['clojars_']),
  prefixed('sekisho-harness-token', 'Harness personal or service account token', String.raw`(?:pat|sat)\.[0-9A-Za-z_-]{22}\.[0-9a-f]{24}\.[0-9A-Za-z]{20}`, ['pat.', 'sat.']),
  prefixed('sekisho-octopus-deploy-api-key', 'Octopus Deploy API key near an Octopus name', 'API-[0-9A-Z]{26,32}', ['octopus'], { confidence: 'medium', entropy: 3.5, keywordInMatch: false }),
  named('sekisho-travis-token', 'Travis CI API token, assigned to a Travis name', 'travis', '[0-9A-Za-z_-]{22}', ['travis']),
  named('sekisho-gitea-token', 'Gitea / Forgejo / Codeberg access token, assigned to its name', 'gitea|forgejo|codeberg', HEX40, ['gitea', 'forgejo', 'codeberg']),
  named('sekisho-jenkins-api-token', 'Jenkins API token, assigned to a Jenkins name', 'jenkins', '11[0-9a-f]{32}', ['jenkins']),
  named('sekisho-codecov-token', 'Codecov upload token, assigned to a Codecov name', 'codecov', UUID, ['codecov']),
  named('sekisho-snyk-token', 'Snyk API token, assigned to a Snyk name', 'snyk', UUID, ['snyk']),
  prefixed('sekisho-dbt-cloud-token', 'dbt Cloud service token or personal access token', 'dbt[cu]_[0-9A-Za-z_-]{30,64}', ['dbtc_', 'dbtu_']),
  prefixed('sekisho-dependency-track-api-key', 'OWASP Dependency-Track API key', 'odt_[0-9A-Za-z]{32}(?:_[0-9A-Za-z]{8,32})?', ['odt_']),
  prefixed('sekisho-scalingo-token', 'Scalingo API token', 'tk-us-[0-9A-Za-z_-]{48}', ['tk-us-']),
  // `ion_` is inside `version_`, `session_`, `function_`: the line filter keeps those lines off RE2.
  prefixed('sekisho-ionic-token', 'Ionic Appflow personal access token', 'ion_[0-9A-Za-z]{42}', ['ion_'], { lineFilter: /\bion_[0-9A-Za-z]{42}/ }),
  prefixed('sekisho-teamcity-token', 'JetBrains TeamCity access token (TCV2 header)', String.raw`eyJ0eXAiOiAiVENWMiJ9\.[0-9A-Za-z_-]{36}\.[0-9A-Za-z_-]{48}`, ['eyj0exaioiaivenwmij9']),
  named('sekisho-sidekiq-secret', 'Sidekiq Pro / Enterprise gem server credentials (BUNDLE_…__CONTRIBSYS__COM)', 'contribsys|sidekiq', '[0-9a-f]{8}:[0-9a-f]{8}', ['contribsys', 'sidekiq'], { anyName: true }),
  // `cio` is inside `social`, `precious`: the line filter keeps those lines off RE2.
  prefixed('sekisho-crates-io-token', 'crates.io API token', 'cio[0-9A-Za-z]{32}', ['cio'], { lineFilter: /\bcio[0-9A-Za-z]{32}/, refine: ({ value }) => (/[0-9]/.test(value) && /[A-Z]/.test(value) ? 'high' : null) }),
];
