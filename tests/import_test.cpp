// GIFT and CSV import, GIFT export (issue 8): every construct of tests/data/gift and tests/data/csv,
// every error with its exact line, and the GIFT -> bank -> GIFT -> bank round trip.
#include "core/bank_set.hpp"
#include "core/bank_writer.hpp"
#include "core/gift.hpp"
#include "core/question_json.hpp"
#include "test_util.hpp"

#include <doctest/doctest.h>

using namespace examsim::core;
using examsim::test::readFile;
using examsim::test::run;
using examsim::test::shellQuote;
using examsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kCli = shellQuote(EXAMSIM_CLI_PATH);

fs::path data(const std::string& name) {
    return examsim::test::sourceDir() / "tests/data" / name;
}

std::vector<TopicName> shippedTopics() {
    static const BankSet set = BankSet::load({examsim::test::sourceDir() / "question-banks"});
    std::vector<TopicName> out;
    for (const Topic* t : set.topics()) out.push_back({t->id, t->title});
    return out;
}

ImportOptions options(const std::string& bankId) {
    ImportOptions o;
    o.bankId = bankId;
    o.topics = shippedTopics();
    return o;
}

std::vector<std::string> messages(const std::string& file, const ImportResult& r) {
    std::vector<std::string> out;
    for (const auto& m : r.messages) out.push_back(format(file, m));
    return out;
}

const Question& byId(const ImportResult& r, const std::string& id) {
    for (const auto& q : r.questions)
        if (q.id == id) return q;
    FAIL("no question " << id);
    return r.questions.front();
}

std::vector<std::string> texts(const std::vector<Choice>& list) {
    std::vector<std::string> out;
    for (const auto& c : list) out.push_back(c.text);
    return out;
}

Bank bankOf(const std::string& id, const ImportResult& r) {
    Bank b;
    b.info.id = id;
    b.info.title = "Round trip";
    b.info.version = "1.0";
    b.topics = r.newTopics;
    b.questions = r.questions;
    return b;
}

} // namespace

