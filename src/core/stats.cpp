#include "core/stats.hpp"

#include <fmt/format.h>
#include <set>

namespace examsim::core {

Stats computeStats(const BankSet& set) {
    Stats s;
    s.banks = set.banks().size();
    for (const Topic* t : set.topics()) s.topics[t->id];
    std::array<std::set<std::string>, 3> casesByLevel;
    std::set<std::string> allCases;
    for (const auto& bank : set.banks()) {
        for (const auto& q : bank.questions) {
            LevelStats& ls = s.levels[index(q.level)];
            if (q.status == Status::Draft) {
                ++ls.drafts, ++s.total.drafts;
                continue;
            }
            std::string part = set.partOf(q.topic);
            if (part.empty()) part = "other";
            const std::string group = set.topGroup(q.topic);
            for (LevelStats* target : {&ls, &s.total}) {
                ++target->questions;
                target->marks += q.marks;
                ++target->byType[index(q.type)];
                ++target->byDifficulty[static_cast<std::size_t>(q.difficulty - 1)];
                ++target->byCognitive[index(q.cognitiveLevel)];
                ++target->byPart[part];
                ++target->byGroup[group];
            }
            TopicStats& ts = s.topics[q.topic];
            ++ts.questions;
            ++ts.byLevel[index(q.level)];
            for (const auto& sec : q.secondaryTopics) ++s.topics[sec].secondary;
            if (!q.caseStudy.empty()) casesByLevel[index(q.level)].insert(q.caseStudy), allCases.insert(q.caseStudy);
        }
    }
    for (Level l : kLevels) s.levels[index(l)].caseStudies = casesByLevel[index(l)].size();
    s.total.caseStudies = allCases.size();
    return s;
}

namespace {
std::string marksText(double m) {
    return m == static_cast<double>(static_cast<long long>(m)) ? fmt::format("{}", static_cast<long long>(m))
                                                                : fmt::format("{:.1f}", m);
}
} // namespace

std::string statsText(const Stats& s, const BankSet& set) {
    std::string out;
    out += fmt::format("{} banks, {} ready questions ({} marks), {} drafts, {} case studies\n\n", s.banks,
                       s.total.questions, marksText(s.total.marks), s.total.drafts, s.total.caseStudies);

    out += fmt::format("{:<14}{:>6}{:>7}{:>7}{:>7}", "level", "ready", "marks", "cases", "draft");
    for (QuestionType t : kQuestionTypes) out += fmt::format("{:>18}", nameOf(t));
    out += "\n";
    auto levelRow = [&](std::string_view name, const LevelStats& ls) {
        out += fmt::format("{:<14}{:>6}{:>7}{:>7}{:>7}", name, ls.questions, marksText(ls.marks), ls.caseStudies, ls.drafts);
        for (QuestionType t : kQuestionTypes) out += fmt::format("{:>18}", ls.byType[index(t)]);
        out += "\n";
    };
    for (Level l : kLevels) levelRow(nameOf(l), s.levels[index(l)]);
    levelRow("all", s.total);

    out += fmt::format("\n{:<14}{:>8}{:>8}{:>8}   {:>10}{:>14}{:>12}{:>10}\n", "level", "diff 1", "diff 2", "diff 3",
                       "knowledge", "comprehension", "application", "analysis");
    for (Level l : kLevels) {
        const LevelStats& ls = s.levels[index(l)];
        out += fmt::format("{:<14}{:>8}{:>8}{:>8}   {:>10}{:>14}{:>12}{:>10}\n", nameOf(l), ls.byDifficulty[0],
                           ls.byDifficulty[1], ls.byDifficulty[2], ls.byCognitive[0], ls.byCognitive[1],
                           ls.byCognitive[2], ls.byCognitive[3]);
    }

    std::set<std::string> parts;
    for (const auto& [p, n] : s.total.byPart) parts.insert(p);
    out += fmt::format("\n{:<14}", "part");
    for (Level l : kLevels) out += fmt::format("{:>14}", nameOf(l));
    out += "\n";
    for (const auto& p : parts) {
        out += fmt::format("{:<14}", p == "other" ? "other" : "Part " + p);
        for (Level l : kLevels) {
            const auto& m = s.levels[index(l)].byPart;
            const auto it = m.find(p);
            out += fmt::format("{:>14}", it == m.end() ? 0 : it->second);
        }
        out += "\n";
    }

    out += fmt::format("\n{:<56}{:>12}{:>6}{:>6}{:>6}\n", "topic (primary)", "clause", "F", "P", "A");
    // Depth-first over the taxonomy so that groups read as a tree.
    std::map<std::string, std::vector<const Topic*>> children;
    for (const Topic* t : set.topics()) children[set.topic(t->parent) ? t->parent : ""].push_back(t);
    auto walk = [&](auto&& self, const std::string& parent, int depth) -> void {
        for (const Topic* t : children[parent]) {
            const TopicStats& ts = s.topics.at(t->id);
            std::string label = std::string(static_cast<std::size_t>(depth) * 2, ' ') + t->id;
            std::string clause = t->clause.empty() ? "" : (t->part.empty() ? "" : t->part + ":") + t->clause;
            out += fmt::format("{:<56}{:>12}{:>6}{:>6}{:>6}\n", label, clause, ts.byLevel[0], ts.byLevel[1], ts.byLevel[2]);
            self(self, t->id, depth + 1);
        }
    };
    walk(walk, "", 0);
    return out;
}

} // namespace examsim::core
