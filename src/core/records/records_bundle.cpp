#include "core/records/records_bundle.hpp"

#include "core/paths.hpp"
#include "core/question_json.hpp"
#include "core/report/report_text.hpp"

#include <chrono>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace examsim::core {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json valueJson(const RecordValue& v) {
    return std::visit(
        [](const auto& x) -> json {
            using V = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<V, std::monostate>)
                return nullptr;
            else
                return x;
        },
        v);
}

const char* typeName(const ColumnSpec& c) {
    const char* base = c.type == ColumnType::Text      ? "a string"
                       : c.type == ColumnType::Integer ? "an integer"
                                                       : "a number";
    if (!c.nullable) return base;
    return c.type == ColumnType::Text      ? "a string or null"
           : c.type == ColumnType::Integer ? "an integer or null"
                                           : "a number or null";
}

// Checks of one table's rows against the spec; the first problem found, as "<pointer> <problem>".
// Members and arrays newer than the bundle's `version` are absent from it: null, and empty.
std::optional<std::string> readTable(const json& bundle, std::int64_t version, RecordTable& into) {
    const TableSpec& t = into.spec();
    const std::string name(t.name);
    if (t.since > version) return std::nullopt;
    const auto it = bundle.find(name);
    if (it == bundle.end() || !it->is_array()) return fmt::format("\"{}\" is missing or not an array", name);
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& r = (*it)[i];
        const std::string where = fmt::format("/{}/{}", name, i);
        if (!r.is_object()) return where + " is not an object";
        RecordRow row;
        for (const auto& c : t.columns) {
            const auto f = r.find(std::string(c.name));
            if (f == r.end() && c.since > version) {
                row.emplace_back(std::monostate{});
                continue;
            }
            if (f == r.end()) return fmt::format("{} has no \"{}\"", where, c.name);
            const json& v = *f;
            if (v.is_null() && c.nullable)
                row.emplace_back(std::monostate{});
            else if (c.type == ColumnType::Text && v.is_string())
                row.emplace_back(v.get<std::string>());
            else if (c.type == ColumnType::Integer && v.is_number_integer())
                row.emplace_back(v.get<std::int64_t>());
            else if (c.type == ColumnType::Real && v.is_number())
                row.emplace_back(v.get<double>());
            else
                return fmt::format("{}/{} must be {}", where, c.name, typeName(c));
        }
        into.rows.push_back(std::move(row));
    }
    return std::nullopt;
}

// "2,0,1": distinct indexes below `count`, or "" (a question delivered in bank order).
bool validOrder(const std::string& text, std::size_t count) {
    if (text.empty()) return true;
    std::set<std::size_t> seen;
    std::size_t value = 0, digits = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ',') {
            if (!digits || value >= count || !seen.insert(value).second) return false;
            value = 0, digits = 0;
        } else if (text[i] >= '0' && text[i] <= '9' && digits < 6) {
            value = value * 10 + static_cast<std::size_t>(text[i] - '0'), ++digits;
        } else {
            return false;
        }
    }
    return true;
}

// The one form the store writes (and its queries rely on): members sorted, strings only.
bool canonicalAnswer(const std::string& text) {
    const json j = json::parse(text, nullptr, false);
    if (!j.is_object() || j.size() != 2 || !j.contains("s") || !j.contains("m") || !j["s"].is_array() ||
        !j["m"].is_array())
        return false;
    for (const auto& id : j["s"])
        if (!id.is_string()) return false;
    for (const auto& pair : j["m"])
        if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
            return false;
    return j.dump() == text;
}

