// The exam screen's keyboard logic and navigator, without a window.
#include "core/bank_set.hpp"
#include "core/exam_keyboard.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;

namespace {

// The fixture's six ready questions in file order, options as written: T-001 single (key a),
// T-002 multiple (a, b), T-003 true/false (true), T-004 matching (1->a, 2->b), T-005 sequencing
// (c b a), T-006 assertion-reason (b).
Paper paper() {
    static const BankSet banks = BankSet::load({examsim::test::sourceDir() / "tests/data/valid-bank.json"});
    Paper p;
    for (const char* id : {"T-001", "T-002", "T-003", "T-004", "T-005", "T-006"}) {
        PaperItem item;
        item.question = *banks.question(id);
        auto identity = [](std::size_t n) {
            std::vector<int> v;
            for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<int>(i));
            return v;
        };
        item.optionOrder = identity(item.question.options.size());
        item.premiseOrder = identity(item.question.premises.size());
        item.itemOrder = identity(item.question.items.size());
        p.items.push_back(item);
    }
    return p;
}

SessionConfig mode(Mode m) {
    SessionConfig c;
    c.mode = m;
    c.timeLimitMinutes = m == Mode::Exam ? 60 : 0;
    return c;
}

} // namespace

TEST_CASE("letters and digits choose options - arrows and Enter too") {
    FakeClock clock;
    ExamSession s(paper(), mode(Mode::Exam), clock);
    ExamKeyboard k(s);
    k.onChar('b');
    CHECK(s.state(0).answer.selected == std::vector<std::string>{"b"});
    k.onChar('1');
    CHECK(s.state(0).answer.selected == std::vector<std::string>{"a"});
    k.onKey(ExamKey::Down);
    k.onKey(ExamKey::Down);
    CHECK(k.highlight() == 2);
    k.onKey(ExamKey::Enter);
    CHECK(s.state(0).answer.selected == std::vector<std::string>{"c"});
    k.onChar('z'); // not an option: ignored
    CHECK(s.state(0).answer.selected == std::vector<std::string>{"c"});
    k.onKey(ExamKey::Flag);
    CHECK(s.state(0).flagged);
    k.onKey(ExamKey::Clear);
    CHECK(s.state(0).answer.empty());
    k.onKey(ExamKey::Right);
    CHECK(s.current() == 1);
    CHECK(k.highlight() == 0);
}

TEST_CASE("multiple response toggles and never takes more than N") {
    FakeClock clock;
    ExamSession s(paper(), mode(Mode::Exam), clock);
    ExamKeyboard k(s);
    k.onKey(ExamKey::Right);
    k.onChar('a');
    CHECK(s.state(1).answer.selected == std::vector<std::string>{"a"}); // exam mode keeps partial choices
    k.onChar('c');
    k.onChar('d'); // a third choice is refused: choose 2
    CHECK(s.state(1).answer.selected == std::vector<std::string>{"a", "c"});
    k.onChar('c'); // toggled off
    k.onChar('b');
    CHECK(s.state(1).answer.selected == std::vector<std::string>{"a", "b"});
}

TEST_CASE("true/false and assertion-reason by letter") {
    FakeClock clock;
    ExamSession s(paper(), mode(Mode::Exam), clock);
    ExamKeyboard k(s);
    s.go(2);
    k.questionChanged();
    k.onChar('B');
    CHECK(s.state(2).answer.selected == std::vector<std::string>{"false"});
    CHECK(k.rows() == 2);
    s.go(5);
    k.questionChanged();
    CHECK(k.rows() == 5);
    k.onChar('e');
    CHECK(s.state(5).answer.selected == std::vector<std::string>{"e"});
    k.onChar('f'); // beyond E
    CHECK(s.state(5).answer.selected == std::vector<std::string>{"e"});
}

TEST_CASE("matching: digits pick the statement - letters match it and move on") {
    FakeClock clock;
    ExamSession s(paper(), mode(Mode::Exam), clock);
    ExamKeyboard k(s);
    s.go(3);
    k.questionChanged();
    k.onChar('b'); // statement 1 -> b, highlight moves to statement 2
    CHECK(k.highlight() == 1);
    k.onChar('b');
    CHECK(s.state(3).answer.matches == std::vector<std::pair<std::string, std::string>>{{"1", "b"}, {"2", "b"}});
    k.onChar('1');
    CHECK(k.highlight() == 0);
    k.onChar('a');
    CHECK(s.state(3).answer.matches == std::vector<std::pair<std::string, std::string>>{{"1", "a"}, {"2", "b"}});
    CHECK(isCorrect(s.item(3).question, s.state(3).answer));
}

TEST_CASE("sequencing: letters build the order - the highlighted step moves up and down") {
    FakeClock clock;
    ExamSession s(paper(), mode(Mode::Exam), clock);
    ExamKeyboard k(s);
    s.go(4);
    k.questionChanged();
    k.onChar('a');
    k.onChar('b');
    k.onChar('a'); // already placed: ignored
    k.onChar('c');
    CHECK(s.state(4).answer.selected == std::vector<std::string>{"a", "b", "c"});
    k.onKey(ExamKey::MoveUp); // c up
    k.onKey(ExamKey::MoveUp);
    CHECK(s.state(4).answer.selected == std::vector<std::string>{"c", "a", "b"});
    k.onKey(ExamKey::Down);
    k.onKey(ExamKey::MoveDown); // a down
    CHECK(s.state(4).answer.selected == std::vector<std::string>{"c", "b", "a"});
    CHECK(isCorrect(s.item(4).question, s.state(4).answer));
}

TEST_CASE("study mode checks an answer only when it is complete and shows the feedback") {
    FakeClock clock;
    ExamSession s(paper(), mode(Mode::Study), clock);
    ExamKeyboard k(s);
    k.onChar('a');
    REQUIRE(k.feedback());
    CHECK(k.feedback()->correct);
    k.onChar('b'); // locked after checking
    CHECK(s.state(0).answer.selected == std::vector<std::string>{"a"});
    k.onKey(ExamKey::Right);
    CHECK_FALSE(k.feedback());
    k.onChar('a');
    CHECK(s.state(1).answer.empty()); // one of two: not checked yet
    CHECK(k.draft().selected == std::vector<std::string>{"a"});
    k.onChar('c');
    REQUIRE(k.feedback());
    CHECK_FALSE(k.feedback()->correct);
    CHECK(s.state(1).checked);
}

TEST_CASE("the navigator marks current - answered and flagged questions") {
    FakeClock clock;
    ExamSession s(paper(), mode(Mode::Exam), clock);
    ExamKeyboard k(s);
    k.onChar('a');
    k.onKey(ExamKey::Right);
    k.onKey(ExamKey::Flag);
    const auto cells = navigatorCells(s);
    REQUIRE(cells.size() == 6);
    CHECK(cells[0].answered);
    CHECK_FALSE(cells[0].current);
    CHECK(cells[1].current);
    CHECK(cells[1].flagged);
    CHECK_FALSE(cells[1].answered);
    CHECK_FALSE(cells[5].answered);
    s.submit();
    k.onChar('b'); // ignored once submitted
    CHECK(s.state(1).answer.empty());
}