TEST_CASE("gift: every supported construct") {
    const std::string file = "all-constructs.gift";
    const ImportResult r = importGift(readFile(data("gift/all-constructs.gift")), options("gift-test"));
    CHECK(r.skipped == 0);
    REQUIRE(r.questions.size() == 12);
    CHECK(
        messages(file, r) ==
        std::vector<std::string>{
            R"(all-constructs.gift:28: note: the feedback for a wrong answer ("Think again: Part 2 is guidance.") has no place in the bank and is left out)",
            R"(all-constructs.gift:34: note: "Change enablement" matches no topic id or title; the bank defines topic "change-enablement" for it)",
            R"(all-constructs.gift:57: note: title "Not an id!" is not a free question id (letters, digits, '.', '_', '-'); the question is "gift-test-002")",
        });
    for (const auto& q : r.questions) {
        CHECK(q.status == Status::Draft);
        CHECK(q.level == Level::Foundation);
        CHECK(q.difficulty == 0);
        CHECK(q.references.empty());
    }

    const Question& single = byId(r, "GIFT-SINGLE");
    CHECK(single.type == QuestionType::Single);
    CHECK(single.topic == "op-incident"); // $CATEGORY naming a topic id
    CHECK(single.stem == "Which clause of ISO/IEC 20000-1:2018 covers incident management?");
    CHECK(texts(single.options) == std::vector<std::string>{"8.6.1", "8.6.2", "8.6.3", "8.5.1"});
    CHECK(single.keyIds == std::vector<std::string>{"a"});
    CHECK(single.options[0].rationale == "Right: incident management is 8.6.1.");
    CHECK(single.options[3].rationale == "No: that is change management.");
    CHECK(single.explanation == "Incident management is clause 8.6.1 of the 2018 edition.");

    const Question& multi = byId(r, "GIFT-MULTI");
    CHECK(multi.type == QuestionType::Multiple);
    CHECK(multi.stem ==
          "Which two are resolution and fulfilment processes?"); // lines joined, comment left out
    CHECK(multi.keyIds == std::vector<std::string>{"a", "b"});
    CHECK(multi.partialMarks);
    CHECK(multi.options[2].rationale == "Design, build and transition.");

    const Question& tfTrue = byId(r, "GIFT-TF-TRUE");
    CHECK(tfTrue.type == QuestionType::TrueFalse);
    CHECK(tfTrue.keyTrue);
    CHECK(tfTrue.topic == "op-problem"); // $CATEGORY path whose last part is a topic title
    CHECK(tfTrue.explanation == "Problem management finds and removes causes.");
    const Question& tfFalse = byId(r, "GIFT-TF-FALSE");
    CHECK_FALSE(tfFalse.keyTrue);
    CHECK(tfFalse.explanation == "Right: Part 2 gives guidance.");
    CHECK(byId(r, "GIFT-TF-LOWER").keyTrue);
    CHECK_FALSE(byId(r, "GIFT-TF-F").keyTrue);

    const Question& match = byId(r, "GIFT-MATCH");
    CHECK(match.type == QuestionType::Matching);
    CHECK(match.topic == "change-enablement");
    CHECK(texts(match.premises) == std::vector<std::string>{"Incident management",
                                                            "Service request management",
                                                            "Problem management"});
    CHECK(texts(match.options) == std::vector<std::string>{"8.6.1", "8.6.2", "8.6.3"});
    CHECK(match.keyPairs ==
          std::vector<std::pair<std::string, std::string>>{{"1", "a"}, {"2", "b"}, {"3", "c"}});
    CHECK(match.explanation == "Clause 8.6 holds the resolution and fulfilment processes.");
    REQUIRE(r.newTopics.size() == 1);
    CHECK(r.newTopics[0].id == "change-enablement");
    CHECK(r.newTopics[0].title == "Change enablement");

    const Question& esc = byId(r, "GIFT-ESCAPES");
    CHECK(esc.stem ==
          "Escapes: a {brace}, an = sign, a ~ tilde, a # hash and a \\ backslash;\nthen a new line?");
    CHECK(texts(esc.options) == std::vector<std::string>{"Yes = right", "No ~ wrong"});

    const Question& html = byId(r, "GIFT-HTML");
    CHECK(html.stem == "Which is NOT a clause-8 process & why?");
    CHECK(html.options[0].rationale == "Internal audit is clause 9.2.");
    CHECK(byId(r, "GIFT-MD").stem == "Which part is *guidance* on applying Part 1?");
    CHECK(byId(r, "gift-test-001").stem == "A question without a title has a generated id.");
    CHECK(byId(r, "gift-test-002").stem == "A title that is not an id keeps the generated id.");
}

TEST_CASE("gift: every unsupported type and malformed question is skipped with its line") {
    const ImportResult r = importGift(readFile(data("gift/errors.gift")), options("gift-err"));
    CHECK(
        messages("errors.gift", r) ==
        std::vector<std::string>{
            "errors.gift:3: skipped: essay questions ({}) are not supported",
            "errors.gift:5: skipped: numerical questions ({#...}) are not supported",
            "errors.gift:7: skipped: short-answer questions (every answer marked =) are not supported",
            "errors.gift:9: skipped: text after the answer block (a missing-word or cloze question) is not "
            "supported",
            "errors.gift:11: skipped: no answer block { }: descriptions (text without a question) are not "
            "supported",
            "errors.gift:13: skipped: the answer block opened with { is not closed with }",
            "errors.gift:17: skipped: the title is not closed: write ::title:: before the question text",
            "errors.gift:19: skipped: no answer is right: mark the right answer with = (or give right "
            "answers a positive %weight%)",
            "errors.gift:21: skipped: 2 answers are marked =: mark one right answer with =, or several with "
            "~%50% weights",
            R"(errors.gift:24: skipped: weight "%fifty%" is not a percentage from -100 to 100 between two %)",
            "errors.gift:30: skipped: the positive weights add up to 90%, not 100%",
            "errors.gift:35: skipped: an answer has no text",
            "errors.gift:39: skipped: every answer of a matching question must be =premise -> match",
            R"(errors.gift:42: skipped: an answer must start with = (right) or ~ (wrong); write \= or \~ for the characters)",
            R"(errors.gift:44: skipped: a { inside the answer block: write \{ for a literal brace)",
            "errors.gift:46: skipped: the question has no text before its answer block",
        });
    CHECK(r.skipped == 16);
    REQUIRE(r.questions.size() == 1);
    CHECK(r.questions[0].id == "LAST");
}

