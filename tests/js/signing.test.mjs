// node --test tests/js/: the signing table's rows (src/ipforms/site/webform/signing.js)
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const ipfSigning = createRequire(import.meta.url)("../../src/ipforms/site/webform/signing.js");
// a small table in the shape of ipforms.core.signing.export
const row = (who, age, services, verdict, message, requires = []) => ({ who, age, services, verdict, message, requires });
const TABLE = { who: ["self", "parent"], services: ["ip", "barnekoordinator"], age_own_health: 16, age_of_majority: 18, rules: [
  row(["self"], ["expected"], ["barnekoordinator"], "ok", "signing.self_expected"),
  row(["self"], ["under_16"], ["ip", "barnekoordinator"], "not_allowed", "signing.self_under_16"),
  row(["parent"], ["under_16", "16_or_17"], ["ip"], "requires", "fullmakt.youth_missing", [["youth_signature", "fullmakt_person"]]),
] };

test("the age group: expected, under 16, 16 or 17, 18 or over; none without an age", () => {
  const S = ipfSigning(TABLE);
  assert.equal(S.ageGroup(null, true), "expected");
  assert.equal(S.ageGroup(null, false), null);
  assert.deepEqual([15, 16, 17, 18].map((a) => S.ageGroup(a, false)), ["under_16", "16_or_17", "16_or_17", "18_or_over"]);
});

test("the row for who applies at which age for which service; decide gives one per service", () => {
  const S = ipfSigning(TABLE);
  assert.equal(S.ruleFor("self", "expected", "barnekoordinator").message, "signing.self_expected");
  assert.equal(S.ruleFor("self", "expected", "ip"), null);
  const rows = S.decide("self", "under_16", ["ip", "barnekoordinator"]);
  assert.deepEqual(Object.keys(rows), ["ip", "barnekoordinator"]);
  assert.equal(rows.ip, rows.barnekoordinator);
  assert.deepEqual(S.WHO, ["self", "parent"]);
});
