// Sessions with a fake clock: navigation, flags, review summary, study feedback, time warnings,
// time-out submission, extra time, suspend and resume, time per question.
#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/session.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;

namespace {

Paper fixturePaper() {
    static const BankSet banks = BankSet::load({examsim::test::sourceDir() / "tests/data/valid-bank.json"});
    Paper p;
    for (const char* id : {"T-001", "T-002", "T-003"}) {
        PaperItem item;
        item.question = *banks.question(id);
        item.group = "grp";
        item.optionOrder = {0, 1, 2, 3};
        p.items.push_back(item);
    }
    return p;
}

SessionConfig exam(int minutes) {
    SessionConfig c;
    c.mode = Mode::Exam;
    c.timeLimitMinutes = minutes;
    c.passMarkPercent = 65;
    c.creditsIfPassed = 1.0;
    return c;
}

constexpr std::int64_t kMinute = 60'000;

} // namespace

TEST_CASE("exam mode: answers change freely, no feedback, summary counts") {
    FakeClock clock;
    ExamSession s(fixturePaper(), exam(60), clock);
    CHECK(s.size() == 3);
    CHECK_FALSE(s.answer(Answer{{"b"}, {}}).has_value()); // no feedback in exam mode
    CHECK(s.answer(Answer{{"a"}, {}}) == std::nullopt);
    CHECK(s.state(0).changes == 1);
    s.next();
    s.toggleFlag();
    s.next();
    s.answer(Answer{{"true"}, {}});
    s.previous();
    CHECK(s.current() == 1);
    const auto sum = s.summary();
    CHECK(sum.answered == std::vector<std::size_t>{0, 2});
    CHECK(sum.unanswered == std::vector<std::size_t>{1});
    CHECK(sum.flagged == std::vector<std::size_t>{1});
    const Result& r = s.submit();
    CHECK(s.status() == SessionStatus::Submitted);
    CHECK(r.raw == 2);
    CHECK(r.max == 4);
    CHECK_FALSE(r.passed);
    s.answer(Answer{{"a", "b"}, {}}); // ignored after submission
    CHECK(s.state(1).answer.empty());
}

TEST_CASE("warnings at 10 and 5 minutes, then automatic submission at time-out") {
    FakeClock clock;
    ExamSession s(fixturePaper(), exam(60), clock);
    s.answer(Answer{{"a"}, {}});
    clock.advance(49 * kMinute);
    CHECK(s.update().empty());
    CHECK(*s.remainingMs() == 11 * kMinute);
    clock.advance(1 * kMinute);
    CHECK(s.update() == std::vector<TimeWarning>{TimeWarning::TenMinutesLeft});
    CHECK(s.update().empty()); // once only
    clock.advance(5 * kMinute);
    CHECK(s.update() == std::vector<TimeWarning>{TimeWarning::FiveMinutesLeft});
    clock.advance(5 * kMinute - 1);
    CHECK(s.update().empty());
    CHECK_FALSE(s.finished());
    clock.advance(1);
    CHECK(s.update() == std::vector<TimeWarning>{TimeWarning::TimeUp});
    CHECK(s.status() == SessionStatus::TimedOut);
    CHECK(s.result().timeUsedMs == 60 * kMinute);
    CHECK(s.result().raw == 1); // the answer given before time-out counts
    clock.advance(10 * kMinute);
    CHECK(s.update().empty());
    CHECK(s.result().timeUsedMs == 60 * kMinute);
}

TEST_CASE("a long gap passes both warnings at once and submits") {
    FakeClock clock;
    ExamSession s(fixturePaper(), exam(60), clock);
    clock.advance(61 * kMinute);
    CHECK(s.update() == std::vector<TimeWarning>{TimeWarning::TimeUp});
    CHECK(s.finished());
}

