#include "core/records/xapi.hpp"

#include "core/bank.hpp"
#include "core/question_json.hpp"
#include "core/records/sha1.hpp"
#include "core/report/report_text.hpp"
#include "core/scoring.hpp"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <map>
#include <nlohmann/json.hpp>

namespace examsim::core {

using nlohmann::json;

namespace {

constexpr const char* kVerbBase = "http://adlnet.gov/expapi/verbs/";
constexpr const char* kAssessment = "http://adlnet.gov/expapi/activities/assessment";
constexpr const char* kInteraction = "http://adlnet.gov/expapi/activities/cmi.interaction";

// A path segment with everything but unreserved characters percent-encoded (RFC 3986).
std::string segment(const std::string& s) {
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += static_cast<char>(c);
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

std::string trimSlash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

json verb(const std::string& name) {
    return {{"id", kVerbBase + name}, {"display", {{"en-US", name}}}};
}

std::string interactionType(QuestionType t) {
    switch (t) {
    case QuestionType::TrueFalse:
        return "true-false";
    case QuestionType::Matching:
        return "matching";
    case QuestionType::Sequencing:
        return "sequencing";
    default:
        return "choice";
    }
}

// The xAPI response string of an answer: ids joined by [,]; matching pairs as source[.]target.
std::string responseText(const Question& q, const Answer& a) {
    std::string out;
    if (q.type == QuestionType::Matching) {
        for (const auto& [p, o] : a.matches) out += (out.empty() ? "" : "[,]") + p + "[.]" + o;
        return out;
    }
    for (const auto& s : a.selected) out += (out.empty() ? "" : "[,]") + s;
    return out;
}

Answer answerFromText(const std::string& text) {
    Answer a;
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return a;
    for (const auto& s : j.value("s", json::array()))
        if (s.is_string()) a.selected.push_back(s.get<std::string>());
    for (const auto& m : j.value("m", json::array()))
        if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string())
            a.matches.emplace_back(m[0], m[1]);
    return a;
}

json components(const std::vector<Choice>& choices, const std::string& lang) {
    json out = json::array();
    for (const auto& c : choices) out.push_back({{"id", c.id}, {"description", {{lang, c.text}}}});
    return out;
}

json questionDefinition(const Question& q, const std::string& lang) {
    json d{{"type", kInteraction},
           {"name", {{lang, q.id}}},
           {"description", {{lang, q.stem.empty() ? q.assertion + " / " + q.reason : q.stem}}},
           {"interactionType", interactionType(q.type)},
           {"correctResponsesPattern", {responseText(q, keyAnswer(q))}}};
    if (q.type == QuestionType::Matching) {
        d["source"] = components(q.premises, lang);
        d["target"] = components(q.options, lang);
    } else if (q.type == QuestionType::Sequencing) {
        d["choices"] = components(q.items, lang);
    } else if (q.type == QuestionType::AssertionReason) {
        std::vector<Choice> fixed;
        for (std::size_t i = 0; i < std::size(kAssertionReasonChoices); ++i)
            fixed.push_back(
                {std::string(1, static_cast<char>('a' + i)), std::string(kAssertionReasonChoices[i]), ""});
        d["choices"] = components(fixed, lang);
    } else if (q.type != QuestionType::TrueFalse) {
        d["choices"] = components(q.options, lang);
    }
    return d;
}

json score(double raw, double max) {
    const double scaled = max > 0 ? std::clamp(raw / max, 0.0, 1.0) : 0.0;
    return {{"scaled", scaled}, {"raw", std::clamp(raw, 0.0, max)}, {"min", 0}, {"max", max}};
}

} // namespace

bool isAbsoluteIri(const std::string& s) {
    const auto colon = s.find(':');
    if (colon == std::string::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(s[0])))
        return false;
    for (std::size_t i = 1; i < colon; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') return false;
    }
    if (colon + 1 >= s.size()) return false;
    return std::none_of(s.begin(), s.end(),
                        [](unsigned char c) { return c <= ' ' || c == '"' || c == '<' || c == '>'; });
}