// References between records, enumerations, duplicates, snapshot hashes, display orders and answers.
std::optional<std::string> checkRecords(const RecordSet& s) {
    const RecordTable& learners = s[kLearnersTable];
    const RecordTable& snapshots = s[kSnapshotsTable];
    const RecordTable& attempts = s[kAttemptsTable];
    const RecordTable& items = s[kItemsTable];
    const RecordTable& responses = s[kResponsesTable];
    const RecordTable& adjustments = s[kAdjustmentsTable];
    std::set<std::string> learnerIds;
    std::map<std::string, Question> questions; // by snapshot hash
    std::map<std::string, std::string> attemptLearner;
    std::set<std::pair<std::string, std::int64_t>> itemKeys, responseKeys;
    for (std::size_t i = 0; i < learners.rows.size(); ++i) {
        const std::string id = learners.text(learners.rows[i], "id");
        if (id.empty()) return fmt::format("/learners/{}/id must not be empty", i);
        if (!learnerIds.insert(id).second)
            return fmt::format("/learners/{}: learner \"{}\" appears twice", i, id);
    }
    for (std::size_t i = 0; i < snapshots.rows.size(); ++i) {
        const auto& row = snapshots.rows[i];
        const std::string hash = snapshots.text(row, "hash"), text = snapshots.text(row, "json");
        if (sha256Hex(text) != hash)
            return fmt::format("/question_snapshots/{}: the hash does not match the question's JSON (the "
                               "snapshot was altered)",
                               i);
        std::string error;
        const auto q = questionFromJson(text, &error);
        if (!q) return fmt::format("/question_snapshots/{}: the question cannot be read: {}", i, error);
        if (q->id != snapshots.text(row, "question_id"))
            return fmt::format(
                "/question_snapshots/{}: question_id \"{}\" is not the id in its JSON (\"{}\")", i,
                snapshots.text(row, "question_id"), q->id);
        questions.emplace(hash, std::move(*q));
    }
    for (std::size_t i = 0; i < attempts.rows.size(); ++i) {
        const auto& row = attempts.rows[i];
        const std::string id = attempts.text(row, "id"), learner = attempts.text(row, "learner_id");
        const std::string mode = attempts.text(row, "mode"), status = attempts.text(row, "status");
        if (id.empty()) return fmt::format("/attempts/{}/id must not be empty", i);
        if (!learnerIds.count(learner))
            return fmt::format("/attempts/{}: learner \"{}\" is not in the bundle", i, learner);
        if (mode != "exam" && mode != "study" && mode != "drill")
            return fmt::format("/attempts/{}/mode must be exam, study or drill", i);
        if (status != "submitted" && status != "timed_out" && status != "abandoned")
            return fmt::format("/attempts/{}/status must be submitted, timed_out or abandoned", i);
        if (!attemptLearner.emplace(id, learner).second)
            return fmt::format("/attempts/{}: attempt \"{}\" appears twice", i, id);
    }
    for (std::size_t i = 0; i < items.rows.size(); ++i) {
        const auto& row = items.rows[i];
        const std::string attempt = items.text(row, "attempt_id"), hash = items.text(row, "snapshot_hash");
        if (!attemptLearner.count(attempt))
            return fmt::format("/attempt_items/{}: attempt \"{}\" is not in the bundle", i, attempt);
        const auto q = questions.find(hash);
        if (q == questions.end())
            return fmt::format("/attempt_items/{}: question snapshot \"{}\" is not in the bundle", i, hash);
        const std::pair<const char*, std::size_t> orders[] = {{"option_order", q->second.options.size()},
                                                              {"premise_order", q->second.premises.size()},
                                                              {"item_order", q->second.items.size()}};
        for (const auto& [column, count] : orders)
            if (!validOrder(items.text(row, column), count))
                return fmt::format(
                    "/attempt_items/{}/{} must list distinct indexes below {}, separated by commas", i,
                    column, count);
        if (!itemKeys.emplace(attempt, items.integer(row, "position")).second)
            return fmt::format("/attempt_items/{}: position {} of attempt \"{}\" appears twice", i,
                               items.integer(row, "position"), attempt);
    }
    for (std::size_t i = 0; i < responses.rows.size(); ++i) {
        const auto& row = responses.rows[i];
        const std::string attempt = responses.text(row, "attempt_id");
        const std::int64_t position = responses.integer(row, "position");
        const auto a = attemptLearner.find(attempt);
        if (a == attemptLearner.end())
            return fmt::format("/responses/{}: attempt \"{}\" is not in the bundle", i, attempt);
        if (!itemKeys.count({attempt, position}))
            return fmt::format("/responses/{}: attempt \"{}\" has no question at position {}", i, attempt,
                               position);
        if (responses.text(row, "learner_id") != a->second)
            return fmt::format("/responses/{}: learner \"{}\" is not the learner of attempt \"{}\"", i,
                               responses.text(row, "learner_id"), attempt);
        if (!canonicalAnswer(responses.text(row, "answer")))
            return fmt::format("/responses/{}/answer must be an answer as ExamSim writes it "
                               "({{\"m\":[[premise,option],...],\"s\":[ids...]}})",
                               i);
        if (!responseKeys.emplace(attempt, position).second)
            return fmt::format("/responses/{}: position {} of attempt \"{}\" appears twice", i, position,
                               attempt);
    }
    std::map<std::pair<std::string, std::int64_t>, std::string> itemQuestion;
    for (const auto& row : items.rows)
        itemQuestion.emplace(std::pair{items.text(row, "attempt_id"), items.integer(row, "position")},
                             items.text(row, "question_id"));
    // An item named by an adjustment or an erratum is on the attempt's paper, with the same question.
    const auto checkItem = [&](const RecordTable& t, const RecordRow& row, const std::string& where)
        -> std::optional<std::string> {
        if (t.isNull(row, "position")) return std::nullopt;
        const std::string attempt = t.text(row, "attempt_id");
        const std::int64_t position = t.integer(row, "position");
        const auto q = itemQuestion.find({attempt, position});
        if (q == itemQuestion.end())
            return fmt::format("{}: attempt \"{}\" has no question at position {}", where, attempt, position);
        if (!t.isNull(row, "question_id") && t.text(row, "question_id") != q->second)
            return fmt::format("{}: question {} of attempt \"{}\" is \"{}\", not \"{}\"", where, position,
                               attempt, q->second, t.text(row, "question_id"));
        return std::nullopt;
    };
    for (std::size_t i = 0; i < adjustments.rows.size(); ++i) {
        const std::string attempt = adjustments.text(adjustments.rows[i], "attempt_id");
        const std::string where = fmt::format("/adjustments/{}", i);
        if (!attemptLearner.count(attempt))
            return fmt::format("{}: attempt \"{}\" is not in the bundle", where, attempt);
        if (auto problem = checkItem(adjustments, adjustments.rows[i], where)) return problem;
    }
    const RecordTable& errata = s[kErrataTable];
    for (std::size_t i = 0; i < errata.rows.size(); ++i) {
        const auto& row = errata.rows[i];
        const std::string where = fmt::format("/errata/{}", i);
        const std::string learner = errata.text(row, "learner_id"), kind = errata.text(row, "kind");
        if (!learnerIds.count(learner))
            return fmt::format("{}: learner \"{}\" is not in the bundle", where, learner);
        if (kind != "key-wrong" && kind != "unclear" && kind != "other")
            return where + "/kind must be key-wrong, unclear or other";
        if (errata.isNull(row, "attempt_id")) {
            if (!errata.isNull(row, "position")) return where + "/position must be null without an attempt";
            continue;
        }
        const std::string attempt = errata.text(row, "attempt_id");
        const auto a = attemptLearner.find(attempt);
        if (a == attemptLearner.end())
            return fmt::format("{}: attempt \"{}\" is not in the bundle", where, attempt);
        if (a->second != learner)
            return fmt::format("{}: learner \"{}\" is not the learner of attempt \"{}\"", where, learner,
                               attempt);
        if (auto problem = checkItem(errata, row, where)) return problem;
    }
    return std::nullopt;
}