TEST_CASE("a short exam has no 10-minute warning") {
    FakeClock clock;
    ExamSession s(fixturePaper(), exam(10), clock);
    clock.advance(5 * kMinute);
    CHECK(s.update() == std::vector<TimeWarning>{TimeWarning::FiveMinutesLeft});
}

TEST_CASE("submitting after time ran out counts as timed out") {
    FakeClock clock;
    ExamSession s(fixturePaper(), exam(30), clock);
    clock.advance(31 * kMinute);
    s.submit();
    CHECK(s.status() == SessionStatus::TimedOut);
}

TEST_CASE("extra time scales the limit") {
    FakeClock clock;
    SessionConfig c = exam(60);
    c.extraTimePercent = 25;
    ExamSession s(fixturePaper(), c, clock);
    CHECK(*s.timeLimitMs() == 75 * kMinute);
    clock.advance(70 * kMinute);
    CHECK(s.update() == std::vector<TimeWarning>{TimeWarning::TenMinutesLeft, TimeWarning::FiveMinutesLeft});
    CHECK_FALSE(s.finished());
}

TEST_CASE("suspended time does not count; resume keeps the remaining time") {
    FakeClock clock;
    ExamSession s(fixturePaper(), exam(60), clock);
    clock.advance(10 * kMinute);
    s.suspend();
    clock.advance(120 * kMinute); // the app is closed
    CHECK(s.update().empty());
    CHECK(*s.remainingMs() == 50 * kMinute);
    s.resume();
    clock.advance(5 * kMinute);
    CHECK(s.elapsedMs() == 15 * kMinute);
}

TEST_CASE("restore brings back answers, flags, position and time used") {
    FakeClock clock;
    ExamSession s(fixturePaper(), exam(60), clock);
    std::vector<ItemState> states(3);
    states[1].answer = Answer{{"a", "b"}, {}};
    states[2].flagged = true;
    s.restore(states, 55 * kMinute, 2);
    CHECK(s.current() == 2);
    CHECK(*s.remainingMs() == 5 * kMinute);
    CHECK(s.update().empty()); // warnings already past are not repeated
    CHECK(s.summary().answered == std::vector<std::size_t>{1});
    CHECK(s.summary().flagged == std::vector<std::size_t>{2});
}

TEST_CASE("time spent is recorded per question") {
    FakeClock clock;
    ExamSession s(fixturePaper(), exam(60), clock);
    clock.advance(30'000);
    s.next();
    clock.advance(10'000);
    s.previous();
    clock.advance(5'000);
    s.go(2);
    clock.advance(1'000);
    const Result& r = s.submit();
    CHECK(r.items[0].timeMs == 35'000);
    CHECK(r.items[1].timeMs == 10'000);
    CHECK(r.items[2].timeMs == 1'000);
    CHECK(r.timeUsedMs == 46'000);
}

TEST_CASE("study mode: feedback at once, answer locked, untimed, no credits") {
    FakeClock clock;
    SessionConfig c;
    c.mode = Mode::Study;
    c.passMarkPercent = 65;
    c.creditsIfPassed = 1.0;
    ExamSession s(fixturePaper(), c, clock);
    CHECK_FALSE(s.timeLimitMs());
    const auto f = s.answer(Answer{{"b"}, {}});
    REQUIRE(f);
    CHECK_FALSE(f->correct);
    CHECK(f->key.selected == std::vector<std::string>{"a"});
    CHECK_FALSE(s.answer(Answer{{"a"}, {}})); // locked
    CHECK(s.state(0).answer.selected == std::vector<std::string>{"b"});
    s.next();
    const auto partial = s.answer(Answer{{"a", "c"}, {}});
    REQUIRE(partial);
    CHECK(partial->earned == 0);
    s.next();
    CHECK(s.answer(Answer{{"true"}, {}})->correct);
    clock.advance(500 * kMinute);
    CHECK(s.update().empty());
    const Result& r = s.submit();
    CHECK(r.raw == 1);
    CHECK(r.credits == 0);
}
