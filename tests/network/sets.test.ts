import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { INTERNET, IpAtoms, IpSet, formatIp, formatRange, parseCidr, parseIp } from '../../src/network/ip.js';
import { ConnSet, ConnTable, PortRanges, parsePortSpec } from '../../src/network/ports.js';
import { describeSelector, matches, parseSelector } from '../../src/inventory/selectors.js';

const interval = fc
  .tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 20 }))
  .map(([lo, w]) => [lo, lo + w] as [number, number]);
const ranges = fc.array(interval, { maxLength: 5 }).map((l) => PortRanges.fromIntervals(l));
const members = (r: PortRanges) => Array.from({ length: 230 }, (_, i) => i + 1).filter((p) => r.has(p));

test('port ranges behave as sets of ports', () => {
  fc.assert(
    fc.property(ranges, ranges, (a, b) => {
      const inA = new Set(members(a));
      const inB = new Set(members(b));
      assert.deepEqual(
        members(a.union(b)),
        [...new Set([...inA, ...inB])].sort((x, y) => x - y),
      );
      assert.deepEqual(
        members(a.intersect(b)),
        [...inA].filter((p) => inB.has(p)),
      );
      assert.deepEqual(
        members(a.subtract(b)),
        [...inA].filter((p) => !inB.has(p)),
      );
      const overlap = [...inA].some((p) => inB.has(p));
      assert.equal(a.overlaps(b), overlap);
      assert.equal(ConnSet.of('UDP', a).overlaps(ConnSet.of('UDP', b)), overlap);
      assert.equal(ConnSet.of('TCP', a).overlaps(ConnSet.of('UDP', b)), false);
      assert.equal(ConnSet.ALL.overlaps(ConnSet.of('SCTP', a)), !a.isEmpty());
      assert.equal(a.union(b).equals(b.union(a)), true);
      assert.equal(a.complement().complement().equals(a), true);
      // Canonical: adjacent and overlapping intervals are merged, so equal sets have equal bounds.
      assert.equal(PortRanges.fromIntervals(a.intervals()).equals(a), true);
    }),
  );
});

test('connection sets print in netpol-analyzer notation', () => {
  assert.equal(ConnSet.ALL.toString(), 'All Connections');
  assert.equal(ConnSet.NONE.toString(), 'No Connections');
  const c = ConnSet.port('TCP', 80)
    .union(ConnSet.port('UDP', 53))
    .union(ConnSet.port('TCP', 8080, 8090));
  assert.equal(c.toString(), 'TCP 80,8080-8090,UDP 53');
  assert.equal(ConnSet.ALL.subtract(ConnSet.port('TCP', 80)).toString(), 'SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535');
  assert.deepEqual(ConnSet.port('SCTP', 9003).toJSON(), [{ protocol: 'SCTP', ports: [{ start: 9003, end: 9003 }] }]);
  assert.equal(
    ConnSet.of('TCP', PortRanges.ALL)
      .union(ConnSet.of('UDP', PortRanges.ALL))
      .union(ConnSet.of('SCTP', PortRanges.ALL))
      .isAll(),
    true,
  );
});

test('port specs on the command line: 80, 80/TCP, udp/53, 8000-8080/TCP', () => {
  assert.ok(parsePortSpec('80')!.equals(ConnSet.port('TCP', 80)));
  assert.ok(parsePortSpec('53/UDP')!.equals(ConnSet.port('UDP', 53)));
  assert.ok(parsePortSpec('udp/53')!.equals(ConnSet.port('UDP', 53)));
  assert.ok(parsePortSpec('8000-8080/tcp')!.equals(ConnSet.port('TCP', 8000, 8080)));
  for (const bad of ['0', '70000', 'http', '80/ICMP', '90-80']) assert.equal(parsePortSpec(bad), undefined, bad);
});

