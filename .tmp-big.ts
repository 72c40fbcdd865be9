import { modelFromJson } from './src/review/load';
import { topologyOf } from './src/review/topology';
import { resilienceOf } from './src/review/resilience';
import { reachabilityOf } from './src/review/reachability';
import { monitored } from './__tests__/review/fixtures/monitored';
import { threeTier, ref, patch } from './__tests__/review/fixtures/stack';
for (const n of [10, 40, 80]) {
  let s = monitored(threeTier('prod'));
  for (let i = 0; i < n; i++) {
    s = patch(s, 'aws_security_group', `g${i}`, { name: `g${i}`, description: 'x', vpc_id: ref('aws_vpc', 'main') });
    s = patch(s, 'aws_vpc_security_group_ingress_rule', `g${i}_in`, { security_group_id: ref('aws_security_group', `g${i}`), ip_protocol: 'tcp', from_port: 8000 + i, to_port: 8000 + i, referenced_security_group_id: ref('aws_security_group', `g${(i + 1) % n}`), description: 'x' });
    s = patch(s, 'aws_vpc_security_group_egress_rule', `g${i}_out`, { security_group_id: ref('aws_security_group', `g${i}`), ip_protocol: '-1', cidr_ipv4: '0.0.0.0/0', description: 'x' });
    s = patch(s, 'aws_instance', `i${i}`, { instance_type: 't3.micro', subnet_id: ref('aws_subnet', i % 2 ? 'app_a' : 'app_c'), vpc_security_group_ids: [ref('aws_security_group', `g${i}`)] });
  }
  const m = modelFromJson(s, 'big');
  let t = Date.now(); reachabilityOf(topologyOf(m)); const r = Date.now() - t;
  t = Date.now(); const res = resilienceOf(m, topologyOf(m)); const z = Date.now() - t;
  console.log(n, 'components', topologyOf(m).components.length, 'reachability', r, 'ms resilience', z, 'ms paths', res.paths.length);
}
