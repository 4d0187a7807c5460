'use strict';
// A deterministic estate of any size for benchmarks and scaling tests: the bundled example (18
// guests, every file of the default layout) with N more active shop VMs, each with every touchpoint
// in every file (lifecycle, SSH target, registry host and service, backup target, health probe,
// stack, compose target, operating profile, "Shop VM LAN IPs" row), so that every gate passes.
// Usage from code: require('./scripts/estate').estateFiles(n) → { path: text }; or
// node scripts/estate.js N DIR to write one.
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLE = path.join(__dirname, '..', 'examples');

/** Every file of the example, as path → text (README excluded). */
function exampleTree(dir = EXAMPLE, rel = '') {
  const out = {};
  for (const d of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) Object.assign(out, exampleTree(dir, p));
    else if (p !== 'README.md') out[p] = fs.readFileSync(path.join(dir, p), 'utf8');
  }
  return out;
}

/** The i-th generated VM's identity: VMID 20000+i, addresses in ranges the example does not use. */
function vm(i) {
  const hi = Math.floor(i / 250);
  const lo = (i % 250) + 1;
  return {
    vmid: 20000 + i,
    host: `gen-${String(i).padStart(5, '0')}`,
    lan: `10.${200 + Math.floor(hi / 250)}.${hi % 250}.${lo}`,
    ts: `100.${100 + Math.floor(hi / 250)}.${hi % 250}.${lo}`,
  };
}

/** Inserts `text` right after the first line equal to `anchor` (a list or map header). */
function after(file, src, anchor, text) {
  const i = src.indexOf(`\n${anchor}\n`);
  if (i < 0) throw new Error(`estate: no "${anchor}" line in ${file}`);
  const at = i + anchor.length + 2;
  return src.slice(0, at) + text + src.slice(at);
}

function estateFiles(n) {
  const files = exampleTree();
  const parts = { vms: [], ssh: [], services: [], hosts: [], backups: [], probes: [], stacks: [], compose: [], profiles: [], rows: [] };
  for (let i = 0; i < n; i++) {
    const v = vm(i);
    parts.vms.push(
      `  - vmid: ${v.vmid}\n    hostname: ${v.host}\n    proxmox_host: pve\n    role: workload\n    owner: "@ines"\n    status: active\n    created_at: "2026-01-15"\n    profile: afj-base-v2\n` +
        `    lan_ip: ${v.lan}\n    tailscale_ip: ${v.ts}\n    ssh_target: ${v.host}\n    ssh_user: ubuntu\n    os: ubuntu-24.04\n    resources:\n      cpu_cores: 2\n      memory_mb: 4096\n      boot_disk_gb: 64\n` +
        `    stacks:\n      - ${v.host}\n    services:\n      - ${v.host}-web\n    backup_target: vm-${v.vmid}-${v.host}-primary\n    health_probe_policy: full\n    decommission_policy: allow_immediate_destroy\n` +
        `    description: "Generated workload ${i}."\n\n`,
    );
    parts.ssh.push(
      `    - id: "${v.host}"\n      host: "${v.lan}"\n      tailscale_ip: "${v.ts}"\n      notes: "generated VM ${v.vmid}"\n\n`,
    );
    parts.services.push(
      `  ${v.host}-web:\n    host: ${v.host}\n    port: 8080\n    health: /healthz\n    container: web\n    compose: /opt/stacks/${v.host}/docker-compose.yml\n    status: active\n\n`,
    );
    parts.hosts.push(`  ${v.host}:\n    tailscale_ip: ${v.ts}\n    ssh: ${v.host}\n    os: ubuntu-24.04\n    vmid: ${v.vmid}\n\n`);
    parts.backups.push(
      `  - name: vm-${v.vmid}-${v.host}-primary\n    enabled: true\n    kind: file_glob\n    host: pve\n    base_path: "/tank/backups/vzdump/dump"\n    glob: "vzdump-qemu-${v.vmid}-*.vma.zst"\n    stale_after_hours: 26\n    classification: important\n\n`,
    );
    parts.probes.push(
      `  - id: ${v.host}-web\n    host: ${v.host}\n    url: "http://${v.ts}:8080/healthz"\n    expect: 200\n    enabled: true\n\n`,
    );
    parts.stacks.push(
      `  - stack_id: ${v.host}\n    name: Workload ${v.host}\n    repo: afj-stacks\n    path: apps/${v.host}\n    compose_files:\n      - apps/${v.host}/docker-compose.yml\n    deploy_method: manual_vm\n    deploy_target: proxmox:vm-${v.vmid}\n    status: active\n    owner: "@ines"\n\n`,
    );
    parts.compose.push(
      `  ${v.host}:\n    ssh_target: ${v.host}\n    connect_timeout_sec: 5\n    stacks:\n      - name: ${v.host}\n        path: /opt/stacks/${v.host}\n\n`,
    );
    parts.profiles.push(
      `  - vmid: ${v.vmid}\n    hostname: ${v.host}\n    ssh_mode: standard\n    ssh_user: ubuntu\n    runtime_inspection_mode: docker-group\n    health_probe_policy: full\n    startup_policy: auto\n    diagnostic_user_policy: docker-group-member\n    backup_policy: vzdump-scheduled\n\n`,
    );
    parts.rows.push(`| ${v.host} | \`${v.host}\` | ${v.lan} | ${v.vmid} | generated |\n`);
  }
  const j = (k) => parts[k].join('');
  const edit = (file, fn) => (files[file] = fn(files[file]));
  edit('ops/bindings/vm.lifecycle.yaml', (t) => after('vm.lifecycle.yaml', t, 'vms:', j('vms')));
  edit('ops/bindings/ssh.targets.yaml', (t) => after('ssh.targets.yaml', t, '  targets:', j('ssh')));
  edit('docs/governance/SERVICE_REGISTRY.yaml', (t) =>
    after('SERVICE_REGISTRY.yaml', after('SERVICE_REGISTRY.yaml', t, 'services:', j('services')), 'hosts:', j('hosts')),
  );
  edit('ops/bindings/backup.inventory.yaml', (t) => after('backup.inventory.yaml', t, 'targets:', j('backups')));
  edit('ops/bindings/services.health.yaml', (t) => after('services.health.yaml', t, 'endpoints:', j('probes')));
  edit('docs/governance/STACK_REGISTRY.yaml', (t) => after('STACK_REGISTRY.yaml', t, 'stacks:', j('stacks')));
  edit('ops/bindings/docker.compose.targets.yaml', (t) => after('docker.compose.targets.yaml', t, 'targets:', j('compose')));
  edit('ops/bindings/vm.operating.profile.yaml', (t) => after('vm.operating.profile.yaml', t, 'profiles:', j('profiles')));
  edit('docs/governance/DEVICE_IDENTITY_SSOT.md', (t) =>
    after('DEVICE_IDENTITY_SSOT.md', t, '|----|----------------|--------|------|-------|', j('rows')),
  );
  return files;
}

/** The generated VMs' lifecycle lines of VM i, for edits: its lan_ip line text. */
function vmOf(i) {
  return vm(i);
}

function writeEstate(n, dir) {
  for (const [rel, text] of Object.entries(estateFiles(n))) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

module.exports = { estateFiles, writeEstate, vmOf };

if (require.main === module) {
  const [n, dir] = process.argv.slice(2);
  if (!n || !dir) {
    console.error('usage: node scripts/estate.js N DIR');
    process.exit(2);
  }
  writeEstate(Number(n), dir);
}
