#include "core/json_checker.hpp"
#include "core/profile.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <set>

namespace examsim::core {

using nlohmann::json;

const ExamProfile* ProfileSet::find(const std::string& id) const {
    for (const auto& p : profiles)
        if (p.id == id) return &p;
    return nullptr;
}

namespace {

constexpr std::size_t kMaxProfileBytes = 4u * 1024u * 1024u;

std::optional<ExamProfile> readProfile(JsonChecker& c, const json& v, const std::string& ptr,
                                       const std::function<bool(const std::string&)>& knownTopic) {
    if (!c.expectObject(v, ptr, "a profile")) return std::nullopt;
    c.unknownFields(v, ptr,
                    {"id", "title", "description", "practice_format", "levels", "types", "edition", "questions",
                     "case_studies", "marks_per_case_study", "time_limit_minutes", "pass_mark_percent", "open_book",
                     "credits", "blueprint"});
    ExamProfile p;
    p.pointer = ptr;
    p.id = c.id(v, ptr, "id", Need::Required).value_or("");
    p.title = c.text(v, ptr, "title", Need::Required).value_or("");
    p.description = c.string(v, ptr, "description", Need::Optional).value_or("");
    p.practiceFormat = c.boolean(v, ptr, "practice_format", Need::Optional).value_or(false);
    if (const json* arr = c.array(v, ptr, "levels", Need::Required)) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string lp = fmt::format("{}/levels/{}", ptr, i);
            auto l = (*arr)[i].is_string() ? levelFromString((*arr)[i].get<std::string>()) : std::nullopt;
            if (!l) c.error(lp, fmt::format(R"(a level must be "foundation", "practitioner" or "auditor", not {})", (*arr)[i].dump()));
            else p.levels.push_back(*l);
        }
        if (arr->empty()) c.error(ptr + "/levels", R"("levels" must name at least one level)");
    }
    if (const json* arr = c.array(v, ptr, "types", Need::Required)) {
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string tp = fmt::format("{}/types/{}", ptr, i);
            auto t = (*arr)[i].is_string() ? questionTypeFromString((*arr)[i].get<std::string>()) : std::nullopt;
            if (!t) c.error(tp, fmt::format("unknown question type {}", (*arr)[i].dump()));
            else p.types.push_back(*t);
        }
        if (arr->empty()) c.error(ptr + "/types", R"("types" must name at least one question type)");
    }
    p.edition = c.integer(v, ptr, "edition", Need::Optional, 1995, 2100).value_or(2018);
    p.questions = c.integer(v, ptr, "questions", Need::Optional, 1, 500).value_or(0);
    p.caseStudies = c.integer(v, ptr, "case_studies", Need::Optional, 1, 50).value_or(0);
    p.marksPerCaseStudy = c.number(v, ptr, "marks_per_case_study", Need::Optional).value_or(0);
    if ((p.questions > 0) == (p.caseStudies > 0))
        c.error(ptr, R"(a profile needs either "questions" or "case_studies" (not both))");
    if (p.caseStudies > 0 && p.marksPerCaseStudy <= 0)
        c.error(ptr, R"(a case-study profile needs "marks_per_case_study" greater than 0)");
    p.timeLimitMinutes = c.integer(v, ptr, "time_limit_minutes", Need::Required, 0, 1440).value_or(0);
    if (auto pm = c.number(v, ptr, "pass_mark_percent", Need::Required)) {
        if (*pm <= 0 || *pm > 100) c.error(ptr + "/pass_mark_percent", fmt::format(R"("pass_mark_percent" must be above 0 and at most 100, not {})", *pm));
        else p.passMarkPercent = *pm;
    }
    p.openBook = c.boolean(v, ptr, "open_book", Need::Optional).value_or(false);
    if (auto cr = c.number(v, ptr, "credits", Need::Optional)) {
        if (*cr < 0 || *cr > 22) c.error(ptr + "/credits", fmt::format(R"("credits" must be from 0 to 22, not {})", *cr));
        else p.credits = *cr;
    }
    if (const json* arr = c.array(v, ptr, "blueprint", Need::Required)) {
        int total = 0;
        for (std::size_t i = 0; i < arr->size(); ++i) {
            const std::string bp = fmt::format("{}/blueprint/{}", ptr, i);
            const json& e = (*arr)[i];
            if (!c.expectObject(e, bp, "a blueprint entry")) continue;
            c.unknownFields(e, bp, {"label", "topics", "count"});
            BlueprintEntry entry;
            entry.label = c.text(e, bp, "label", Need::Required).value_or("");
            entry.count = c.integer(e, bp, "count", Need::Required, 1, 500).value_or(0);
            if (const json* topics = c.array(e, bp, "topics", Need::Required)) {
                if (topics->empty()) c.error(bp + "/topics", R"("topics" must name at least one topic)");
                for (std::size_t t = 0; t < topics->size(); ++t) {
                    const std::string tp = fmt::format("{}/topics/{}", bp, t);
                    if (auto id = c.idValue((*topics)[t], tp)) {
                        if (knownTopic && !knownTopic(*id)) c.error(tp, fmt::format(R"(unknown topic "{}")", *id));
                        entry.topics.push_back(*id);
                    }
                }
            }
            total += entry.count;
            p.blueprint.push_back(std::move(entry));
        }
        const int wanted = p.caseStudies > 0 ? p.caseStudies : p.questions;
        if (wanted > 0 && total != wanted)
            c.error(ptr + "/blueprint", fmt::format("the blueprint adds up to {} {}, but the profile has {}", total,
                                                    p.caseStudies > 0 ? "case studies" : "questions", wanted));
    }
    return p;
}

} // namespace

