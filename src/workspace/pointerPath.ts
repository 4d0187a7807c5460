/** A JSON pointer (`/vms/3/status`) as a path; numeric segments become numbers (list indexes). */
export function pointerPath(pointer: string): Array<string | number> {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
