// The bundled content meets the minimums and the writing rules (docs/writing-questions.md).
#include "core/bank_set.hpp"
#include "core/stats.hpp"
#include "core/text.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <map>
#include <regex>
#include <set>

using namespace examsim::core;

namespace {
const BankSet& shipped() {
    static const BankSet b = BankSet::load({examsim::test::sourceDir() / "question-banks"});
    return b;
}
} // namespace

TEST_CASE("minimum counts per level") {
    const Stats s = computeStats(shipped());
    CHECK(s.levels[index(Level::Foundation)].questions >= 240);
    CHECK(s.levels[index(Level::Auditor)].questions >= 160);
    CHECK(s.levels[index(Level::Practitioner)].questions >= 72);
    CHECK(s.levels[index(Level::Practitioner)].caseStudies >= 12);
    CHECK(s.total.drafts == 0);
}

TEST_CASE("every Practitioner case study is a complete 20-mark section of 5 to 8 mixed items") {
    std::map<std::string, std::vector<const Question*>> items;
    for (const auto& b : shipped().banks())
        for (const auto& q : b.questions)
            if (!q.caseStudy.empty()) items[q.caseStudy].push_back(&q);
    int practitionerCases = 0;
    for (const auto& b : shipped().banks())
        for (const auto& cs : b.caseStudies) {
            CAPTURE(cs.id);
            const auto& list = items[cs.id];
            double marks = 0;
            std::set<QuestionType> types;
            for (const Question* q : list) {
                marks += q->marks;
                types.insert(q->type);
                CHECK(q->level == Level::Practitioner);
                CHECK((q->cognitiveLevel == CognitiveLevel::Application || q->cognitiveLevel == CognitiveLevel::Analysis));
            }
            CHECK(list.size() >= 5);
            CHECK(list.size() <= 8);
            CHECK(marks == 20.0);
            CHECK(types.size() >= 3);
            CHECK_FALSE(cs.theme.empty());
            ++practitionerCases;
        }
    CHECK(practitionerCases >= 12);
}

TEST_CASE("every clause-8 topic has at least 4 Foundation questions") {
    const Stats s = computeStats(shipped());
    int clause8 = 0;
    for (const Topic* t : shipped().topics()) {
        if (t->clause.rfind("8.", 0) != 0 || t->clause.size() < 5) continue; // 8.1 and the 8.x.y processes
        if (t->clause == "8.2" || t->clause == "8.3" || t->clause == "8.4" || t->clause == "8.5" || t->clause == "8.6" || t->clause == "8.7") continue;
        ++clause8;
        CAPTURE(t->id);
        CHECK(s.topics.at(t->id).byLevel[index(Level::Foundation)] >= 4);
    }
    CHECK(clause8 == 21); // 8.2.1-8.2.6, 8.3.2-8.3.4, 8.4.1-8.4.3, 8.5.1-8.5.3, 8.6.1-8.6.3, 8.7.1-8.7.3
    CHECK(s.topics.at("op-planning-control").byLevel[index(Level::Foundation)] >= 4);
}

TEST_CASE("every top-level topic group is covered at Foundation") {
    const Stats s = computeStats(shipped());
    const auto& groups = s.levels[index(Level::Foundation)].byGroup;
    for (const char* g : {"series", "concepts", "sms", "operation", "edition-2011", "certification", "alignment"}) {
        CAPTURE(g);
        CHECK(groups.count(g) == 1);
        if (groups.count(g)) CHECK(groups.at(g) >= 10);
    }
}

TEST_CASE("the key's position is balanced: no position above 35 percent per level") {
    for (Level level : kLevels) {
        std::map<std::size_t, int> positions;
        int total = 0;
        for (const auto& b : shipped().banks())
            for (const auto& q : b.questions) {
                if (q.level != level || q.type != QuestionType::Single) continue;
                for (std::size_t i = 0; i < q.options.size(); ++i)
                    if (q.options[i].id == q.keyIds[0]) ++positions[i];
                ++total;
            }
        CAPTURE(nameOf(level));
        REQUIRE(total > 0);
        for (const auto& [pos, n] : positions) {
            CAPTURE(pos);
            CHECK(n * 100 <= total * 35);
        }
    }
}

TEST_CASE("writing rules: explanations - rationales - references - no all or none of the above") {
    const std::regex allNone(R"(\b(all|none|both) of the (above|options)\b)", std::regex::icase);
    const std::regex lowerNegative(R"(\b(which|what)( [a-z]+){0,4} (is|are|does|do|would|should|was) not\b)");
    std::set<std::string> stems;
    for (const auto& b : shipped().banks())
        for (const auto& q : b.questions) {
            CAPTURE(q.id);
            CHECK_FALSE(q.explanation.empty());
            CHECK_FALSE(q.references.empty());
            for (const auto& r : q.references) CHECK(r.edition > 0);
            CHECK_FALSE(std::regex_search(q.stem, lowerNegative)); // a negative stem says NOT in capitals
            if (q.type == QuestionType::Single || q.type == QuestionType::Multiple)
                for (const auto& o : q.options) {
                    CAPTURE(o.id);
                    CHECK_FALSE(o.rationale.empty());
                    CHECK_FALSE(std::regex_search(o.text, allNone));
                }
            CHECK(stems.insert(normalizedForComparison(q.stem)).second); // no duplicate stems
        }
}
