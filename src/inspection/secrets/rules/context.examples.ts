import type { RuleExamples } from './examples.ts';
import { fake } from './fabricate.ts';

// Values are fabricated; each negative is a near miss of its positive (a placeholder, code, a name).
export const examples: RuleExamples = {
  'sekisho-generic-assignment': {
    positive: [
      { text: 'db_password = "hX9kL2mQ7vR4tZ8w"', value: 'hX9kL2mQ7vR4tZ8w' },
      { text: '{"file_path":"/app/settings.py","content":"DB_PASSWORD = \\"s3cretPassw0rd!x\\"\\n"}', value: 's3cretPassw0rd!x' },
      { text: 'POSTGRES_PASSWORD=Zq8kLm2pWx\n', value: 'Zq8kLm2pWx' },
      { text: 'spring.datasource.password: Zq8kLm2pWx', value: 'Zq8kLm2pWx' },
      { text: 'export GITLAB_API_TOKEN=abcd1234efgh5678ijkl', value: 'abcd1234efgh5678ijkl' },
      { text: 'client = Client(api_key="q7Fz2LmX9pRt4WvB")', value: 'q7Fz2LmX9pRt4WvB' },
      { text: "$config['db_pass'] => 'Zq8kLm2pWx';", value: 'Zq8kLm2pWx' },
      { text: 'Server=db;Database=app;User Id=sa;Password=Zq8kLm2pWx;', value: 'Zq8kLm2pWx' },
      { text: 'jdbc:postgresql://db/app?user=app&password=Zq8kLm2pWx&ssl=true', value: 'Zq8kLm2pWx' },
      { text: '//npm.registry.example/:_authToken=Zq8kLm2pWxAbCdEf1234', value: 'Zq8kLm2pWxAbCdEf1234' },
      { text: '{"auths":{"registry.corp.io":{"auth":"dXNlcjpacThrTG0ycFd4"}}}', value: 'dXNlcjpacThrTG0ycFd4' },
      // Makefile and PHP operators.
      { text: 'API_TOKEN ?= "Zq8kLm2pWxAbCd12"', value: 'Zq8kLm2pWxAbCd12' },
      { text: 'DEPLOY_TOKEN += "Zq8kLm2pWxAbCd12"', value: 'Zq8kLm2pWxAbCd12' },
      { text: 'SIGNING_SECRET ::= "Zq8kLm2pWxAbCd12"', value: 'Zq8kLm2pWxAbCd12' },
      { text: '$dbPassword .= "Zq8kLm2pWxAbCd12";', value: 'Zq8kLm2pWxAbCd12' },
      // A value holding braces that open no template.
      { text: 'my_password := "qdy{{4M}cn)p${yh]nob(o9HBG>-_$#v9kuct}}"', value: 'qdy{{4M}cn)p${yh]nob(o9HBG>-_$#v9kuct}}' },
    ],
    negative: [
      'GRANT_TYPE_REFRESH_TOKEN = "refresh_token"',
      'password = os.getenv("DB_PASSWORD")',
      'DB_PASSWORD=${DB_PASSWORD}',
      'api_key = "your-api-key"',
      'password: changeme',
      'token: xxxxxxxxxxxxxxxx',
      'password = "<password>"',
      'secret: "{{ vault_secret }}"',
      'const token = tokenizer.next(x9);',
      'author = "Jane Smith"',
      'max_tokens = 40960',
      'token_type = "bearer1234"',
      'password = None',
      'apiKey: process.env.OPENAI_API_KEY',
      'private_key: "_RSAPrivateKey"',
      'password: aaaaaaaaaaaa',
    ],
  },
  'sekisho-generic-block-assignment': {
    positive: [
      { text: 'db_password: |\n  Zq8kLm2pWxAbCd12\n', value: 'Zq8kLm2pWxAbCd12' },
      { text: 'api_token: >-\n    Zq8kLm2pWxAbCd12\n', value: 'Zq8kLm2pWxAbCd12' },
      { text: '        env:\n          - name: STRIPE_SECRET\n            value: "Zq8kLm2pWxAbCd12"\n', value: 'Zq8kLm2pWxAbCd12' },
      { text: '{"name": "DB_PASSWORD",\n "value": "Zq8kLm2pWxAbCd12"}', value: 'Zq8kLm2pWxAbCd12' },
    ],
    negative: [
      'db_password: |\n  {{ .Values.db.password }}\n',
      '        env:\n          - name: DB_PASSWORD\n            valueFrom:\n              secretKeyRef: {name: db, key: password}\n',
      '          - name: API_TOKEN\n            value: "changeme"\n',
      'description: |\n  Zq8kLm2pWxAbCd12\n',
    ],
  },
  'sekisho-credential-literal': {
    positive: [
      { text: 'config.setPassword("Zq8kLm2pWxAbCd12");', value: 'Zq8kLm2pWxAbCd12' },
      { text: '$pw = ConvertTo-SecureString "Zq8kLm2pWx!2" -AsPlainText -Force', value: 'Zq8kLm2pWx!2' },
      { text: "CREATE USER app WITH PASSWORD 'Zq8kLm2pWxAbCd12';", value: 'Zq8kLm2pWxAbCd12' },
      { text: "CREATE USER 'app'@'%' IDENTIFIED BY 'Zq8kLm2pWx!2';", value: 'Zq8kLm2pWx!2' },
      { text: 'ENV DB_PASSWORD Zq8kLm2pWx!2', value: 'Zq8kLm2pWx!2' },
    ],
    negative: [
      'config.setPassword(System.getenv("DB_PASSWORD"));',
      '$pw = ConvertTo-SecureString $plain -AsPlainText -Force',
      "CREATE USER app WITH PASSWORD 'changeme';",
      'config.setPasswordLength("12345678");',
      'ENV DB_PASSWORD_FILE /run/secrets/db',
      'ENV DB_PASSWORD $DB_PASSWORD',
    ],
  },
  'sekisho-connection-string-password': {
    positive: [
      { text: 'Server=db.internal;Database=app;User Id=svc;Password=kQG3Js[sg2KI_teRR32;', value: 'kQG3Js[sg2KI_teRR32' },
      { text: '"Data Source=sql01;Initial Catalog=crm;Uid=app;Pwd=jCSf1L(XRWnax9DG;"', value: 'jCSf1L(XRWnax9DG' },
    ],
    negative: [
      'Server=db.internal;Database=app;User Id=svc;Password=${DB_PASSWORD};',
      'Password=kQG3Js[sg2KI_teRR32;',
      'Server=db;Uid=app;Pwd=;',
    ],
  },
  'sekisho-pgpass-password': {
    positive: [
      { text: 'db.internal:5432:app:svc:copperharbor0481_\n', value: 'copperharbor0481_' },
      { text: '*:*:*:replicator:Zq8kLm2pWx!2', value: 'Zq8kLm2pWx!2' },
    ],
    negative: ['db.internal:5432:app:svc:changeme', 'at 12:34:56:789:1234567', 'localhost:5432:app:svc:*'],
  },
  'sekisho-generic-argument': {
    positive: [
      { text: "define('DB_PASSWORD', 'Zq8kLm2pWx');", value: 'Zq8kLm2pWx' },
      { text: 'os.environ.setdefault("GITHUB_TOKEN", "q7Fz2LmX9pRt4WvB")', value: 'q7Fz2LmX9pRt4WvB' },
    ],
    negative: ["define('DB_PASSWORD', 'password_here');", 'headers.set("Authorization", token)'],
  },
  'sekisho-xml-credential': {
    positive: [
      { text: '<property name="signing_secret" value="h3lwqu*jD9T3ghf"/>', value: 'h3lwqu*jD9T3ghf' },
      { text: '<password>S3cr3t!pw</password>', value: 'S3cr3t!pw' },
      { text: '<add key="DbPassword" value="Zq8#kLm2pW"/>', value: 'Zq8#kLm2pW' },
    ],
    negative: ['<password>${db.password}</password>', '<add key="PasswordLength" value="Zq8#kLm2pW"/>'],
  },
  'sekisho-url-credentials': {
    positive: [
      { text: 'DATABASE_URL=postgresql://app_user:Tr0ub4dor3x@localhost:5432/orders', value: 'Tr0ub4dor3x' },
      { text: 'REDIS_URL=redis://:Zq8kLm2pWx@cache:6379/0', value: 'Zq8kLm2pWx' },
      { text: 'mongodb+srv://svc:Zq8kLm2pWx@cluster0.abcde.mongodb.net/app', value: 'Zq8kLm2pWx' },
      { text: 'https://bob:ghx7Zq8kLm2pWx@git.corp.io', value: 'ghx7Zq8kLm2pWx' },
    ],
    negative: ['postgresql://app_user:${DB_PASSWORD}@localhost:5432/orders', 'amqp://guest:<password>@rabbit:5672', 'https://git.corp.io:8443/repo'],
  },
  'sekisho-authorization-header': {
    positive: [
      { text: 'curl -H "Authorization: Bearer Zq8kLm2pWxAbCdEf1234" https://api.corp.io', value: 'Zq8kLm2pWxAbCdEf1234' },
      { text: 'Authorization: Basic dXNlcjpacThrTG0ycFd4', value: 'dXNlcjpacThrTG0ycFd4' },
    ],
    negative: ['Authorization: Bearer ${TOKEN}', 'Authorization: Basic bm90LWNyZWRlbnRpYWxz', 'Authorization: Bearer <token>'],
  },
  'sekisho-cli-credential': {
    positive: [
      { text: "sshpass -p 'Zq8kLm2pWx7' ssh root@host", value: 'Zq8kLm2pWx7' },
      { text: 'az login --service-principal -u app -p Zq8kLm2pWx7Rt --tenant t', value: 'Zq8kLm2pWx7Rt' },
      { text: 'mysql -u root -p\'Zq8kLm2pWx\' orders', value: 'Zq8kLm2pWx' },
      { text: 'deploy --password Zq8kLm2pWx --verbose', value: 'Zq8kLm2pWx' },
      { text: 'curl -u admin:Zq8kLm2pWx https://api.corp.io', value: 'Zq8kLm2pWx' },
    ],
    negative: ['mysql -u root -p orders', 'docker login --password-stdin registry.corp.io', 'curl -u "$USER:$PASS" https://api.corp.io'],
  },
  'sekisho-netrc-password': {
    positive: [
      { text: 'machine api.corp.io login bob password Zq8kLm2pWx', value: 'Zq8kLm2pWx' },
      { text: 'machine api.corp.io\n  login bob\n  password Zq8kLm2pWx\n', value: 'Zq8kLm2pWx' },
    ],
    negative: ['password Zq8kLm2pWx', 'machine api.corp.io login bob password changeme'],
  },
  'sekisho-kubeconfig-client-key': {
    positive: [{ text: '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVB', value: 'LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFcEFJQkFBS0NBUUVB' }],
    negative: ['    client-key-data: REDACTED', '    client-key: /home/dev/.kube/client.key'],
  },
  'sekisho-high-entropy-string': {
    positive: ['blob QL05HA064GiIjHGb3CXlMaXZjljENUhJduRHHJEYXg4J end'],
    negative: ['blob aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end'],
  },
  'sekisho-credential-constructor': {
    positive: [
      { text: 'var creds = new NetworkCredential("svc_app", "Zq8kLm2pWx7!");', value: 'Zq8kLm2pWx7!' },
      { text: 'r = requests.get(url, auth=("deploy", "Zq8kLm2pWx7Rt"))', value: 'Zq8kLm2pWx7Rt' },
      { text: 'session.auth = HTTPBasicAuth(\'bob\', \'Zq8kLm2pWx\')', value: 'Zq8kLm2pWx' },
    ],
    negative: ['var creds = new NetworkCredential(user, password);', 'auth=("user", "password")', 'new PasswordAuthentication("bob", "changeme".toCharArray())'],
  },
  'sekisho-laravel-app-key': {
    positive: [`APP_KEY=base64:${Buffer.from(fake('alnum', 32, 'laravel')).toString('base64')}`],
    negative: ['APP_KEY=', 'APP_KEY=base64:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
  },
};