TEST_CASE("gift: more malformed input") {
    const auto one = [](const std::string& text) {
        const ImportResult r = importGift(text, options("x"));
        return messages("f", r);
    };
    CHECK(one("Q {=a ~b ~c ~d ~e ~f ~g ~h ~i}") ==
          std::vector<std::string>{"f:1: skipped: 9 answers: a question needs 2 to 8"});
    CHECK(one("Q {=only -> one}") ==
          std::vector<std::string>{"f:1: skipped: 1 pairs: a question needs 2 to 8"});
    CHECK(one("Q {=a -> x\n=b -> x}") ==
          std::vector<std::string>{"f:1: skipped: 1 different matches: a question needs 2 to 8"});
    CHECK(one("Q {=a -> \n=b -> y}") ==
          std::vector<std::string>{"f:1: skipped: a matching pair needs text on both sides of ->"});
    CHECK(one("Q {~%50%a ~%25%b ~c}") ==
          std::vector<std::string>{"f:1: skipped: the positive weights add up to 75%, not 100%"});
    CHECK(one("Q {~%50%a ~b ~c}") ==
          std::vector<std::string>{
              "f:1: skipped: the only right answer has weight 50%: a single right answer must have 100%"});
    CHECK(one("Q {~%150%a ~b}") ==
          std::vector<std::string>{
              R"(f:1: skipped: weight "%150%" is not a percentage from -100 to 100 between two %)"});
    CHECK(one("Q {~%50a ~b}") ==
          std::vector<std::string>{
              R"(f:1: skipped: weight "%50a" is not a percentage from -100 to 100 between two %)"});
    CHECK(one("Bad \xff byte {=a ~b}") ==
          std::vector<std::string>{"f:1: skipped: the text is not valid UTF-8 (save the file as UTF-8)"});
    CHECK(
        one("::dup::A {=a ~b}\n\n::dup::B {=a ~b}") ==
        std::vector<std::string>{
            R"(f:3: note: title "dup" is not a free question id (letters, digits, '.', '_', '-'); the question is "x-001")"});
    CHECK(one("").empty());
    CHECK(one("// only a comment\n\n\n").empty());
    // Windows line ends and a byte-order mark are read like plain LF files.
    const ImportResult crlf = importGift("\xEF\xBB\xBF::A::Stem\r\n{=a\r\n~b}\r\n", options("x"));
    REQUIRE(crlf.questions.size() == 1);
    CHECK(crlf.questions[0].stem == "Stem");
    CHECK(texts(crlf.questions[0].options) == std::vector<std::string>{"a", "b"});
}

TEST_CASE("gift: round trip GIFT to bank to GIFT to bank") {
    const ImportOptions first = options("gift-test");
    const ImportResult r1 = importGift(readFile(data("gift/all-constructs.gift")), first);
    const GiftExport g1 = exportGift(bankOf("gift-test", r1), first.topics);
    CHECK(g1.exported == 12);
    CHECK(g1.notes.empty());
    const ImportResult r2 = importGift(g1.text, first);
    REQUIRE(r2.messages.size() == 1); // the new topic, defined again
    CHECK(r2.messages[0].message == r1.messages[1].message);
    REQUIRE(r2.newTopics.size() == 1);
    CHECK(r2.newTopics[0].title == r1.newTopics[0].title);
    REQUIRE(r2.questions.size() == r1.questions.size());
    for (std::size_t i = 0; i < r1.questions.size(); ++i) {
        CAPTURE(r1.questions[i].id);
        CHECK(questionToCanonicalJson(r2.questions[i]) == questionToCanonicalJson(r1.questions[i]));
    }
    // And the GIFT written from the second bank is the GIFT written from the first.
    CHECK(exportGift(bankOf("gift-test", r2), first.topics).text == g1.text);
    CHECK(g1.text.find("::GIFT-MULTI::Which two are resolution and fulfilment processes? {\n\t~%50%Incident "
                       "management#One of the three.\n") != std::string::npos);
    CHECK(g1.text.find("\t~%-50%Change management#Design, build and transition.\n") != std::string::npos);
    CHECK(g1.text.find("::GIFT-TF-FALSE::Part 2 of ISO/IEC 20000 contains requirements. {FALSE####Right\\: "
                       "Part 2 gives guidance.}\n") != std::string::npos);
}

