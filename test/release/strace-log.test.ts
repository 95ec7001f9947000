import { test } from 'node:test';
import assert from 'node:assert/strict';
import { egressViolations, isLoopback, parseStraceLog } from './strace-log.ts';

const LOG = [
  '100  execve("/opt/sekisho-1.0.0/bin/sekisho", ["/opt/sekisho-1.0.0/bin/sekisho", "serve"], 0x7ffc /* 3 vars */) = 0',
  '101  execve("/usr/local/sbin/readlink", ["readlink", "-f"], 0x55 /* 4 vars */) = -1 ENOENT (No such file or directory)',
  '101  execve("/usr/bin/readlink", ["readlink", "-f"], 0x55 /* 4 vars */) = 0',
  '100  execve("/opt/sekisho-1.0.0/node/bin/node", ["/opt/sekisho-1.0.0/node/bin/node"], 0x55 /* 4 vars */ <unfinished ...>',
  '102  connect(25, {sa_family=AF_INET, sin_port=htons(8000), sin_addr=inet_addr("127.0.0.1")}, 16 <unfinished ...>',
  '100  <... execve resumed>) = 0',
  '102  <... connect resumed>) = -1 EINPROGRESS (Operation now in progress)',
  '102  connect(26, {sa_family=AF_INET6, sin6_port=htons(8000), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
  '102  sendto(26, "GET / HTTP/1.1\\r\\n", 16, MSG_NOSIGNAL, NULL, 0) = 16',
  '103  sendto(7, {{len=20, type=RTM_GETADDR, flags=NLM_F_REQUEST|NLM_F_DUMP, seq=1, pid=0}}, 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20',
  '104  connect(21, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)',
  '104  sendmsg(9, {msg_name={sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.53")}, msg_namelen=16, msg_iov=[]}, 0) = 40',
  '104  connect(22, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("192.0.2.1")}, 16) = -1 ENETUNREACH (Network is unreachable)',
  '105  connect(23, 0x7ffd, 16) = -1 EFAULT (Bad address)',
  '100  +++ exited with 0 +++',
].join('\n');

test('reads addresses, programs and resumed calls from strace -f output', () => {
  const log = parseStraceLog(LOG);
  assert.deepEqual(
    log.execs.map((e) => [e.path, e.result]),
    [
      ['/opt/sekisho-1.0.0/bin/sekisho', '0'],
      ['/usr/local/sbin/readlink', '-1'],
      ['/usr/bin/readlink', '0'],
      ['/opt/sekisho-1.0.0/node/bin/node', '0'],
    ],
  );
  assert.deepEqual(
    log.addresses.map((a) => [a.syscall, a.family, a.address, a.port]),
    [
      ['connect', 'AF_INET', '127.0.0.1', 8000],
      ['connect', 'AF_INET6', '::1', 8000],
      ['sendto', 'AF_NETLINK', undefined, undefined],
      ['connect', 'AF_UNIX', '"/var/run/nscd/socket"', undefined],
      ['sendmsg', 'AF_INET', '10.0.0.53', 53],
      ['connect', 'AF_INET', '192.0.2.1', 443],
    ],
  );
  assert.equal(log.unreadable.length, 1, 'a connect whose address strace could not show is kept, not dropped');
  assert.match(log.unreadable[0]!, /EFAULT/);
});

test('everything but loopback to an allowed port (and netlink) is a violation', () => {
  const violations = egressViolations(parseStraceLog(LOG), new Set([8000]));
  assert.deepEqual(violations, [
    'unreadable: 105  connect(23, 0x7ffd, 16) = -1 EFAULT (Bad address)',
    'connect AF_UNIX "/var/run/nscd/socket"',
    'sendmsg AF_INET 10.0.0.53:53',
    'connect AF_INET 192.0.2.1:443',
  ]);
  assert.equal(egressViolations(parseStraceLog(LOG), new Set([9000])).filter((v) => v.includes(':8000')).length, 2, 'loopback to another port is reported too');
  assert.ok(isLoopback('127.0.0.53') && isLoopback('::1') && isLoopback('::ffff:127.0.0.1'));
  assert.ok(!isLoopback('10.0.0.1') && !isLoopback('::') && !isLoopback('0.0.0.0'));
});
