import { describe, expect, test } from "vitest";
import { accessLogKind, isoSeconds, parseAccessLogLine, pathPrefix, splitFields } from "./access-log";

// Lines shaped like AWS's documented examples, with made-up addresses and times.
const ALB =
  'https 2024-03-01T12:00:01.250000Z app/shop/50dc6c495c0c9188 192.0.2.10:41234 10.0.1.17:8080 0.001 0.042 0.000 200 200 310 5120 "GET https://shop.example.com:443/api/items?id=7 HTTP/1.1" "Mozilla/5.0 (X11; \\"quoted\\")" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/73e2d6bc24d8a067 "Root=1-65e1c2a1-0123456789abcdef01234567" "shop.example.com" "arn:aws:acm:us-east-1:123456789012:certificate/0000" 1 2024-03-01T12:00:01.207000Z "forward" "-" "-" "10.0.1.17:8080" "200" "-" "-" TID_0123';
const ALB_503 =
  'http 2024-03-01T12:00:02.000000Z app/shop/50dc6c495c0c9188 198.51.100.4:5000 - -1 -1 -1 503 - 120 330 "GET http://shop.example.com:80/ HTTP/1.1" "curl/8.0" - - arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop/73e2d6bc24d8a067 "Root=1-65e1c2a2-0123456789abcdef01234567" "-" "-" 0 2024-03-01T12:00:01.999000Z "forward" "-" "-" "-" "-" "-" "-"';
const CLASSIC =
  '2024-03-01T12:00:03.945958Z shop-classic 192.0.2.10:2817 10.0.2.5:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://shop.example.com:80/ HTTP/1.1" "curl/7.38.0" - -';
const CLASSIC_TCP =
  '2024-03-01T12:00:04.000000Z shop-classic 192.0.2.11:2818 10.0.2.5:80 0.001069 0.000028 0.000041 - - 82 305 "- - - " "-" - -';

describe("access log lines", () => {
  test("an application entry gives its arrival from request_creation_time, not time", () => {
    const r = parseAccessLogLine(ALB, "application");
    expect(r).toEqual({
      ok: true,
      record: {
        arrival: isoSeconds("2024-03-01T12:00:01.207Z"),
        client: "192.0.2.10",
        clientPort: 41234,
        target: "10.0.1.17:8080",
        targetProcessing: 0.042,
        total: expect.closeTo(0.043, 12),
        elbStatus: 200,
        targetStatus: 200,
        receivedBytes: 310,
        sentBytes: 5120,
        path: "/api/items",
      },
    });
  });

  test("a request the load balancer answered itself has no target and no processing times", () => {
    const r = parseAccessLogLine(ALB_503, "application");
    expect(r.ok && r.record).toMatchObject({
      target: null,
      targetProcessing: null,
      total: null,
      elbStatus: 503,
      targetStatus: null,
    });
  });

  test("a classic entry's timestamp is its arrival, to the microsecond", () => {
    const r = parseAccessLogLine(CLASSIC, "classic");
    expect(r.ok && r.record.arrival).toBeCloseTo(Date.UTC(2024, 2, 1, 12, 0, 3) / 1000 + 0.945958, 6);
    expect(r.ok && r.record.targetProcessing).toBe(0.001048);
    const tcp = parseAccessLogLine(CLASSIC_TCP, "classic");
    expect(tcp.ok && tcp.record).toMatchObject({ elbStatus: null, targetStatus: null, path: "-" });
  });

  test("the layout is told from the first field", () => {
    expect(accessLogKind(ALB)).toBe("application");
    expect(accessLogKind(CLASSIC)).toBe("classic");
    expect(accessLogKind("metric_name,timestamp,metric_value")).toBeNull();
  });

  test("each malformed line says which field is wrong", () => {
    const bad = (line: string, kind: "application" | "classic" = "application") => {
      const r = parseAccessLogLine(line, kind);
      return r.ok ? "ok" : r.message;
    };
    expect(bad(ALB.slice(0, 200))).toMatch(/quote that is never closed/);
    expect(bad("https 2024 x")).toBe("has 3 fields; an application load balancer entry has at least 22");
    expect(bad(ALB.replace("2024-03-01T12:00:01.207000Z", "yesterday"))).toBe(
      "request_creation_time must be an ISO 8601 time, got yesterday",
    );
    expect(bad(ALB.replace("192.0.2.10:41234", "nowhere"))).toBe(
      "client:port must be an address and port, got nowhere",
    );
    expect(bad(ALB.replace(" 0.042 ", " fast "))).toBe("target_processing_time must be seconds or -1, got fast");
    expect(bad(ALB.replace(" 200 200 ", " 200 OK "))).toBe("target_status_code must be a status or -, got OK");
    expect(bad(CLASSIC.replace("0 29", "0 lots"), "classic")).toBe("sent_bytes must be a whole number, got lots");
    expect(bad(`\x1b[31m${"x".repeat(80)} 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21`)).toBe(
      "must start with a request type (http, https, h2, grpcs, ws, wss), got \\x1b[31mxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…",
    );
  });

  test("fields split at spaces, quoted ones whole", () => {
    expect(splitFields('a "b c" "" d')).toEqual(["a", "b c", "", "d"]);
    expect(splitFields('a "b')).toBeNull();
  });

  test("a path prefix keeps the first segments", () => {
    expect(pathPrefix("/api/items/7", 1)).toBe("/api");
    expect(pathPrefix("/api/items/7", 2)).toBe("/api/items");
    expect(pathPrefix("/", 1)).toBe("/");
    expect(pathPrefix("-", 1)).toBe("-");
  });

  test("ISO times must be UTC and real", () => {
    expect(isoSeconds("2024-03-01T12:00:00Z")).toBe(Date.UTC(2024, 2, 1, 12) / 1000);
    expect(isoSeconds("2024-13-01T12:00:00Z")).toBeNull();
    expect(isoSeconds("2024-03-01 12:00:00")).toBeNull();
  });
});