TEST_CASE("gift: export notes what GIFT cannot express") {
    const BankSet set = BankSet::load({examsim::test::sourceDir() / "question-banks"});
    const Bank* starter = nullptr;
    for (const auto& b : set.banks())
        if (b.info.id == "starter-all-types") starter = &b;
    REQUIRE(starter);
    const GiftExport g = exportGift(*starter);
    CHECK(g.exported == 8);
    CHECK(g.skipped == 4);
    CHECK(g.notes == std::vector<std::string>{
                         "STR-007: 1 unused option(s) of the matching question are left out",
                         "STR-008: 1 unused option(s) of the matching question are left out",
                         "STR-009: sequencing questions cannot be written in GIFT; skipped",
                         "STR-010: sequencing questions cannot be written in GIFT; skipped",
                         "STR-011: assertion_reason questions cannot be written in GIFT; skipped",
                         "STR-012: assertion_reason questions cannot be written in GIFT; skipped",
                     });
    // Three keys of a multiple-response question share 100 %.
    const BankSet practitioner = set;
    for (const auto& b : practitioner.banks())
        for (const auto& q : b.questions)
            if (q.type == QuestionType::Multiple && q.keyIds.size() == 3 && q.caseStudy.empty()) {
                Bank one = b;
                one.questions = {q};
                CHECK(exportGift(one).text.find("~%33.33333%") != std::string::npos);
                return;
            }
}

TEST_CASE("import-gift and export-gift: the bank files of a round trip are identical") {
    TempDir dir;
    const std::string banks = shellQuote((examsim::test::sourceDir() / "question-banks").string());
    const fs::path out1 = dir.path() / "one" / "gift-test.json";
    const auto r = run(kCli + " --banks " + banks + " import-gift " +
                       shellQuote(data("gift/all-constructs.gift").string()) +
                       " --bank gift-test --title 'GIFT test' --out " + shellQuote(out1.string()));
    CHECK(r.exitCode == 0);
    CHECK(r.output.find("imported 12 questions (12 drafts) into " + out1.string() +
                        "; 0 skipped; validation: 0 errors, 44 warnings") != std::string::npos);
    // The new bank loads with the shipped ones: drafts carry warnings, never errors.
    const BankSet set = BankSet::load({examsim::test::sourceDir() / "question-banks", out1.parent_path()});
    CHECK(set.counts().errors == 0);
    CHECK(set.files().back().loaded);

    const fs::path gift = dir.path() / "out.gift";
    const auto e = run(kCli + " --banks " + banks + " --banks " + shellQuote(out1.parent_path().string()) +
                       " export-gift --bank gift-test --out " + shellQuote(gift.string()));
    CHECK(e.exitCode == 0);
    CHECK(e.output == "exported 12 questions of bank gift-test to " + gift.string() + "; 0 skipped\n");

    CHECK(readFile(gift).find("\n$CATEGORY: Incident management\n") != std::string::npos);
    CHECK(readFile(gift).find("\n$CATEGORY: Change enablement\n") != std::string::npos);
    const fs::path out2 = dir.path() / "two" / "gift-test.json";
    const auto r2 = run(kCli + " --banks " + banks + " import-gift " + shellQuote(gift.string()) +
                        " --bank gift-test --title 'GIFT test' --out " + shellQuote(out2.string()));
    CHECK(r2.exitCode == 0);
    CHECK(readFile(out2) == readFile(out1));

    // Unknown bank, unreadable input, nothing importable, bad id.
    const auto none =
        run(kCli + " --banks " + banks + " export-gift --bank nope --out " + shellQuote(gift.string()));
    CHECK(none.exitCode == 1);
    CHECK(none.output.rfind(R"(no loaded bank has id "nope" (run examsim-cli validate; loaded: )", 0) == 0);
    const auto missing = run(kCli + " import-gift /no/such.gift --bank x --out " +
                             shellQuote((dir.path() / "x.json").string()));
    CHECK(missing.exitCode == 1);
    CHECK(missing.output == "/no/such.gift: cannot read the file\n");
    const fs::path essay = dir.write("essay.gift", "::E::Describe it. {}\n");
    const auto nothing = run(kCli + " import-gift " + shellQuote(essay.string()) + " --bank x --out " +
                             shellQuote((dir.path() / "x.json").string()));
    CHECK(nothing.exitCode == 1);
    CHECK(nothing.output ==
          essay.string() +
              ":1: skipped: essay questions ({}) are not supported\nno question could be imported from " +
              essay.string() + "; nothing written\n");
    CHECK_FALSE(fs::exists(dir.path() / "x.json"));
    const auto badId =
        run(kCli + " import-gift " + shellQuote(essay.string()) + " --bank 'a b' --out x.json");
    CHECK(badId.exitCode == 2);
    CHECK(badId.output.find(R"("a b" is not an id)") != std::string::npos);
}

