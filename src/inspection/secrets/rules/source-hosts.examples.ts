import type { RuleExamples } from './examples.ts';
import { fake, fakeUuid, withCrc62 } from './fabricate.ts';

const npm = withCrc62('npm', fake('alnum', 30, 'npm'));
const pypiBody = Buffer.concat([Buffer.from([2, 1, 8]), Buffer.from('pypi.org'), Buffer.from([2, 0x1f]), Buffer.from(fake('alnum', 60, 'pypi'))]).toString('base64url');
const routable = fake('b64url', 35, 'glpat-routable');

export const examples: RuleExamples = {
  'sekisho-github-token': {
    positive: [{ text: 'GITHUB_TOKEN=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', value: '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' }],
    negative: ['GITHUB_TOKEN=ghp_Qm7Tz2Vw9Kd4Rb8Xn3Hs6Lp1'],
  },
  'sekisho-github-fine-grained-pat': {
    positive: ['token: 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'],
    negative: ['token: github_pat_u8jzPde0IgxLd6GncfBAep_fJBd0Kh8oOOL8dKLzdocJ2is'],
  },
  'sekisho-github-legacy-token': {
    positive: [{ text: `GITHUB_TOKEN="${fake('hex', 40, 'gh40')}"`, value: fake('hex', 40, 'gh40') }],
    negative: [`GITHUB_SHA="${fake('hex', 40, 'gh40')}"`, `github_token = "${'0'.repeat(40)}"`],
  },
  'sekisho-gitlab-pat': {
    positive: [
      { text: `GITLAB_TOKEN=glpat-${fake('b64url', 20, 'glpat')}`, value: `glpat-${fake('b64url', 20, 'glpat')}` },
      { text: `git clone https://oauth2:glpat-${routable}.01.0z${fake('loweralnum', 7, 'crc')}@gitlab.example.com/a/b.git`, value: `glpat-${routable}.01.0z${fake('loweralnum', 7, 'crc')}` },
    ],
    negative: [`GITLAB_TOKEN=glpat-${fake('b64url', 12, 'glpat')}`],
  },
  'sekisho-gitlab-deploy-token': {
    positive: [`password: gldt-${fake('b64url', 20, 'gldt')}`],
    negative: ['password: gldt-tooShort'],
  },
  'sekisho-gitlab-runner-token': {
    positive: [`token = "glrt-${fake('b64url', 20, 'glrt')}"`, `token = "glrt-t1_${fake('b64url', 27, 'glrt2')}.0u${fake('loweralnum', 7, 'c2')}"`],
    negative: ['token = "glrt-REDACTED"'],
  },
  'sekisho-gitlab-runner-registration-token': {
    positive: [`registration-token: GR1348941${fake('b64url', 20, 'gr')}`],
    negative: ['registration-token: GR1348941short'],
  },
  'sekisho-gitlab-pipeline-trigger-token': {
    positive: [`curl -F token=glptt-${fake('hex', 40, 'glptt')} https://gitlab.example.com/api/v4/projects/1/trigger/pipeline`],
    negative: [`token=glptt-${fake('hex', 20, 'glptt')}`],
  },
  'sekisho-gitlab-feed-token': {
    positive: [`feed_token=glft-${fake('b64url', 20, 'glft')}`],
    negative: ['feed_token=glft-'],
  },
  'sekisho-gitlab-ci-job-token': {
    positive: [`CI_JOB_TOKEN=glcbt-64_${fake('b64url', 20, 'glcbt')}`],
    negative: ['CI_JOB_TOKEN=glcbt-64_short'],
  },
  'sekisho-gitlab-oauth-app-secret': {
    positive: [`secret: gloas-${fake('hex', 64, 'gloas')}`],
    negative: [`secret: gloas-${fake('hex', 40, 'gloas')}`],
  },
  'sekisho-gitlab-scim-token': {
    positive: [`scim: glsoat-${fake('b64url', 20, 'glsoat')}`],
    negative: ['scim: glsoat-abc'],
  },
  'sekisho-gitlab-feature-flags-token': {
    positive: [`UNLEASH_TOKEN=glffct-${fake('b64url', 20, 'glffct')}`],
    negative: ['UNLEASH_TOKEN=glffct-x'],
  },
  'sekisho-gitlab-incoming-mail-token': {
    positive: [`incoming: glimt-${fake('b64url', 25, 'glimt')}`],
    negative: [`incoming: glimt-${fake('b64url', 10, 'glimt')}`],
  },
  'sekisho-gitlab-agent-token': {
    positive: [`token: glagent-${fake('b64url', 50, 'glagent')}`],
    negative: [`token: glagent-${fake('b64url', 30, 'glagent')}`],
  },
  'sekisho-bitbucket-app-password': {
    positive: [`BITBUCKET_APP_PASSWORD=ATBB${fake('alnum', 32, 'atbb')}`],
    negative: ['BITBUCKET_APP_PASSWORD=ATBBshort'],
  },
  'sekisho-bitbucket-access-token': {
    positive: [`Authorization: Bearer ATCTT3xFfGN0${fake('b64url', 180, 'atctt')}`],
    negative: ['Authorization: Bearer ATCTT3xFfGN0short'],
  },
  'sekisho-bitbucket-client-secret': {
    positive: [`BITBUCKET_CLIENT_SECRET=${fake('alnum', 32, 'bbsecret')}`],
    negative: [`BITBUCKET_WORKSPACE=${fake('alnum', 12, 'bbsecret')}`],
  },
  'sekisho-npm-token': {
    positive: [{ text: `//npm.registry.example/:_authToken=${npm}`, value: npm }],
    negative: [`_authToken=npm_${fake('alnum', 20, 'npm')}`],
  },
  'sekisho-pypi-token': {
    positive: [{ text: `password = pypi-${pypiBody}`, value: `pypi-${pypiBody}` }],
    negative: [`password = pypi-AgE${'A'.repeat(60)}`],
  },
  'sekisho-rubygems-api-key': {
    positive: [`:rubygems_api_key: rubygems_${fake('hex', 48, 'rg')}`],
    negative: [`:rubygems_api_key: rubygems_${fake('hex', 30, 'rg')}`],
  },
  'sekisho-nuget-api-key': {
    positive: [`dotnet nuget push pkg.nupkg -k oy2${fake('loweralnum', 43, 'nuget')}`],
    negative: [`-k oy2${fake('loweralnum', 20, 'nuget')}`],
  },
  'sekisho-docker-hub-pat': {
    positive: [`echo dckr_pat_${fake('b64url', 27, 'dckr')} | docker login -u me --password-stdin`],
    negative: ['echo dckr_pat_short | docker login'],
  },
  'sekisho-docker-registry-auth': {
    positive: [{ text: `{"auths":{"ghcr.example":{"auth":"${Buffer.from('deploy:S3cr3tPassw0rd!').toString('base64')}"}}}`, value: Buffer.from('deploy:S3cr3tPassw0rd!').toString('base64') }],
    negative: [`{"auth":"${Buffer.from('no colon here at all').toString('base64')}"}`],
  },
  'sekisho-artifactory-api-key': {
    positive: [`X-JFrog-Art-Api: AKCp8${fake('alnum', 68, 'akcp')}`],
    negative: [`X-JFrog-Art-Api: AKCp8${fake('alnum', 30, 'akcp')}`],
  },
  'sekisho-artifactory-reference-token': {
    positive: [`ARTIFACTORY_TOKEN=${Buffer.from(`reftkn:01:0000000000:${fake('alnum', 27, 'ref')}`).toString('base64').slice(0, 64)}`],
    negative: [`ARTIFACTORY_TOKEN=cmVmdGtu${fake('alnum', 20, 'ref')}`],
  },
  'sekisho-terraform-cloud-token': {
    positive: [`token = "${fake('alnum', 14, 'tfc')}.atlasv1.${fake('alnum', 67, 'tfc2')}"`],
    negative: ['token = "abc.atlasv1.def"'],
  },
  'sekisho-vault-token': {
    positive: [`VAULT_TOKEN=hvs.${fake('b64url', 90, 'hvs')}`],
    negative: ['VAULT_TOKEN=hvs.short'],
  },
  'sekisho-vault-legacy-token': {
    positive: [`VAULT_TOKEN=s.${fake('alnum', 24, 'vault')}`],
    negative: [`VAULT_ADDR=s.${fake('alnum', 10, 'vault')}`],
  },
  'sekisho-azure-devops-pat': {
    positive: [`AZURE_DEVOPS_EXT_PAT=${fake('alnum', 52, 'azdo')}AZDO${fake('alnum', 4, 'azdo2')}`],
    negative: [`x=${fake('alnum', 20, 'azdo')}AZDO`],
  },
  'sekisho-azure-devops-legacy-pat': {
    positive: [`AZURE_DEVOPS_PAT: ${fake('base32', 52, 'ado')}`],
    negative: [`AZURE_DEVOPS_ORG: ${fake('base32', 20, 'ado')}`],
  },
  'sekisho-circleci-token': {
    positive: [`CIRCLE_TOKEN=CCIPAT_${fake('alnum', 22, 'cci')}_${fake('hex', 40, 'cci2')}`],
    negative: ['CIRCLE_TOKEN=CCIPAT_short_abc'],
  },
  'sekisho-circleci-legacy-token': {
    positive: [`CIRCLECI_TOKEN=${fake('hex', 40, 'circle')}`],
    negative: [`CIRCLE_SHA1=${fake('hex', 12, 'circle')}`],
  },
  'sekisho-buildkite-token': {
    positive: [`BUILDKITE_API_TOKEN=bkua_${fake('hex', 40, 'bk')}`],
    negative: [`BUILDKITE_API_TOKEN=bkua_${fake('hex', 30, 'bk')}`],
  },
  'sekisho-sonarqube-token': {
    positive: [`sonar.token=squ_${fake('hex', 40, 'sq')}`],
    negative: [`sonar.token=squ_${fake('hex', 39, 'sq')}`],
  },
  'sekisho-pulumi-token': {
    positive: [`PULUMI_ACCESS_TOKEN=pul-${fake('hex', 40, 'pul')}`],
    negative: [`PULUMI_ACCESS_TOKEN=pul-${fake('hex', 10, 'pul')}`],
  },
  'sekisho-clojars-token': {
    positive: [`CLOJARS_${fake('loweralnum', 60, 'clj')}`],
    negative: ['CLOJARS_USERNAME'],
  },
  'sekisho-harness-token': {
    positive: [`x-api-key: pat.${fake('b64url', 22, 'h1')}.${fake('hex', 24, 'h2')}.${fake('alnum', 20, 'h3')}`],
    negative: ['x-api-key: pat.abc.def.ghi'],
  },
  'sekisho-octopus-deploy-api-key': {
    positive: [`OCTOPUS_API_KEY=API-${fake('upperalnum', 27, 'octo')}`],
    negative: ['Accept: application/json; api-version=2020-01-01'],
  },
  'sekisho-travis-token': {
    positive: [`TRAVIS_API_TOKEN=${fake('b64url', 22, 'travis')}`],
    negative: ['TRAVIS_BRANCH=main'],
  },
  'sekisho-gitea-token': {
    positive: [`GITEA_TOKEN: ${fake('hex', 40, 'gitea')}`],
    negative: [`GITEA_TOKEN: ${fake('hex', 41, 'gitea')}`],
  },
  'sekisho-jenkins-api-token': {
    positive: [`JENKINS_API_TOKEN=11${fake('hex', 32, 'jenkins')}`],
    negative: [`JENKINS_API_TOKEN=22${fake('hex', 32, 'jenkins')}`],
  },
  'sekisho-codecov-token': {
    positive: [`CODECOV_TOKEN=${fakeUuid('codecov')}`],
    negative: ['CODECOV_TOKEN=${{ secrets.CODECOV_TOKEN }}'],
  },
  'sekisho-snyk-token': {
    positive: [`SNYK_TOKEN: "${fakeUuid('snyk')}"`],
    negative: ['SNYK_TOKEN: "00000000-0000-0000-0000-000000000000"'],
  },
  'sekisho-dbt-cloud-token': {
    positive: [`DBT_CLOUD_API_TOKEN=dbtc_${fake('b64url', 40, 'dbt')}`],
    negative: ['DBT_CLOUD_API_TOKEN=dbtc_short'],
  },
  'sekisho-dependency-track-api-key': {
    positive: [`DT_API_KEY=odt_${fake('alnum', 32, 'odt')}`],
    negative: [`DT_API_KEY=odt_${fake('alnum', 20, 'odt')}`],
  },
  'sekisho-scalingo-token': {
    positive: [`SCALINGO_API_TOKEN=tk-us-${fake('b64url', 48, 'scalingo')}`],
    negative: [`SCALINGO_API_TOKEN=tk-us-${fake('b64url', 30, 'scalingo')}`],
  },
  'sekisho-ionic-token': {
    positive: [`IONIC_TOKEN=ion_${fake('alnum', 42, 'ionic')}`],
    negative: [`const session_${fake('alnum', 42, 'ionic')} = 1;`, `IONIC_TOKEN=ion_${fake('alnum', 30, 'ionic')}`],
  },
  'sekisho-teamcity-token': {
    positive: [`TEAMCITY_TOKEN=eyJ0eXAiOiAiVENWMiJ9.${fake('b64url', 36, 'tc')}.${fake('b64url', 48, 'tc2')}`],
    negative: [`TEAMCITY_TOKEN=eyJ0eXAiOiAiVENWMiJ9.${fake('b64url', 20, 'tc')}`],
  },
  'sekisho-sidekiq-secret': {
    positive: [`BUNDLE_ENTERPRISE__CONTRIBSYS__COM=${fake('hex', 8, 'sk')}:${fake('hex', 8, 'sk2')}`],
    negative: [`BUNDLE_ENTERPRISE__CONTRIBSYS__COM=\${SIDEKIQ_CREDS}`],
  },
  'sekisho-crates-io-token': {
    positive: [`CARGO_REGISTRY_TOKEN=cio${fake('alnum', 32, 'cio')}`],
    negative: [`const socioeconomicIndicatorValuesX = 1;`, `CARGO_REGISTRY_TOKEN=cio${fake('alnum', 20, 'cio')}`],
  },
};