bool isSqliteFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    char head[16] = {};
    in.read(head, sizeof head);
    return in.gcount() == 16 && std::memcmp(head, "SQLite format 3", 16) == 0;
}

} // namespace

std::string writeRecordsBundle(const RecordSet& records, std::int64_t exportedAt) {
    if (!exportedAt)
        exportedAt = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    json j{{"format", kBundleFormat},
           {"version", kBundleVersion},
           {"exported_at", isoTimestamp(exportedAt)},
           {"program", "ExamSim 20000 " + versionString()}};
    for (const RecordTable& t : records.tables) {
        json rows = json::array();
        for (const auto& row : t.rows) {
            json r = json::object();
            for (std::size_t i = 0; i < row.size(); ++i)
                r[std::string(t.spec().columns[i].name)] = valueJson(row[i]);
            rows.push_back(std::move(r));
        }
        j[std::string(t.spec().name)] = std::move(rows);
    }
    return j.dump(1) + "\n";
}

std::variant<RecordSet, BundleError> readRecordsBundle(const std::string& text, const std::string& source) {
    const auto error = [&](const std::string& what) { return BundleError{source + ": " + what}; };
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) { // parse_error, or out_of_range for a number such as 1e999
        std::string what = e.what();
        if (const auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
        return error("not valid JSON (" + what + ")");
    }
    if (!j.is_object() || !j.contains("format") || j["format"] != kBundleFormat)
        return error(fmt::format("not an ExamSim records bundle (\"format\" must be \"{}\")", kBundleFormat));
    if (!j.contains("version") || !j["version"].is_number_integer())
        return error("\"version\" must be an integer");
    const auto version = j["version"].get<std::int64_t>();
    if (version > kBundleVersion)
        return error(
            fmt::format("records bundle version {} is newer than this program reads ({}): update the program",
                        version, kBundleVersion));
    if (version < 1) return error(fmt::format("unknown records bundle version {}", version));
    RecordSet s;
    for (RecordTable& t : s.tables)
        if (auto problem = readTable(j, version, t)) return error(*problem);
    if (auto problem = checkRecords(s)) return error(*problem);
    return s;
}