TEST_CASE("csv: columns - quoting - line breaks in cells and a byte-order mark") {
    const ImportResult r = importCsv(readFile(data("csv/questions.csv")), options("csv-test"));
    CHECK(
        messages("q.csv", r) ==
        std::vector<std::string>{
            R"(q.csv:6: note: "Change enablement" matches no topic id or title; the bank defines topic "change-enablement" for it)"});
    REQUIRE(r.questions.size() == 4);
    const Question& a = r.questions[0];
    CHECK(a.id == "CSV-001");
    CHECK(a.status == Status::Ready);
    CHECK(a.type == QuestionType::Single);
    CHECK(texts(a.options) == std::vector<std::string>{"8.6.1", "8.6.2", "8.6.3", "8.5.1"});
    CHECK(a.keyIds == std::vector<std::string>{"a"});
    REQUIRE(a.references.size() == 1);
    CHECK(a.references[0].part == "1");
    CHECK(a.references[0].edition == 2018);
    CHECK(a.references[0].clause == "8.6.1");
    CHECK(a.difficulty == 1);
    const Question& b = r.questions[1];
    CHECK(b.stem == "Which two are resolution and fulfilment processes, by the 2018 edition?");
    CHECK(b.type == QuestionType::Multiple);
    CHECK(b.keyIds == std::vector<std::string>{"a", "b"});
    CHECK(b.topic == "op-problem"); // a topic title
    CHECK(b.references.size() == 2);
    CHECK(b.difficulty == 2);
    CHECK(b.cognitiveLevel == CognitiveLevel::Comprehension);
    CHECK(b.status == Status::Draft);
    const Question& c = r.questions[2];
    CHECK(c.stem == "An auditor writes \"objective evidence\".\nIt may span lines.");
    CHECK(c.type == QuestionType::TrueFalse);
    CHECK(c.keyTrue);
    CHECK(c.level == Level::Auditor);
    REQUIRE(c.references.size() == 1);
    CHECK(c.references[0].standard == "ISO 19011");
    CHECK(c.references[0].part.empty());
    CHECK(c.references[0].clause == "3.9");
    CHECK(c.difficulty == 0);
    const Question& d = r.questions[3];
    CHECK(d.id == "csv-test-001");
    CHECK(d.keyIds == std::vector<std::string>{"b"});
    CHECK(d.topic == "change-enablement");

    const ImportResult crlf = importCsv(readFile(data("csv/crlf.csv")), options("x"));
    REQUIRE(crlf.questions.size() == 1);
    CHECK(crlf.questions[0].stem == "Windows line ends");
    CHECK(crlf.questions[0].options[1].text == "Two");
}

