// Zones for an imported log's targets: named for IPv4 ranges (`--zone 10.0.1.0/24=a`), or lettered
// one per subnet when no range is given.

/** A zone named for an IPv4 range: `--zone 10.0.1.0/24=a`. */
export interface ZoneRange {
  network: number;
  bits: number;
  zone: string;
  text: string;
}

/** `10.0.1.0/24=a` as a zone range; a message when it is not one. */
export function parseZoneRange(text: string): ZoneRange | string {
  const m = /^([\d.]+)\/(\d{1,2})=([a-z0-9]+)$/.exec(text);
  const ip = m ? ipv4(m[1]) : null;
  if (!m || ip === null || Number(m[2]) > 32)
    return `must be an IPv4 range and a zone name, such as 10.0.1.0/24=a, got ${text}`;
  return { network: ip, bits: Number(m[2]), zone: m[3], text: `${m[1]}/${m[2]}` };
}

/** a, b, … z, then z1, z2, …: zone names the schema accepts. */
export function zoneLetter(k: number): string {
  return k < 26 ? String.fromCharCode(97 + k) : `z${k - 25}`;
}

export function ipv4(text: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function inRange(ip: number, range: ZoneRange): boolean {
  if (range.bits === 0) return true;
  const shift = 32 - range.bits;
  return ip >>> shift === range.network >>> shift;
}