std::optional<std::string> checkXapiOptions(const XapiOptions& o) {
    const bool web = o.homePage.rfind("http://", 0) == 0 || o.homePage.rfind("https://", 0) == 0;
    if (!web || !isAbsoluteIri(o.homePage) || o.homePage.size() <= 8)
        return fmt::format("the home page must be an absolute http:// or https:// URL (such as "
                           "https://lms.example.org), not \"{}\"",
                           o.homePage);
    if (!isAbsoluteIri(o.iriBase))
        return fmt::format(
            "the IRI base must be an absolute IRI (such as https://lms.example.org/examsim), not \"{}\"",
            o.iriBase);
    return std::nullopt;
}

std::string writeXapiStatements(const RecordSet& s, const XapiOptions& o) {
    const std::string base = trimSlash(o.iriBase);
    const RecordTable& learners = s[kLearnersTable];
    const RecordTable& snapshots = s[kSnapshotsTable];
    const RecordTable& attempts = s[kAttemptsTable];
    const RecordTable& items = s[kItemsTable];
    const RecordTable& responses = s[kResponsesTable];
    std::map<std::string, json> actors;
    for (const auto& l : learners.rows)
        actors[learners.text(l, "id")] = {
            {"objectType", "Agent"},
            {"name", learners.text(l, "name")},
            {"account", {{"homePage", o.homePage}, {"name", learners.text(l, "id")}}}};
    std::map<std::string, Question> questions; // by snapshot hash
    for (const auto& r : snapshots.rows)
        if (auto q = questionFromJson(snapshots.text(r, "json")))
            questions.emplace(snapshots.text(r, "hash"), std::move(*q));
    std::map<std::pair<std::string, std::int64_t>, std::string> itemHash;
    for (const auto& r : items.rows)
        itemHash[{items.text(r, "attempt_id"), items.integer(r, "position")}] =
            items.text(r, "snapshot_hash");

    // Regrades (issue 8): each attempt's and each item's latest adjustment, in the order they were made.
    const RecordTable& adjustments = s[kAdjustmentsTable];
    std::map<std::string, std::vector<const RecordRow*>> adjustmentsOf;
    std::map<std::pair<std::string, std::int64_t>, const RecordRow*> itemAdjustment;
    for (const auto& r : adjustments.rows) {
        adjustmentsOf[adjustments.text(r, "attempt_id")].push_back(&r);
        if (!adjustments.isNull(r, "position") && !adjustments.isNull(r, "new_earned"))
            itemAdjustment[{adjustments.text(r, "attempt_id"), adjustments.integer(r, "position")}] = &r;
    }
    // A regrade changes a result, so the statement that carries it is a new statement: its id names the
    // adjustments behind it (the LRS would otherwise keep the first one, statements being immutable).
    const auto revision = [&](const std::vector<const RecordRow*>& rows) {
        if (rows.empty()) return std::string();
        const RecordRow& last = *rows.back();
        return fmt::format("\nregraded {} {} {}", rows.size(), adjustments.integer(last, "created_at"),
                           adjustments.isNull(last, "position") ? -1 : adjustments.integer(last, "position"));
    };

    json out = json::array();
    for (const auto& a : attempts.rows) {
        const std::string attemptId = attempts.text(a, "id"), mode = attempts.text(a, "mode"),
                          status = attempts.text(a, "status");
        const auto actor = actors.find(attempts.text(a, "learner_id"));
        if (actor == actors.end()) continue;
        const json exam{
            {"objectType", "Activity"},
            {"id", base + "/exams/" + segment(attempts.text(a, "profile_id"))},
            {"definition",
             {{"type", kAssessment}, {"name", {{o.language, attempts.text(a, "profile_title")}}}}}};
        const json context{
            // Attempt ids are UUIDs; one from elsewhere that is not gets a stable UUID of its own.
            {"registration",
             isUuid(attemptId) ? attemptId : uuidV5(kXapiNamespace, "registration\n" + attemptId)},
            {"platform", "ExamSim 20000"},
            {"language", o.language},
            {"extensions", {{base + "/extensions/mode", mode}, {base + "/extensions/self-reported", true}}}};
        const auto statement = [&](const std::string& v, const std::string& key, const json& object,
                                   std::int64_t at) {
            json st{{"id", uuidV5(kXapiNamespace,
                                  o.homePage + "\n" + base + "\n" + attemptId + "\n" + v + "\n" + key)},
                    {"actor", actor->second},
                    {"verb", verb(v)},
                    {"object", object},
                    {"context", context},
                    {"version", "1.0.3"}};
            if (at > 0) st["timestamp"] = isoTimestamp(at); // optional: without a time the LRS sets it
            return st;
        };
        out.push_back(statement("attempted", "", exam, attempts.integer(a, "started_at")));
        for (const auto& r : responses.rows) {
            if (responses.text(r, "attempt_id") != attemptId) continue;
            const std::int64_t position = responses.integer(r, "position");
            const auto hash = itemHash.find({attemptId, position});
            const auto q = hash == itemHash.end() ? questions.end() : questions.find(hash->second);
            if (q == questions.end()) continue;
            const Answer answer = answerFromText(responses.text(r, "answer"));
            if (answer.empty()) continue;
            json st = statement("answered", std::to_string(position),
                                {{"objectType", "Activity"},
                                 {"id", base + "/questions/" + segment(q->second.id)},
                                 {"definition", questionDefinition(q->second, o.language)}},
                                responses.integer(r, "answered_at"));
            double earned = responses.real(r, "earned");
            bool correct = responses.integer(r, "correct") != 0;
            if (const auto adj = itemAdjustment.find({attemptId, position}); adj != itemAdjustment.end()) {
                earned = adjustments.real(*adj->second, "new_earned");
                correct = q->second.marks > 0 && earned >= q->second.marks - 1e-9;
                st["id"] = uuidV5(kXapiNamespace, o.homePage + "\n" + base + "\n" + attemptId + "\nanswered\n" +
                                                      std::to_string(position) +
                                                      revision({adj->second}));
            }
            st["result"] = {{"success", correct},
                            {"completion", true},
                            {"response", responseText(q->second, answer)},
                            {"duration", isoDuration(responses.integer(r, "time_ms"))}};
            if (q->second.marks > 0) st["result"]["score"] = score(earned, q->second.marks);
            st["context"]["contextActivities"] = {{"parent", json::array({exam})}};
            out.push_back(std::move(st));
        }
        if (status != "submitted" && status != "timed_out") continue;
        bool passed = attempts.integer(a, "passed") != 0;
        double raw = attempts.real(a, "score");
        const auto& regrades = adjustmentsOf[attemptId];
        if (!regrades.empty()) {
            // The latest adjustment holds the adjusted result (store_sql.hpp); one without it (a
            // version-1 record) adds its delta.
            const RecordRow& last = *regrades.back();
            if (!adjustments.isNull(last, "new_score")) {
                raw = adjustments.real(last, "new_score");
                passed = adjustments.integer(last, "new_passed") != 0;
            } else {
                for (const RecordRow* r : regrades) raw += adjustments.real(*r, "delta");
                const double max = attempts.real(a, "max_score");
                if (max > 0) passed = raw * 100.0 >= attempts.real(a, "pass_mark_percent") * max - 1e-9;
            }
        }
        const std::string v = mode == "exam" ? (passed ? "passed" : "failed") : "completed";
        json st = statement(v, "", exam, attempts.integer(a, "finished_at"));
        if (!regrades.empty())
            st["id"] = uuidV5(kXapiNamespace,
                              o.homePage + "\n" + base + "\n" + attemptId + "\n" + v + "\n" + revision(regrades));
        st["result"] = {{"completion", true}, {"duration", isoDuration(attempts.integer(a, "elapsed_ms"))}};
        // xAPI wants max above min: a paper without marks has no score.
        if (attempts.real(a, "max_score") > 0) st["result"]["score"] = score(raw, attempts.real(a, "max_score"));
        if (mode == "exam") st["result"]["success"] = passed;
        out.push_back(std::move(st));
    }
    return out.dump(2) + "\n";
}

} // namespace examsim::core