std::variant<std::vector<MergedSource>, BundleError> mergeRecordFiles(ProgressStore& store,
                                                                      const std::vector<fs::path>& files) {
    std::vector<RecordSet> sets;
    std::vector<MergedSource> out;
    for (const auto& f : files) {
        std::error_code ec;
        if (fs::exists(f, ec) && fs::exists(store.path(), ec) && fs::equivalent(f, store.path(), ec))
            return BundleError{f.string() + ": this is the database being merged into"};
        if (isSqliteFile(f)) {
            auto r = ProgressStore::readRecordsFrom(f);
            if (auto* e = std::get_if<StoreError>(&r)) return BundleError{e->message};
            // The same checks as a bundle: a database edited by hand must not bring in what the reports
            // cannot read.
            if (auto problem = checkRecords(std::get<RecordSet>(r)))
                return BundleError{f.string() + ": " + *problem};
            sets.push_back(std::move(std::get<RecordSet>(r)));
            out.push_back({f.string(), "database", {}});
            continue;
        }
        std::ifstream in(f, std::ios::binary);
        if (!in) return BundleError{f.string() + ": cannot be read (does it exist?)"};
        std::ostringstream text;
        text << in.rdbuf();
        auto r = readRecordsBundle(text.str(), f.string());
        if (auto* e = std::get_if<BundleError>(&r)) return *e;
        sets.push_back(std::move(std::get<RecordSet>(r)));
        out.push_back({f.string(), "bundle", {}});
    }
    std::vector<const RecordSet*> sources;
    for (const auto& s : sets) sources.push_back(&s);
    const auto counts = store.importRecords(sources);
    for (std::size_t i = 0; i < out.size(); ++i) out[i].counts = counts[i];
    return out;
}

} // namespace examsim::core
