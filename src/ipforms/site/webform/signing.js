/* The signing table (resources/signing.yml, as ipforms.core.signing.export gives it to the
 * page): the age group, the row for who applies at which age for which service.  Names as
 * in ipforms.core.signing.  `ipfSigning(table)` binds the table; tests/js/signing.test.mjs. */
var ipfSigning = function (table) {
  "use strict";

  function ageGroup(age, expected) {
    if (expected) return "expected";
    if (age === null) return null;
    if (age < table.age_own_health) return "under_16";
    if (age < table.age_of_majority) return "16_or_17";
    return "18_or_over";
  }
  function ruleFor(who, age, service) {
    var rules = table.rules;
    for (var i = 0; i < rules.length; i++) {
      var r = rules[i];
      if (r.who.indexOf(who) >= 0 && r.age.indexOf(age) >= 0 && r.services.indexOf(service) >= 0) return r;
    }
    return null;
  }
  /* {service: row} for who applies at this age group */
  function decide(who, age, services) {
    var rows = {};
    services.forEach(function (s) { rows[s] = ruleFor(who, age, s); });
    return rows;
  }
  return { WHO: table.who, SERVICES: table.services, AGE_OWN_HEALTH: table.age_own_health,
    AGE_OF_MAJORITY: table.age_of_majority, ageGroup: ageGroup, ruleFor: ruleFor, decide: decide };
};
if (typeof module !== "undefined") module.exports = ipfSigning;
