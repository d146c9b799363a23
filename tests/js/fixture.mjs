// A small page data in the shape of ipforms.site.webform.page_data, for the modules' unit
// tests (the real data runs in tests/test_webform_parity_node.py).
const f = (id, type = "text", extra = {}) => ({ id, type, label: id, ref: `«${id}»`, required: false, when: null, max: null, options: [], ...extra });
const role = f("applicant_role", "choice", { options: ["self", "parent", "proxy", "verge"].map((id) => ({ id, label: id, labels: [id] })) });

export const DATA = {
  forms: {
    soknad: { id: "soknad", sections: [{ id: "person", title: "Personen", fields: [
      f("service_ip", "checkbox"), f("service_barnekoordinator", "checkbox"),
      f("person_name", "text", { required: true, max: 10, ref: "«Fullt navn» (Personen)" }), f("person_fnr", "fnr"),
      f("person_postcode", "postnummer", { max: 10, country: "person_country" }), f("person_country"),
      f("expected_child", "checkbox"), f("due_date", "date"), role, f("applicant_name"), f("applicant_fnr", "fnr"),
      f("applicant_relation"), f("youth_sign_name"), f("youth_sign_date", "date"), f("attachment_fullmakt", "checkbox"),
      f("attachment_verge", "checkbox"), f("consent_obtain", "checkbox"), f("sign_place"), f("sign_date", "date"),
      f("sign_name"), f("person_email", "email", { max: 80 })] }] },
    fullmakt: { id: "fullmakt", sections: [{ id: "giver", title: "Fullmakt", fields: [f("giver_name"), f("sign_name")] }] },
  },
  rules: {
    limits: { sign_warn_months: 6, sign_max_years: 2, due_past_months: 1, due_future_months: 10, current_services_min: 2 },
    special: { soknad: ["sign_place", "sign_date", "sign_name", "person_fnr", "applicant_fnr"], fullmakt: ["sign_name"] },
    silent: { soknad: [{ field: "sign_place", code: "sign.no_place" }], fullmakt: [] },
    free_text: { fields: ["applicant_relation"], declared: [], warn: [{ code: "text.no_parental_responsibility", roles: ["parent"], phrases: ["ikke foreldreansvar"] }] },
    future_ok: ["due_date"], checkbox_off: ["", "off"], verdict_severity: { not_allowed: "error", ok: "note" },
    consent: [{ field: "consent_obtain", code: "consent.obtain_not_ticked" }], id_kinds: [],
    name_fold: { "ß": "ss" }, name_space: "[\\t \\xa0]+",
    codes: {
      "field.required": { severity: "error" }, "field.too_long": { severity: "error" }, "field.date_invalid": { severity: "error" },
      "field.date_after_received": { severity: "error" }, "field.postnummer_invalid": { severity: "error" },
      "field.email_invalid": { severity: "error" }, "field.fnr_invalid": { severity: "error" }, "field.choice_invalid": { severity: "error" },
      "services.none": { severity: "error", field: "soknad:service_ip" }, "sign.missing": { severity: "error", field: "soknad:sign_name" },
      "sign.no_place": { severity: "warning" }, "person.no_id": { severity: "warning", field: "soknad:person_fnr" },
      "consent.obtain_not_ticked": { severity: "warning" }, "sign.old": { severity: "warning", field: "soknad:sign_date" },
      "sign.too_old": { severity: "warning", field: "soknad:sign_date" }, "sign.before_birth": { severity: "error", field: "soknad:sign_date" },
      "due_date.past": { severity: "warning", field: "soknad:due_date" }, "due_date.too_far": { severity: "error", field: "soknad:due_date" },
      "due_date.implausible_past": { severity: "error", field: "soknad:due_date" },
      "text.no_parental_responsibility": { severity: "warning", field: "soknad:applicant_relation" },
      "signing.self_expected": { field: "soknad:applicant_role" }, "signing.self_under_16": { field: "soknad:applicant_role" },
      "fullmakt.unsigned": { severity: "error", field: "fullmakt:sign_name" },
    },
  },
  signing: { who: ["self", "parent", "proxy", "verge"], services: ["ip", "barnekoordinator"], age_own_health: 16, age_of_majority: 18, rules: [
    { who: ["self"], age: ["expected"], services: ["barnekoordinator"], verdict: "ok", message: "signing.self_expected", requires: [] },
    { who: ["self"], age: ["under_16"], services: ["ip", "barnekoordinator"], verdict: "not_allowed", message: "signing.self_under_16", requires: [] },
  ] },
  email_re: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", norway: ["", "norge", "noreg", "norway"],
  messages: {
    "field.required": "{field} mangler.", "services.none": "Ingen tjeneste er valgt.", "service.ip": "individuell plan",
    "service.barnekoordinator": "barnekoordinator", "service.koordinator": "koordinator", "word.and": "og",
    "sign.old": "Skrevet under {value}, mottatt {received}.", "hint.x": "Du har {count:ingen|én|#} tjenester.",
    "field.fnr_invalid": "{field}: {fnr} er ikke gyldig.", "signing.self_under_16": "Personen er {age} år ({services}).",
  },
  months: ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember"],
};
export const day = (y, m, d) => ({ y, m, d, date: true });