TEST_CASE("csv: every error with its line") {
    const ImportResult r = importCsv(readFile(data("csv/errors.csv")), options("csv-err"));
    CHECK(
        messages("e.csv", r) ==
        std::vector<std::string>{
            R"(e.csv:1: note: column "colour" is not one of the columns read; it is ignored)",
            R"(e.csv:2: skipped: type "essay" is not single, multiple or truefalse)",
            "e.csv:3: skipped: the stem is empty",
            R"(e.csv:4: skipped: key letter "C" names no filled option column (A to F))",
            R"(e.csv:5: skipped: a single question has one key letter, not "AB")",
            R"(e.csv:6: skipped: a multiple question needs at least two key letters, not "A")",
            R"(e.csv:7: skipped: key "maybe" of a truefalse question must be true or false)",
            R"(e.csv:8: skipped: level "expert" is not foundation, practitioner or auditor)",
            R"(e.csv:9: skipped: difficulty "4" is not 1, 2 or 3)",
            R"(e.csv:10: skipped: cognitive_level "recall" is not knowledge, comprehension, application or analysis)",
            R"(e.csv:11: skipped: status "final" is not draft or ready)",
            R"(e.csv:12: skipped: reference "8.6.1" is not PART:EDITION CLAUSE (such as 1:2018 8.6.1) or STANDARD:EDITION CLAUSE)",
            "e.csv:13: skipped: the row has 7 cells, the header 13",
            R"(e.csv:14: skipped: a quote inside an unquoted cell: put the whole cell in quotes and write the quote as "")",
            R"(e.csv:15: skipped: text after the closing quote of a cell: write "" for a quote inside a quoted cell)",
            "e.csv:16: skipped: a question needs at least two options (columns A to F)",
            "e.csv:17: skipped: the key is empty: give the letter(s) of the right option(s)",
            "e.csv:20: skipped: the quoted cell that starts here is not closed; this row and the rest of the "
            "file are skipped",
        });
    CHECK(r.skipped == 17);
    REQUIRE(r.questions.size() == 1);
    CHECK(r.questions[0].id == "E-17");

    const auto one = [](const std::string& text) { return messages("f", importCsv(text, options("x"))); };
    CHECK(one("") == std::vector<std::string>{"f: skipped: the file is empty: it needs a header row"});
    CHECK(one("id,stem,key\n") ==
          std::vector<std::string>{
              R"(f:1: skipped: the header has no "type" column (required: type, stem, key))"});
    CHECK(one("type,stem,key,Stem\n") ==
          std::vector<std::string>{R"(f:1: skipped: column "stem" appears twice in the header)"});
    CHECK(one("type,stem,a,b,key\nsingle,Bad \xff,x,y,a\n") ==
          std::vector<std::string>{"f:2: skipped: the row is not valid UTF-8 (save the file as UTF-8)"});
    CHECK(one("type,stem,a,b,key,id\nsingle,S,x,y,a,bad id!\n") ==
          std::vector<std::string>{
              R"(f:2: note: id "bad id!" is not a free question id; the question is "x-001")"});
}

TEST_CASE("import-csv writes a bank that loads with the shipped banks") {
    TempDir dir;
    const std::string banks = shellQuote((examsim::test::sourceDir() / "question-banks").string());
    const fs::path out = dir.path() / "csv-test.json";
    const auto r =
        run(kCli + " --banks " + banks + " import-csv " + shellQuote(data("csv/questions.csv").string()) +
            " --bank csv-test --out " + shellQuote(out.string()));
    CHECK(r.exitCode == 0);
    CHECK(r.output.find("imported 4 questions (3 drafts) into " + out.string() +
                        "; 0 skipped; validation: 0 errors, 5 warnings") != std::string::npos);
    const BankSet set = BankSet::load({examsim::test::sourceDir() / "question-banks", out});
    CHECK(set.counts().errors == 0);
    REQUIRE(set.question("CSV-001"));
    CHECK(set.question("CSV-001")->status == Status::Ready);
    // A ready row missing what a ready question needs: the validator's error, exit 1 (the file is written to
    // be fixed).
    const fs::path bad =
        dir.write("bad.csv", "id,type,stem,a,b,key,status,topic\nB-1,single,S,x,y,a,ready,op-incident\n");
    const auto r2 = run(kCli + " --banks " + banks + " import-csv " + shellQuote(bad.string()) +
                        " --bank csv-bad --out " + shellQuote((dir.path() / "bad.json").string()));
    CHECK(r2.exitCode == 1);
    CHECK(r2.output.find((dir.path() / "bad.json").string() +
                         R"(:20:5: /questions/0: error: missing required field "explanation")") !=
          std::string::npos);
}
