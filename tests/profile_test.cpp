// Exam profiles: the shipped file, and every error a trainer can make in one.
#include "core/bank_set.hpp"
#include "core/profile.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

using namespace examsim::core;
using examsim::test::TempDir;
using nlohmann::json;

namespace {
json fixture() { return json::parse(examsim::test::readFile(examsim::test::sourceDir() / "tests/data/exams-fixture.json")); }

std::vector<std::string> problems(const json& j, const std::function<bool(const std::string&)>& known = {}) {
    TempDir dir;
    const auto p = dir.write("exams.json", j.dump(2));
    std::vector<std::string> out;
    for (const auto& d : loadProfiles(p, known).diagnostics) out.push_back(d.pointer + ": " + d.message);
    return out;
}
} // namespace

TEST_CASE("the shipped profiles load and match the published formats") {
    const auto dir = examsim::test::sourceDir() / "question-banks";
    const auto banks = BankSet::load({dir});
    const auto set = loadProfilesFrom({dir}, banks);
    for (const auto& d : set.diagnostics) CHECK_MESSAGE(false, format(d));
    const ExamProfile* f = set.find("foundation");
    REQUIRE(f);
    CHECK(f->questions == 40);
    CHECK(f->timeLimitMinutes == 60);
    CHECK(f->passMarkPercent == 65);
    CHECK(f->credits == 1.0);
    CHECK_FALSE(f->openBook);
    CHECK_FALSE(f->practiceFormat);
    CHECK(f->types == std::vector<QuestionType>{QuestionType::Single});
    const ExamProfile* p = set.find("practitioner");
    REQUIRE(p);
    CHECK(p->caseStudies == 4);
    CHECK(p->marksPerCaseStudy == 20);
    CHECK(p->timeLimitMinutes == 150);
    CHECK(p->passMarkPercent == 50);
    CHECK(p->openBook);
    CHECK(p->practiceFormat);
    CHECK(p->credits == 1.5);
    const ExamProfile* a = set.find("auditor");
    REQUIRE(a);
    CHECK(a->questions == 40);
    CHECK(a->timeLimitMinutes == 120);
    CHECK(a->passMarkPercent == 50);
    CHECK(a->credits == 1.0);
    const ExamProfile* b = set.find("foundation-bridge");
    REQUIRE(b);
    CHECK(b->questions == 20);
    CHECK(b->timeLimitMinutes == 30);
    CHECK(b->passMarkPercent == 65);
    CHECK(b->credits == 0);
    const ExamProfile* q = set.find("quick-quiz");
    REQUIRE(q);
    CHECK(q->questions == 10);
    for (const auto& prof : set.profiles) CHECK(prof.edition == 2018);
}

TEST_CASE("profile errors name the profile and field") {
    CHECK(problems(fixture()).empty());
    {
        json j = fixture();
        j["profiles"][0]["blueprint"][0]["count"] = 2;
        CHECK(problems(j) == std::vector<std::string>{"/profiles/0/blueprint: the blueprint adds up to 2 questions, but the profile has 3"});
    }
    {
        json j = fixture();
        j["profiles"][0]["levels"] = json::array({"expert"});
        CHECK(problems(j) == std::vector<std::string>{R"(/profiles/0/levels/0: a level must be "foundation", "practitioner" or "auditor", not "expert")"});
    }
    {
        json j = fixture();
        j["profiles"][0]["case_studies"] = 2;
        j["profiles"][0]["marks_per_case_study"] = 20;
        CHECK(problems(j).at(0) == R"(/profiles/0: a profile needs either "questions" or "case_studies" (not both))");
    }
    {
        json j = fixture();
        j["profiles"][0]["pass_mark_percent"] = 0;
        CHECK(problems(j) == std::vector<std::string>{R"(/profiles/0/pass_mark_percent: "pass_mark_percent" must be above 0 and at most 100, not 0)"});
    }
    {
        json j = fixture();
        j["profiles"].push_back(j["profiles"][0]);
        CHECK(problems(j) == std::vector<std::string>{R"(/profiles/1/id: duplicate profile id "mini")"});
    }
    {
        json j = fixture();
        CHECK(problems(j, [](const std::string& t) { return t == "chg"; }) ==
              std::vector<std::string>{R"(/profiles/0/blueprint/0/topics/0: unknown topic "inc")"});
    }
    {
        json j = fixture();
        j["format"] = "examsim-bank";
        CHECK(problems(j) == std::vector<std::string>{R"(/format: "format" must be "examsim-exams", not "examsim-bank")"});
    }
    {
        json j = fixture();
        j["profiles"][0].erase("time_limit_minutes");
        j["profiles"][0]["time_limt_minutes"] = 5;
        const auto p = problems(j);
        REQUIRE(p.size() == 2);
        CHECK(p[0] == R"(/profiles/0/time_limt_minutes: unknown field "time_limt_minutes" (did you mean "time_limit_minutes"?))");
        CHECK(p[1] == R"(/profiles/0: missing required field "time_limit_minutes")");
    }
}