test('interned connection sets: ids 0 and 1 are none and all, and set algebra on ids is memoised', () => {
  const t = new ConnTable();
  const a = t.id(ConnSet.port('TCP', 80));
  const b = t.id(ConnSet.port('TCP', 80, 81));
  assert.equal(t.id(ConnSet.port('TCP', 80)), a);
  assert.equal(t.intersect(a, b), a);
  assert.equal(t.union(a, b), b);
  assert.equal(t.intersect(a, ConnTable.ALL), a);
  assert.equal(t.union(a, ConnTable.ALL), ConnTable.ALL);
  assert.equal(t.intersect(a, ConnTable.NONE), ConnTable.NONE);
});

test('IP addresses and CIDRs, IPv4 and IPv6 in one number line', () => {
  assert.equal(formatIp(parseIp('10.1.2.3')!), '10.1.2.3');
  assert.equal(formatIp(parseIp('2001:db8::1')!), '2001:db8::1');
  assert.equal(formatIp(parseIp('::ffff:10.0.0.1')!), '::ffff:a00:1');
  assert.equal(parseIp('10.0.0.256'), undefined);
  assert.equal(parseIp('1:2:3'), undefined);
  const [s, e] = parseCidr('10.0.0.5/8')!;
  assert.equal(formatRange(s, e), '10.0.0.0-10.255.255.255');
  assert.equal(IpSet.cidr('0.0.0.0/0')!.toString(), '0.0.0.0-255.255.255.255');
  assert.equal(IpSet.cidr('fd00::/8')!.toString(), 'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
  const block = IpSet.cidr('10.0.0.0/8')!.subtract(IpSet.cidr('10.64.0.0/10')!);
  assert.equal(block.toString(), '10.0.0.0-10.63.255.255,10.128.0.0-10.255.255.255');
  assert.equal(INTERNET.has(parseIp('8.8.8.8')!), true);
  assert.equal(INTERNET.has(parseIp('10.0.0.1')!), false);
  assert.equal(INTERNET.has(parseIp('192.0.2.10')!), true, 'documentation ranges stand for public addresses');
  assert.equal(INTERNET.has(parseIp('2001:db8::1')!), true);
  assert.equal(INTERNET.has(parseIp('fd00::1')!), false);
});

test('atoms: the disjoint blocks CIDR boundaries induce; each CIDR is a union of atoms', () => {
  const cidrs = ['10.0.0.0/8', '10.64.0.0/10', '0.0.0.0/0', '192.168.1.0/24'].map((c) => IpSet.cidr(c)!);
  const atoms = new IpAtoms(cidrs.flatMap((c) => c.boundaries()));
  for (const c of cidrs) {
    const inside = atoms.atomsIn(c);
    const rebuilt = IpSet.fromRanges(inside.map((a) => [atoms.start(a), atoms.end(a)] as [bigint, bigint]));
    assert.equal(rebuilt.toString(), c.toString());
  }
  assert.equal(
    formatRange(atoms.start(atoms.atomOf(parseIp('10.70.0.1')!)), atoms.end(atoms.atomOf(parseIp('10.70.0.1')!))),
    '10.64.0.0-10.127.255.255',
  );
});

test('label selectors: matchLabels AND matchExpressions; NotIn and DoesNotExist match a missing key; invalid matches nothing', () => {
  const sel = parseSelector({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'NotIn', values: ['db'] },
      { key: 'legacy', operator: 'DoesNotExist' },
    ],
  });
  assert.equal(matches(sel, { app: 'web' }), true);
  assert.equal(matches(sel, { app: 'web', tier: 'db' }), false);
  assert.equal(matches(sel, { app: 'web', legacy: '' }), false);
  assert.equal(matches(sel, { app: 'api' }), false);
  assert.equal(describeSelector(sel), 'app=web,!legacy,tier notin (db)');
  assert.equal(matches(parseSelector({}), {}), true);
  assert.equal(matches(parseSelector(undefined), { a: 'b' }), true);
  assert.equal(
    matches(parseSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), { a: 'b' }),
    false,
  );
  assert.equal(
    matches(parseSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }), { a: '2' }),
    false,
  );
  assert.equal(
    parseSelector({ matchLabels: { b: '1', a: '2' } }).key,
    parseSelector({ matchLabels: { a: '2', b: '1' } }).key,
  );
});
