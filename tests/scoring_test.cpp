// Scoring tables for every item type, and paper results: pass marks, breakdowns, credits.
#include "core/answer_input.hpp"
#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/scoring.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;

namespace {

const BankSet& fixture() {
    static const BankSet b = BankSet::load({examsim::test::sourceDir() / "tests/data/valid-bank.json"});
    return b;
}
const Question& q(const char* id) { return *fixture().question(id); }
Answer sel(std::vector<std::string> s) { return Answer{std::move(s), {}}; }
Answer pairs(std::vector<std::pair<std::string, std::string>> m) { return Answer{{}, std::move(m)}; }

} // namespace

TEST_CASE("single, true/false and assertion-reason: all or nothing") {
    CHECK(scoreAnswer(q("T-001"), sel({"a"})) == 1);
    CHECK(scoreAnswer(q("T-001"), sel({"b"})) == 0);
    CHECK(scoreAnswer(q("T-001"), sel({})) == 0);
    CHECK(scoreAnswer(q("T-001"), sel({"a", "b"})) == 0);
    CHECK(scoreAnswer(q("T-003"), sel({"true"})) == 1);
    CHECK(scoreAnswer(q("T-003"), sel({"false"})) == 0);
    CHECK(scoreAnswer(q("T-006"), sel({"b"})) == 1);
    CHECK(scoreAnswer(q("T-006"), sel({"a"})) == 0);
}

TEST_CASE("multiple response: all or nothing, or partial as right minus wrong") {
    Question all = q("T-002");
    all.partialMarks = false;
    CHECK(scoreAnswer(all, sel({"a", "b"})) == 2);
    CHECK(scoreAnswer(all, sel({"b", "a"})) == 2);
    CHECK(scoreAnswer(all, sel({"a"})) == 0);
    CHECK(scoreAnswer(all, sel({"a", "c"})) == 0);
    const Question& partial = q("T-002"); // 2 marks, keys a and b, partial
    CHECK(scoreAnswer(partial, sel({"a", "b"})) == 2);
    CHECK(scoreAnswer(partial, sel({"a"})) == 1);
    CHECK(scoreAnswer(partial, sel({"a", "c"})) == 0);
    CHECK(scoreAnswer(partial, sel({"a", "b", "c"})) == 1);
    CHECK(scoreAnswer(partial, sel({"c", "d"})) == 0);
    CHECK_FALSE(isCorrect(partial, sel({"a"})));
}

TEST_CASE("matching: per correct pair when partial") {
    const Question& m = q("T-004"); // 4 marks, 1->a, 2->b, partial
    CHECK(scoreAnswer(m, pairs({{"1", "a"}, {"2", "b"}})) == 4);
    CHECK(scoreAnswer(m, pairs({{"1", "a"}, {"2", "c"}})) == 2);
    CHECK(scoreAnswer(m, pairs({{"1", "a"}})) == 2);
    CHECK(scoreAnswer(m, pairs({{"1", "b"}, {"2", "a"}})) == 0);
    Question all = m;
    all.partialMarks = false;
    CHECK(scoreAnswer(all, pairs({{"1", "a"}, {"2", "c"}})) == 0);
    CHECK(scoreAnswer(all, pairs({{"2", "b"}, {"1", "a"}})) == 4);
}

TEST_CASE("sequencing: per item in its correct position when partial") {
    Question s = q("T-005"); // key c b a, 1 mark, all or nothing
    CHECK(scoreAnswer(s, sel({"c", "b", "a"})) == 1);
    CHECK(scoreAnswer(s, sel({"c", "a", "b"})) == 0);
    s.partialMarks = true;
    s.marks = 3;
    CHECK(scoreAnswer(s, sel({"c", "a", "b"})) == 1);
    CHECK(scoreAnswer(s, sel({"a", "b", "c"})) == 1);
    CHECK(scoreAnswer(s, sel({"b", "a", "c"})) == 0);
    CHECK(scoreAnswer(s, sel({"c", "b", "a"})) == 3);
}

TEST_CASE("the key earns full marks for every type") {
    for (const auto& b : fixture().banks())
        for (const auto& question : b.questions)
            if (question.status == Status::Ready) {
                CAPTURE(question.id);
                CHECK(scoreAnswer(question, keyAnswer(question)) == question.marks);
            }
}