ProfileSet loadProfiles(const std::filesystem::path& path, const std::function<bool(const std::string&)>& knownTopic) {
    ProfileSet set;
    auto read = SourceFile::read(path, kMaxProfileBytes);
    if (auto* problem = std::get_if<Diagnostic>(&read)) {
        set.diagnostics.push_back(*problem);
        return set;
    }
    const SourceFile& source = std::get<SourceFile>(read);
    const ScanReport scan = scanJson(source.text(), JsonLimits{});
    if (scan.limitExceeded) {
        set.diagnostics.push_back(source.atOffset(Severity::Error, scan.limitExceeded->offset, scan.limitExceeded->pointer,
                                                  scan.limitExceeded->message));
        return set;
    }
    json root;
    try {
        root = json::parse(source.text());
    } catch (const json::exception& e) {
        const auto [offset, message] = JsonChecker::parseFailure(e, source.text());
        set.diagnostics.push_back(source.atOffset(Severity::Error, offset, "", message));
        return set;
    }
    JsonChecker c(source, set.diagnostics);
    if (!c.expectObject(root, "", "a profiles file")) return set;
    c.unknownFields(root, "", {"$schema", "format", "format_version", "profiles"});
    if (auto f = c.string(root, "", "format", Need::Required); f && *f != "examsim-exams")
        c.error("/format", fmt::format(R"("format" must be "examsim-exams", not "{}")", *f));
    if (auto v = c.integer(root, "", "format_version", Need::Required, 0, 1000); v && *v != 1)
        c.error("/format_version", fmt::format("unsupported format_version {}; this program reads version 1", *v));
    if (count(set.diagnostics).errors > 0) return set;
    const json* arr = c.array(root, "", "profiles", Need::Required);
    if (!arr) return set;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const std::string ptr = fmt::format("/profiles/{}", i);
        const std::size_t before = count(set.diagnostics).errors;
        auto p = readProfile(c, (*arr)[i], ptr, knownTopic);
        if (p && !p->id.empty() && !ids.insert(p->id).second) c.error(ptr + "/id", fmt::format(R"(duplicate profile id "{}")", p->id));
        if (p && static_cast<std::size_t>(count(set.diagnostics).errors) == before) set.profiles.push_back(std::move(*p));
    }
    return set;
}

} // namespace examsim::core

#include "core/bank_set.hpp"

namespace examsim::core {

ProfileSet loadProfilesFrom(const std::vector<std::filesystem::path>& bankPaths, const BankSet& banks) {
    ProfileSet all;
    const auto known = [&banks](const std::string& id) { return banks.topic(id) != nullptr; };
    for (const auto& dir : bankPaths) {
        std::error_code ec;
        const auto file = std::filesystem::is_directory(dir, ec) ? dir / "exams.json" : dir;
        if (file.filename() != "exams.json" || !std::filesystem::exists(file, ec)) continue;
        ProfileSet one = loadProfiles(file, known);
        all.diagnostics.insert(all.diagnostics.end(), one.diagnostics.begin(), one.diagnostics.end());
        for (auto& p : one.profiles) {
            if (all.find(p.id)) {
                Diagnostic d;
                d.file = file.string();
                d.pointer = p.pointer + "/id";
                d.message = fmt::format(R"(profile id "{}" is already defined in another folder)", p.id);
                all.diagnostics.push_back(d);
                continue;
            }
            all.profiles.push_back(std::move(p));
        }
    }
    return all;
}

} // namespace examsim::core
