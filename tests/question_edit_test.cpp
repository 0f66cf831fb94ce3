// Issue 8: the Editor's edits of matching and sequencing keys, options and premises (core/question_edit):
// the key follows every add, remove, move and rename, and what comes out validates.
#include "core/bank_writer.hpp"
#include "core/question_edit.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;
using examsim::test::TempDir;

namespace {

Question matching() {
    Question q;
    q.type = QuestionType::Matching;
    q.premises = {{"1", "Premise one", ""}, {"2", "Premise two", ""}, {"3", "Premise three", ""}};
    q.options = {{"a", "Option a", ""}, {"b", "Option b", ""}, {"c", "Option c", ""}};
    q.keyPairs = {{"1", "b"}, {"2", "a"}, {"3", "b"}};
    return q;
}

Question sequencing() {
    Question q;
    q.type = QuestionType::Sequencing;
    q.items = {{"a", "First", ""}, {"b", "Second", ""}, {"c", "Third", ""}};
    q.keyIds = {"c", "a", "b"};
    return q;
}

using Pairs = std::vector<std::pair<std::string, std::string>>;
using Ids = std::vector<std::string>;

std::string ids(const std::vector<Choice>& list) {
    std::string out;
    for (const auto& c : list) out += c.id + " ";
    return out;
}

bool hasErrors(const std::vector<Diagnostic>& ds) {
    return std::any_of(ds.begin(), ds.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

// A bank whose topic `topic` has a child, and whose questions use case study `cs` and `topic` (Q1), `topic`
// as a secondary topic (Q2) or neither (Q4).
Bank bankUsing(const std::string& cs, const std::string& topic) {
    Bank bank;
    bank.topics = {{topic, "Topic", "", 0, "", "", ""}, {"t-child", "Child", "", 0, "", topic, ""}};
    Question q1;
    q1.id = "Q1";
    q1.caseStudy = cs;
    q1.topic = topic;
    Question q2;
    q2.id = "Q2";
    q2.topic = "other";
    q2.secondaryTopics = {"x", topic};
    Question q4;
    q4.id = "Q4";
    bank.questions = {q1, q2, q4};
    return bank;
}

// A copy of a shipped bank in `dir`, opened for editing.
std::unique_ptr<BankDocument> openShippedCopy(const TempDir& dir, const std::string& name) {
    const auto file =
        dir.write(name, examsim::test::readFile(examsim::test::sourceDir() / "question-banks" / name));
    auto opened = BankDocument::open(file);
    REQUIRE(opened.document);
    return std::move(opened.document);
}

} // namespace

TEST_CASE("question edit: fresh ids are numbers for premises and letters for options and items") {
    Question q = matching();
    CHECK(freshChoiceId(q, ChoiceList::Premises) == "4");
    CHECK(freshChoiceId(q, ChoiceList::Options) == "d");
    q.premises[0].id = "7";
    CHECK(freshChoiceId(q, ChoiceList::Premises) == "1");
    Question many;
    for (char c = 'a'; c <= 'z'; ++c) many.items.push_back({std::string(1, c), "", ""});
    CHECK(freshChoiceId(many, ChoiceList::Items) == "a2");
}

TEST_CASE("question edit: matching premises and options added and removed keep the key consistent") {
    Question q = matching();
    REQUIRE(addChoice(q, ChoiceList::Premises));
    CHECK(ids(q.premises) == "1 2 3 4 ");
    CHECK(q.keyPairs == Pairs{{"1", "b"}, {"2", "a"}, {"3", "b"}}); // the new premise waits for a match
    CHECK(matchOf(q, "4").empty());
    matchPremise(q, "4", "c");
    CHECK(q.keyPairs == Pairs{{"1", "b"}, {"2", "a"}, {"3", "b"}, {"4", "c"}});
    matchPremise(q, "2", "c"); // re-matched, still in premise order
    CHECK(q.keyPairs == Pairs{{"1", "b"}, {"2", "c"}, {"3", "b"}, {"4", "c"}});
    matchPremise(q, "2", ""); // unmatched
    CHECK(q.keyPairs == Pairs{{"1", "b"}, {"3", "b"}, {"4", "c"}});

    removeChoice(q, ChoiceList::Options, 1); // "b": premises 1 and 3 lose their match
    CHECK(ids(q.options) == "a c ");
    CHECK(q.keyPairs == Pairs{{"4", "c"}});
    removeChoice(q, ChoiceList::Premises, 3); // "4"
    CHECK(ids(q.premises) == "1 2 3 ");
    CHECK(q.keyPairs.empty());
    CHECK(q.keyIds.empty()); // matching never keys by ids

    removeChoice(q, ChoiceList::Premises, 9); // out of range: nothing happens
    CHECK(ids(q.premises) == "1 2 3 ");
}

TEST_CASE("question edit: at most eight entries") {
    Question q = matching();
    while (q.options.size() < kMaxChoices) REQUIRE(addChoice(q, ChoiceList::Options));
    CHECK_FALSE(addChoice(q, ChoiceList::Options));
    CHECK(q.options.size() == kMaxChoices);
}

TEST_CASE(
    "question edit: moving premises keeps the matches in premise order - moving options changes no key") {
    Question q = matching();
    REQUIRE(moveChoice(q, ChoiceList::Premises, 0, +1));
    CHECK(ids(q.premises) == "2 1 3 ");
    CHECK(q.keyPairs == Pairs{{"2", "a"}, {"1", "b"}, {"3", "b"}});
    CHECK_FALSE(moveChoice(q, ChoiceList::Premises, 0, -1));
    CHECK_FALSE(moveChoice(q, ChoiceList::Premises, 2, +1));
    REQUIRE(moveChoice(q, ChoiceList::Options, 2, -1));
    CHECK(ids(q.options) == "a c b ");
    CHECK(q.keyPairs == Pairs{{"2", "a"}, {"1", "b"}, {"3", "b"}});
}

TEST_CASE("question edit: renaming renames in the key and refuses clashes and non-ids") {
    Question q = matching();
    REQUIRE(renameChoice(q, ChoiceList::Options, 1, "x"));
    CHECK(q.keyPairs == Pairs{{"1", "x"}, {"2", "a"}, {"3", "x"}});
    REQUIRE(renameChoice(q, ChoiceList::Premises, 0, "p1"));
    CHECK(q.keyPairs == Pairs{{"p1", "x"}, {"2", "a"}, {"3", "x"}});
    CHECK_FALSE(renameChoice(q, ChoiceList::Options, 0, "x"));   // taken
    CHECK_FALSE(renameChoice(q, ChoiceList::Options, 0, ""));    // not an id
    CHECK_FALSE(renameChoice(q, ChoiceList::Options, 0, "a b")); // not an id
    CHECK(ids(q.options) == "a x c ");
    CHECK(renameChoice(q, ChoiceList::Options, 0, "a")); // the same id: fine, nothing changes

    Question s = sequencing();
    REQUIRE(renameChoice(s, ChoiceList::Items, 2, "z"));
    CHECK(s.keyIds == Ids{"z", "a", "b"});
    Question m;
    m.type = QuestionType::Multiple;
    m.options = {{"a", "A", ""}, {"b", "B", ""}, {"c", "C", ""}};
    m.keyIds = {"a", "c"};
    REQUIRE(renameChoice(m, ChoiceList::Options, 2, "d"));
    CHECK(m.keyIds == Ids{"a", "d"});
    removeChoice(m, ChoiceList::Options, 0);
    CHECK(m.keyIds == Ids{"d"});
}

TEST_CASE("question edit: sequencing items added - removed and moved, the key lists every item once") {
    Question q = sequencing();
    REQUIRE(addChoice(q, ChoiceList::Items));
    CHECK(ids(q.items) == "a b c d ");
    CHECK(q.keyIds == Ids{"c", "a", "b", "d"});
    REQUIRE(moveInKey(q, 3, -1));
    CHECK(q.keyIds == Ids{"c", "a", "d", "b"});
    CHECK_FALSE(moveInKey(q, 0, -1));
    CHECK_FALSE(moveInKey(q, 3, +1));
    CHECK_FALSE(moveInKey(q, 7, -1));
    removeChoice(q, ChoiceList::Items, 0); // "a"
    CHECK(q.keyIds == Ids{"c", "d", "b"});
    REQUIRE(moveChoice(q, ChoiceList::Items, 0, +1)); // the order learners see, not the key
    CHECK(ids(q.items) == "c b d ");
    CHECK(q.keyIds == Ids{"c", "d", "b"});
}

TEST_CASE("question edit: an item put at a place of the correct order") {
    Question q = sequencing(); // c a b
    CHECK(placeInKey(q, "c") == 0);
    CHECK(placeInKey(q, "b") == 2);
    CHECK(placeInKey(q, "x") == std::string::npos);
    setPlaceInKey(q, "b", 0);
    CHECK(q.keyIds == Ids{"b", "c", "a"});
    setPlaceInKey(q, "b", 2);
    CHECK(q.keyIds == Ids{"c", "a", "b"});
    setPlaceInKey(q, "c", 9); // past the end: last
    CHECK(q.keyIds == Ids{"a", "b", "c"});
    q.keyIds = {"a", "b"}; // a key that left "c" out gets it back
    setPlaceInKey(q, "c", 1);
    CHECK(q.keyIds == Ids{"a", "c", "b"});
}

TEST_CASE("question edit: edits of the starter bank's matching and sequencing questions validate") {
    TempDir dir;
    const auto opened = openShippedCopy(dir, "starter-all-types.json");
    auto& doc = *opened;
    REQUIRE_FALSE(hasErrors(doc.validate()));
    for (std::size_t i = 0; i < doc.bank().questions.size(); ++i) {
        Question q = doc.bank().questions[i];
        CAPTURE(q.id);
        if (q.type == QuestionType::Matching) {
            removeChoice(q, ChoiceList::Premises, 0);
            REQUIRE(addChoice(q, ChoiceList::Options));
            q.options.back().text = "An option nobody had before";
            REQUIRE(addChoice(q, ChoiceList::Premises));
            q.premises.back().text = "A new premise";
            doc.setQuestion(i, q);
            CHECK(hasErrors(doc.validate())); // the new premise has no match yet
            matchPremise(q, q.premises.back().id, q.options.back().id);
            REQUIRE(renameChoice(q, ChoiceList::Options, 0, "z"));
        } else if (q.type == QuestionType::Sequencing) {
            removeChoice(q, ChoiceList::Items, 1);
            REQUIRE(addChoice(q, ChoiceList::Items));
            q.items.back().text = "A step added at the end";
            REQUIRE(moveInKey(q, q.keyIds.size() - 1, -1));
            REQUIRE(renameChoice(q, ChoiceList::Items, 0, "first"));
        } else {
            continue;
        }
        doc.setQuestion(i, q);
        const auto findings = doc.validate();
        for (const auto& d : findings) CAPTURE(format(d));
        CHECK_FALSE(hasErrors(findings));
        CHECK(doc.bank().questions[i].keyPairs == q.keyPairs);
        CHECK(doc.bank().questions[i].keyIds == q.keyIds);
    }
}

TEST_CASE("question edit: users of a case study and of a topic - in this bank and in others") {
    Bank bank = bankUsing("cs-1", "t-new");
    bank.info.id = "mine";
    Bank other;
    other.info.id = "theirs";
    Question q3;
    q3.id = "Q3";
    q3.caseStudy = "cs-1";
    other.questions = {q3};
    Bank stale = bank; // the loaded copy of the bank being edited: skipped
    stale.questions[1].caseStudy = "cs-1";
    CHECK(usersOfCaseStudy(bank, {other, stale}, "cs-1") == Ids{"Q1", "Q3"});
    CHECK(usersOfCaseStudy(bank, {other}, "cs-2").empty());
    CHECK(usersOfTopic(bank, {other}, "t-new") == Ids{"Q1", "Q2", "t-child"});
    CHECK(usersOfTopic(bank, {other}, "t-child").empty());
}

TEST_CASE("question edit: a renamed case study or topic is renamed where this bank names it") {
    const Bank bank = bankUsing("cs-old", "t-old");
    const RenamedUses cs = caseStudyRenamed(bank, "cs-old", "cs-new");
    REQUIRE(cs.questions.size() == 1);
    CHECK(cs.questions[0].first == 0);
    CHECK(cs.questions[0].second.caseStudy == "cs-new");
    CHECK(cs.questions[0].second.topic == "t-old"); // nothing else changes
    CHECK(cs.topics.empty());

    const RenamedUses t = topicRenamed(bank, "t-old", "t-new");
    REQUIRE(t.questions.size() == 2);
    CHECK(t.questions[0].second.topic == "t-new");
    CHECK(t.questions[1].first == 1);
    CHECK(t.questions[1].second.topic == "other");
    CHECK(t.questions[1].second.secondaryTopics == Ids{"x", "t-new"});
    REQUIRE(t.topics.size() == 1);
    CHECK(t.topics[0].first == 1);
    CHECK(t.topics[0].second.parent == "t-new");
    CHECK(topicRenamed(bank, "unused", "t-new").questions.empty());
}

TEST_CASE("question edit: a case study renamed in a shipped bank - its questions follow and it validates") {
    TempDir dir;
    const auto opened = openShippedCopy(dir, "practitioner-cases-a.json");
    auto& doc = *opened;
    // With the shipped banks (the copy overrides its original), so that references are checked.
    const std::vector<std::filesystem::path> banks{examsim::test::sourceDir() / "question-banks", dir.path()};
    REQUIRE_FALSE(hasErrors(doc.validate(banks)));
    CaseStudy cs = doc.bank().caseStudies.at(0);
    const std::string old = cs.id;
    cs.id = old + "-renamed";
    doc.setCaseStudy(0, cs);
    CHECK(hasErrors(doc.validate(banks))); // its questions name a case study that is gone
    const RenamedUses uses = caseStudyRenamed(doc.bank(), old, cs.id);
    REQUIRE_FALSE(uses.questions.empty());
    for (const auto& [i, q] : uses.questions) doc.setQuestion(i, q);
    CHECK_FALSE(hasErrors(doc.validate(banks)));
    CHECK(usersOfCaseStudy(doc.bank(), {}, old).empty());
    CHECK(usersOfCaseStudy(doc.bank(), {}, cs.id).size() == uses.questions.size());
}

TEST_CASE("question edit: fresh ids for new topics and case studies") {
    CHECK(freshEntryId({}, "cs-new") == "cs-new");
    CHECK(freshEntryId({"cs-new"}, "cs-new") == "cs-new-2");
    CHECK(freshEntryId({"cs-new", "cs-new-2"}, "cs-new-2") == "cs-new-3");
    CHECK(freshEntryId({"2018"}, "2018") == "2018-2");
}