TEST_CASE("paper results: pass mark compared on marks, breakdowns, credits") {
    Paper paper;
    for (int i = 0; i < 40; ++i) {
        PaperItem item;
        item.question = q("T-001");
        item.question.id = "Q" + std::to_string(i);
        item.question.topic = i < 20 ? "inc" : "chg";
        item.group = "grp";
        item.part = "1";
        paper.items.push_back(item);
    }
    auto answers = [](int right) {
        std::vector<Answer> a(40);
        for (int i = 0; i < 40; ++i) a[static_cast<std::size_t>(i)] = Answer{{i < right ? "a" : "b"}, {}};
        return a;
    };
    const ScoringRules foundation{65, 1.0};
    const Result pass = scorePaper(paper, answers(26), {}, foundation, 1234);
    CHECK(pass.raw == 26);
    CHECK(pass.max == 40);
    CHECK(pass.percent == 65.0);
    CHECK(pass.passed);
    CHECK(pass.credits == 1.0);
    CHECK(pass.timeUsedMs == 1234);
    CHECK(pass.answered == 40);
    const Result fail = scorePaper(paper, answers(25), {}, foundation, 0);
    CHECK_FALSE(fail.passed);
    CHECK(fail.credits == 0);
    REQUIRE(pass.byTopic.size() == 2);
    CHECK(pass.byTopic[0].key == "inc");
    CHECK(pass.byTopic[0].earned == 20);
    CHECK(pass.byTopic[1].earned == 6);
    CHECK(pass.byTopic[1].percent() == 30.0);
    REQUIRE(pass.byGroup.size() == 1);
    CHECK(pass.byGroup[0].correct == 26);
    REQUIRE(pass.byPart.size() == 1);
    CHECK(pass.byPart[0].key == "1");
    const Result none = scorePaper(paper, {}, {}, foundation, 0);
    CHECK(none.answered == 0);
    CHECK(none.raw == 0);
}

TEST_CASE("typed answers map display letters to option ids") {
    PaperItem item;
    item.question = q("T-001");
    item.optionOrder = {2, 0, 3, 1}; // shown: A=c, B=a, C=d, D=b
    CHECK(std::get<Answer>(parseAnswerText(item, "B")).selected == std::vector<std::string>{"a"});
    CHECK(std::get<InputError>(parseAnswerText(item, "e")).message == "'e' is not an option: use A to D");
    CHECK(std::get<InputError>(parseAnswerText(item, "a,b")).message == "choose exactly one option");
    CHECK(answerText(item, sel({"a"})) == "B");

    PaperItem multi;
    multi.question = q("T-002");
    multi.optionOrder = {0, 1, 2, 3};
    CHECK(std::get<Answer>(parseAnswerText(multi, "a,c")).selected == std::vector<std::string>{"a", "c"});
    CHECK(std::get<Answer>(parseAnswerText(multi, "a c")).selected == std::vector<std::string>{"a", "c"});
    CHECK(std::get<InputError>(parseAnswerText(multi, "a")).message == "choose exactly 2 options");
    CHECK(std::get<InputError>(parseAnswerText(multi, "a,a")).message == "'a' is given twice");

    PaperItem tf;
    tf.question = q("T-003");
    CHECK(std::get<Answer>(parseAnswerText(tf, "t")).selected == std::vector<std::string>{"true"});
    CHECK(std::get<Answer>(parseAnswerText(tf, "False")).selected == std::vector<std::string>{"false"});
    CHECK(answerText(tf, sel({"true"})) == "True");

    PaperItem match;
    match.question = q("T-004");
    match.premiseOrder = {1, 0};    // 1 = premise "2", 2 = premise "1"
    match.optionOrder = {2, 1, 0};  // A = c, B = b, C = a
    const Answer m = std::get<Answer>(parseAnswerText(match, "2c 1b"));
    CHECK(m.matches == std::vector<std::pair<std::string, std::string>>{{"2", "b"}, {"1", "a"}});
    CHECK(scoreAnswer(match.question, m) == 4);
    CHECK(answerText(match, m) == "1B 2C");
    CHECK(std::get<InputError>(parseAnswerText(match, "3a")).message == "there is no statement 3: use 1 to 2");
    CHECK(std::get<InputError>(parseAnswerText(match, "1a 1b")).message == "statement 1 is matched twice");

    PaperItem seq;
    seq.question = q("T-005");
    seq.itemOrder = {1, 2, 0}; // A = b, B = c, C = a
    const Answer s = std::get<Answer>(parseAnswerText(seq, "b a c"));
    CHECK(s.selected == std::vector<std::string>{"c", "b", "a"});
    CHECK(std::get<Answer>(parseAnswerText(seq, "bac")).selected == s.selected);
    CHECK(answerText(seq, s) == "B A C");
    CHECK(std::get<InputError>(parseAnswerText(seq, "b a")).message.rfind("give all 3 letters in order", 0) == 0);

    PaperItem ar;
    ar.question = q("T-006");
    CHECK(std::get<Answer>(parseAnswerText(ar, "E")).selected == std::vector<std::string>{"e"});
    CHECK(std::get<InputError>(parseAnswerText(ar, "f")).message == "choose one of A to E");
}
