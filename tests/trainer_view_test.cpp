// Issue 8: the Trainer table's sorting and the Editor's question filter (core/trainer_view).
#include "core/trainer_view.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;

namespace {

QuestionStats stats(std::string id, int attempts, double facility, std::optional<double> disc, int flags) {
    QuestionStats s;
    s.questionId = std::move(id);
    s.attempts = attempts;
    s.facility = facility;
    s.discrimination = disc;
    s.flags.assign(static_cast<std::size_t>(flags), "flag");
    return s;
}

std::string order(const std::vector<ItemRow>& rows) {
    std::string out;
    for (const auto& r : rows) out += r.stats->questionId;
    return out;
}

} // namespace

TEST_CASE("trainer view: item rows sort by any column both ways with missing figures last") {
    const std::vector<QuestionStats> all{stats("B", 10, 0.5, 20.0, 0), stats("A", 3, 0.9, std::nullopt, 2),
                                         stats("C", 7, 0.1, -5.0, 1)};
    std::vector<ItemRow> rows{{&all[0], "t2"}, {&all[1], "t3"}, {&all[2], "t1"}};
    sortItemRows(rows, ItemColumn::Question, false);
    CHECK(order(rows) == "ABC");
    sortItemRows(rows, ItemColumn::Question, true);
    CHECK(order(rows) == "CBA");
    sortItemRows(rows, ItemColumn::Topic, false);
    CHECK(order(rows) == "CBA");
    sortItemRows(rows, ItemColumn::Facility, false);
    CHECK(order(rows) == "CBA");
    sortItemRows(rows, ItemColumn::Attempts, true);
    CHECK(order(rows) == "BCA");
    // A has no discrimination index (too few attempts): last in both directions.
    sortItemRows(rows, ItemColumn::Discrimination, false);
    CHECK(order(rows) == "CBA");
    sortItemRows(rows, ItemColumn::Discrimination, true);
    CHECK(order(rows) == "BCA");
    sortItemRows(rows, ItemColumn::Flags, true);
    CHECK(order(rows) == "ACB");
}

TEST_CASE("trainer view: the question filter matches text in any case and level and type and findings") {
    Question q;
    q.id = "F-SLM-003";
    q.level = Level::Foundation;
    q.type = QuestionType::Multiple;
    q.stem = "Which activities belong to service level management?";
    q.options = {{"a", "Agree SLAs", ""}, {"b", "Patch servers", ""}};
    QuestionFilter f;
    CHECK(matches(q, f));
    f.text = "patch SERVERS";
    CHECK(matches(q, f));
    f.text = "slm-003";
    CHECK(matches(q, f));
    f.text = "capacity";
    CHECK_FALSE(matches(q, f));
    f.text.clear();
    f.level = Level::Auditor;
    CHECK_FALSE(matches(q, f));
    f.level = Level::Foundation;
    f.type = QuestionType::Single;
    CHECK_FALSE(matches(q, f));
    f.type = QuestionType::Multiple;
    f.withFindingsOnly = true;
    CHECK_FALSE(matches(q, f));
    f.withFindings.insert("F-SLM-003");
    CHECK(matches(q, f));
}

TEST_CASE("trainer view: new question ids follow the numbering of the bank") {
    Bank b;
    for (const char* id : {"AUD-CSM-001", "AUD-CSM-007", "AUD-CSM-040", "AUD-EVF-099", "loose"}) {
        Question q;
        q.id = id;
        b.questions.push_back(q);
    }
    CHECK(nextQuestionId(b, "AUD-CSM-007") == "AUD-CSM-041");
    CHECK(nextQuestionId(b, "AUD-EVF-001") == "AUD-EVF-100");
    CHECK(nextQuestionId(b, "NEW-1") == "NEW-1");
    CHECK(nextQuestionId(b, "loose") == "loose-2");
    CHECK(nextQuestionId(b, "fresh") == "fresh");
}
