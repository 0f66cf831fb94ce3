// Coverage statistics, text and JSON.
#include "core/bank_set.hpp"
#include "core/stats.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace examsim::core;

TEST_CASE("stats count ready questions by level - type - topic - part - difficulty; drafts apart") {
    const auto set = BankSet::load({examsim::test::sourceDir() / "tests/data/valid-bank.json"});
    const Stats s = computeStats(set);
    CHECK(s.banks == 1);
    CHECK(s.total.questions == 6);
    CHECK(s.total.drafts == 1);
    const LevelStats& f = s.levels[index(Level::Foundation)];
    CHECK(f.questions == 3);
    CHECK(f.marks == 4.0);
    CHECK(f.byType[index(QuestionType::Single)] == 1);
    CHECK(f.byType[index(QuestionType::Multiple)] == 1);
    CHECK(f.byType[index(QuestionType::TrueFalse)] == 1);
    CHECK(f.byDifficulty[0] == 2);
    CHECK(f.byDifficulty[1] == 1);
    const LevelStats& p = s.levels[index(Level::Practitioner)];
    CHECK(p.questions == 3);
    CHECK(p.caseStudies == 1);
    CHECK(p.marks == 6.0);
    CHECK(p.byCognitive[index(CognitiveLevel::Analysis)] == 1);
    CHECK(s.levels[index(Level::Auditor)].drafts == 1);
    CHECK(s.topics.at("inc").questions == 5);
    CHECK(s.topics.at("inc").byLevel[index(Level::Practitioner)] == 2);
    CHECK(s.topics.at("chg").questions == 1);
    CHECK(s.topics.at("chg").secondary == 1);
    CHECK(s.topics.at("grp").questions == 0);
    CHECK(f.byPart.at("1") == 3);
    CHECK(f.byGroup.at("grp") == 3);

    const auto j = nlohmann::json::parse(statsJson(s, set));
    CHECK(j["levels"]["foundation"]["questions"] == 3);
    CHECK(j["levels"]["practitioner"]["case_studies"] == 1);
    CHECK(j["levels"]["auditor"]["drafts"] == 1);
    CHECK(j["levels"]["foundation"]["types"]["true_false"] == 1);
    CHECK(j["levels"]["foundation"]["difficulty"]["1"] == 2);
    CHECK(j["topics"]["inc"]["questions"] == 5);
    CHECK(j["topics"]["inc"]["clause"] == "8.6.1");
    CHECK(j["topics"]["inc"]["group"] == "grp");
    CHECK(j["topics"]["grp"]["parent"].is_null());
    CHECK(j["total"]["questions"] == 6);

    const std::string text = statsText(s, set);
    CHECK(text.find("1 banks, 6 ready questions (10 marks), 1 drafts, 1 case studies") == 0);
    CHECK(text.find("  inc ") != std::string::npos);
}
