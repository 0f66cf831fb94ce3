#include "core/stats.hpp"

#include <nlohmann/json.hpp>

namespace examsim::core {

namespace {
nlohmann::json levelJson(const LevelStats& ls) {
    nlohmann::json j;
    j["questions"] = ls.questions;
    j["drafts"] = ls.drafts;
    j["case_studies"] = ls.caseStudies;
    j["marks"] = ls.marks;
    for (QuestionType t : kQuestionTypes) j["types"][std::string(nameOf(t))] = ls.byType[index(t)];
    for (int d = 1; d <= 3; ++d) j["difficulty"][std::to_string(d)] = ls.byDifficulty[static_cast<std::size_t>(d - 1)];
    for (CognitiveLevel c : kCognitiveLevels) j["cognitive_levels"][std::string(nameOf(c))] = ls.byCognitive[index(c)];
    j["parts"] = nlohmann::json::object();
    for (const auto& [p, n] : ls.byPart) j["parts"][p] = n;
    j["groups"] = nlohmann::json::object();
    for (const auto& [g, n] : ls.byGroup) j["groups"][g] = n;
    return j;
}
} // namespace

std::string statsJson(const Stats& s, const BankSet& set) {
    nlohmann::json j;
    j["banks"] = s.banks;
    j["total"] = levelJson(s.total);
    for (Level l : kLevels) j["levels"][std::string(nameOf(l))] = levelJson(s.levels[index(l)]);
    j["topics"] = nlohmann::json::object();
    for (const auto& [id, ts] : s.topics) {
        nlohmann::json t;
        if (const Topic* topic = set.topic(id)) {
            t["title"] = topic->title;
            t["parent"] = topic->parent.empty() ? nlohmann::json() : nlohmann::json(topic->parent);
            t["group"] = set.topGroup(id);
            t["part"] = topic->part.empty() ? nlohmann::json() : nlohmann::json(topic->part);
            t["clause"] = topic->clause.empty() ? nlohmann::json() : nlohmann::json(topic->clause);
        }
        t["questions"] = ts.questions;
        t["secondary"] = ts.secondary;
        for (Level l : kLevels) t["levels"][std::string(nameOf(l))] = ts.byLevel[index(l)];
        j["topics"][id] = t;
    }
    return j.dump(2) + "\n";
}

} // namespace examsim::core
