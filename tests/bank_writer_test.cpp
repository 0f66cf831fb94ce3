// The bank writer (issue 8): byte-identical round trips, one-line diffs for one-field edits, editing
// every kind of entry, validation with the validator's messages, atomic saves with a backup, and user
// banks overriding shipped banks of the same id.
#include "core/bank_set.hpp"
#include "core/bank_writer.hpp"
#include "core/paths.hpp"
#include "test_util.hpp"

#include <algorithm>
#include <cstdlib>
#include <doctest/doctest.h>
#include <set>
#include <sstream>

using namespace examsim::core;
using examsim::test::readFile;
using examsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

fs::path validBank() {
    return examsim::test::sourceDir() / "tests/data/valid-bank.json";
}

std::vector<fs::path> roundTripFiles() {
    std::vector<fs::path> files{validBank()};
    for (const auto& e : fs::directory_iterator(examsim::test::sourceDir() / "question-banks"))
        if (e.path().extension() == ".json" && e.path().filename() != "exams.json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string> splitLines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// Lines of `after` that differ from `before`, for texts of equal line count; -1 when the counts differ.
int changedLines(const std::string& before, const std::string& after) {
    const auto a = splitLines(before), b = splitLines(after);
    if (a.size() != b.size()) return -1;
    int n = 0;
    for (std::size_t i = 0; i < a.size(); ++i) n += a[i] != b[i];
    return n;
}

std::unique_ptr<BankDocument> openCopy(const TempDir& dir, const fs::path& from,
                                       const std::string& name = "bank.json") {
    const fs::path p = dir.write(name, readFile(from));
    auto r = BankDocument::open(p);
    REQUIRE(r.document != nullptr);
    return std::move(r.document);
}

std::vector<std::string> formatted(const std::vector<Diagnostic>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) out.push_back(format(d));
    return out;
}

struct ScopedEnv {
    std::string name;
    std::string old;
    bool had;
    ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) {
        const char* v = std::getenv(name.c_str());
        had = v != nullptr;
        if (had) old = v;
        setenv(name.c_str(), value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (had)
            setenv(name.c_str(), old.c_str(), 1);
        else
            unsetenv(name.c_str());
    }
};

} // namespace

TEST_CASE("writer: every shipped bank and the fixture come back byte for byte") {
    int files = 0;
    for (const auto& file : roundTripFiles()) {
        CAPTURE(file);
        TempDir dir;
        auto doc = openCopy(dir, file);
        const std::string original = readFile(file);
        CHECK(doc->text() == original);
        CHECK_FALSE(doc->modified());
        // Write every entry back from the model: nothing may change, not even spacing or field order.
        const Bank bank = doc->bank();
        doc->setInfo(bank.info);
        for (std::size_t i = 0; i < bank.topics.size(); ++i) doc->setTopic(i, bank.topics[i]);
        for (std::size_t i = 0; i < bank.caseStudies.size(); ++i) doc->setCaseStudy(i, bank.caseStudies[i]);
        for (std::size_t i = 0; i < bank.questions.size(); ++i) doc->setQuestion(i, bank.questions[i]);
        CHECK(doc->text() == original);
        const SaveResult saved = doc->save();
        REQUIRE(saved.ok);
        CHECK(readFile(doc->path()) == original);
        CHECK(readFile(saved.backup) == original);
        ++files;
    }
    CHECK(files == 16);
}

TEST_CASE("writer: a one-field edit changes exactly one line") {
    TempDir dir;
    // The fixture packs several fields on a line; the shipped banks have one field per line.
    for (const auto& file :
         {validBank(), examsim::test::sourceDir() / "question-banks/foundation-sms.json"}) {
        CAPTURE(file);
        auto doc = openCopy(dir, file, fs::path(file).filename().string());
        const std::string before = doc->text();
        Question q = doc->bank().questions[0];
        q.stem = "An edited stem with ünïcödé – kept as UTF-8?";
        doc->setQuestion(0, q);
        CHECK(doc->modified());
        CHECK(changedLines(before, doc->text()) == 1);
        CHECK(doc->text().find("ünïcödé – kept") != std::string::npos);
        CHECK(doc->bank().questions[0].stem == q.stem);

        const std::string mid = doc->text();
        q.options[1].rationale = "A new rationale.";
        doc->setQuestion(0, q);
        CHECK(changedLines(mid, doc->text()) == 1);
        CHECK(doc->validate().size() ==
              0u + (file == validBank() ? 1u : 0u)); // the fixture's own draft warning
    }
}

TEST_CASE("writer: the exact text of edits in the fixture") {
    TempDir dir;
    auto doc = openCopy(dir, validBank());
    Question q = doc->bank().questions[0]; // T-001
    q.marks = 2;
    q.tags = {"new"};
    doc->setQuestion(0, q);
    const std::string t = doc->text();
    // New fields go to their canonical place, formatted like their neighbours.
    CHECK(
        t.find("\"id\": \"T-001\", \"status\": \"ready\", \"level\": \"foundation\", \"type\": \"single\",\n"
               "      \"marks\": 2,\n      \"stem\"") != std::string::npos);
    CHECK(t.find("\"cognitive_level\": \"knowledge\",\n      \"tags\": [\"new\"]\n    },") !=
          std::string::npos);
    // Clearing them restores the original.
    q.marks = 1;
    q.tags.clear();
    doc->setQuestion(0, q);
    CHECK(doc->text() == readFile(validBank()));
}

TEST_CASE("writer: add - duplicate and delete questions") {
    TempDir dir;
    auto doc = openCopy(dir, validBank());
    const std::string before = doc->text();
    const std::size_t count = doc->bank().questions.size();

    const std::size_t copy = doc->duplicateQuestion(1, "T-002-copy");
    CHECK(copy == 2);
    REQUIRE(doc->bank().questions.size() == count + 1);
    CHECK(doc->bank().questions[2].id == "T-002-copy");
    CHECK(doc->bank().questions[2].stem == doc->bank().questions[1].stem);
    // Only lines were added: every original line is still there, in order.
    const auto a = splitLines(before), b = splitLines(doc->text());
    std::size_t i = 0;
    for (const auto& line : b)
        if (i < a.size() && line == a[i]) ++i;
    CHECK(i == a.size());

    doc->deleteQuestion(2);
    CHECK(doc->text() == before);

    Question fresh = doc->bank().questions[0];
    fresh.id = "T-NEW";
    fresh.stem = "A brand new question?";
    const std::size_t added = doc->addQuestion(fresh);
    CHECK(added == count);
    CHECK(doc->bank().questions.back().id == "T-NEW");
    CHECK(formatted(doc->validate()).size() == 1); // still only the fixture's draft warning
    doc->deleteQuestion(added);
    CHECK(doc->text() == before);

    doc->insertQuestion(0, fresh);
    CHECK(doc->bank().questions[0].id == "T-NEW");
    CHECK(doc->bank().questions[1].id == "T-001");
}

TEST_CASE("writer: a file with CRLF line ends and a byte-order mark keeps them") {
    TempDir dir;
    std::string crlf = "\xEF\xBB\xBF";
    for (const auto& line : splitLines(readFile(validBank()))) crlf += line + "\r\n";
    const fs::path p = dir.write("crlf.json", crlf);
    auto doc = BankDocument::open(p).document;
    REQUIRE(doc);
    CHECK(doc->text() == crlf);
    Question q = doc->bank().questions[0];
    q.stem = "Edited?";
    q.tags = {"one", "two"};
    doc->setQuestion(0, q);
    Topic t;
    t.id = "prb";
    t.title = "Problem management";
    doc->addTopic(t);
    const std::string text = doc->text();
    CHECK(text.find("\"stem\": \"Edited?\",\r\n") != std::string::npos);
    CHECK(text.find(",\r\n      \"tags\": [\"one\", \"two\"]\r\n    },") != std::string::npos);
    CHECK(text.find(",\r\n    {\"id\": \"prb\", \"title\": \"Problem management\"}\r\n  ],") !=
          std::string::npos);
    std::size_t bare = 0;
    for (std::size_t i = 0; i < text.size(); ++i) bare += text[i] == '\n' && (i == 0 || text[i - 1] != '\r');
    CHECK(bare == 0);
    CHECK(text.rfind("\xEF\xBB\xBF{", 0) == 0);
}

TEST_CASE("writer: topics - case studies and bank metadata") {
    TempDir dir;
    auto doc = openCopy(dir, validBank());
    const std::string before = doc->text();
    Topic t;
    t.id = "prb";
    t.title = "Problem management";
    t.part = "1";
    t.edition = 2018;
    t.clause = "8.6.3";
    t.parent = "grp";
    doc->addTopic(t);
    CHECK(
        doc->text().find(
            R"({"id": "prb", "title": "Problem management", "part": "1", "edition": 2018, "clause": "8.6.3", "parent": "grp"})") !=
        std::string::npos);
    doc->deleteTopic(doc->bank().topics.size() - 1);
    CHECK(doc->text() == before);

    CaseStudy cs = doc->bank().caseStudies[0];
    cs.text = "A bank runs two service desks.";
    doc->setCaseStudy(0, cs);
    CHECK(changedLines(before, doc->text()) == 1);
    CHECK(doc->bank().caseStudies[0].text == cs.text);

    BankInfo info = doc->bank().info;
    info.version = "1.1.0";
    doc->setInfo(info);
    CHECK(changedLines(before, doc->text()) == 2);
    CHECK(doc->bank().info.version == "1.1.0");
}

TEST_CASE("writer: the first topic or case study of a bank without that list keeps the rest of the bank") {
    TempDir dir;
    // The starter bank has neither topics nor case studies.
    auto doc = openCopy(dir, examsim::test::sourceDir() / "question-banks/starter-all-types.json");
    const std::size_t questions = doc->bank().questions.size();
    REQUIRE(questions > 0);
    REQUIRE(doc->bank().topics.empty());
    REQUIRE(doc->bank().caseStudies.empty());
    CaseStudy cs;
    cs.id = "starter-case";
    cs.title = "A new case study";
    cs.text = "A provider runs two service desks.";
    CHECK(doc->addCaseStudy(cs) == 0);
    Topic t;
    t.id = "starter-topic";
    t.title = "A new topic";
    CHECK(doc->addTopic(t) == 0);
    CHECK(doc->bank().questions.size() == questions);
    CHECK(doc->bank().info.id == "starter-all-types");
    CHECK(doc->bank().caseStudies.size() == 1);
    CHECK(doc->bank().topics.size() == 1);
    // In the canonical order: bank, topics, case studies, questions.
    const std::string text = doc->text();
    CHECK(text.find("\"bank\"") < text.find("\"topics\""));
    CHECK(text.find("\"topics\"") < text.find("\"case_studies\""));
    CHECK(text.find("\"case_studies\"") < text.find("\"questions\""));
    CHECK(count(doc->validate()).errors == 0);
}

TEST_CASE("writer: every item type edited through the model") {
    TempDir dir;
    auto doc = openCopy(dir, examsim::test::sourceDir() / "question-banks/starter-all-types.json");
    const std::string original = doc->text();
    std::set<QuestionType> seen;
    for (std::size_t i = 0; i < doc->bank().questions.size(); ++i) {
        Question q = doc->bank().questions[i];
        seen.insert(q.type);
        const std::string before = doc->text();
        switch (q.type) {
        case QuestionType::TrueFalse:
            q.keyTrue = !q.keyTrue;
            break;
        case QuestionType::Matching:
            std::swap(q.keyPairs[0].second, q.keyPairs[1].second);
            break;
        case QuestionType::Sequencing:
            std::swap(q.keyIds[0], q.keyIds[1]);
            break;
        case QuestionType::AssertionReason:
            q.reason += " (edited)";
            break;
        case QuestionType::Single:
        case QuestionType::Multiple:
            q.options[0].text += " (edited)";
            break;
        }
        doc->setQuestion(i, q);
        const int changed = changedLines(before, doc->text());
        CAPTURE(q.id);
        CHECK(changed == (q.type == QuestionType::Matching || q.type == QuestionType::Sequencing ? 2 : 1));
        const Question& back = doc->bank().questions[i];
        CHECK(back.keyTrue == q.keyTrue);
        CHECK(back.keyIds == q.keyIds);
        CHECK(back.keyPairs == q.keyPairs);
        CHECK(back.reason == q.reason);
    }
    CHECK(seen.size() == 6);
    CHECK(doc->text() != original);
}

TEST_CASE("writer: validation gives the validator's messages on the text to be saved") {
    TempDir dir;
    auto doc = openCopy(dir, validBank());
    Question q = doc->bank().questions[0];
    q.keyIds = {"z"};
    doc->setQuestion(0, q);
    const auto found = formatted(doc->validate());
    REQUIRE(found.size() == 2);
    CHECK(found[0] ==
          doc->path().string() +
              R"(:31:14: /questions/0/key: error: key "z" names no option (options: a, b, c, d))");
    // The same file on disk gives the same finding from the validator.
    REQUIRE(doc->save().ok);
    const auto set = BankSet::load({doc->path()});
    CHECK(format(set.diagnostics()[0]) == found[0]);
}

TEST_CASE("writer: validation with other banks knows their topics") {
    TempDir shipped, user;
    shipped.write("a.json", readFile(validBank()));
    const fs::path path = user.path() / "mine.json";
    Bank bank;
    bank.info.id = "mine";
    bank.info.title = "Mine";
    bank.info.version = "1.0";
    bank.info.language = "en";
    bank.info.license = "CC-BY-4.0";
    bank.info.authors = {"Me"};
    bank.info.standardName = "ISO/IEC 20000";
    bank.info.standardPart = "1";
    bank.info.standardEdition = 2018;
    Question q;
    q.id = "M-1";
    q.type = QuestionType::TrueFalse;
    q.stem = "Incident management is clause 8.6.1.";
    q.keyTrue = true;
    q.explanation = "It is.";
    q.references = {Reference{"ISO/IEC 20000", "1", 2018, "8.6.1", ""}};
    q.topic = "inc";
    bank.questions.push_back(q);
    auto doc = BankDocument::create(path, bank);
    CHECK(doc->modified());
    CHECK(formatted(doc->validate()) ==
          std::vector<std::string>{}); // alone: topics are checked only across banks
    CHECK(formatted(doc->validate({shipped.path()})).empty());
    q.topic = "incc";
    doc->setQuestion(0, q);
    const auto found = formatted(doc->validate({shipped.path()}));
    REQUIRE(found.size() == 1);
    CHECK(found[0] ==
          path.string() + R"(:35:16: /questions/0/topic: error: unknown topic "incc" (did you mean "inc"?))");
    CHECK(doc->text().rfind("{\n  \"format\": \"examsim-bank\",\n  \"format_version\": 1,\n  \"bank\": {\n   "
                            " \"id\": \"mine\",",
                            0) == 0);
}

TEST_CASE("writer: validation with the folder the bank is in uses the unsaved text") {
    TempDir dir;
    dir.write("a.json", readFile(validBank()));
    auto doc = BankDocument::open(dir.path() / "a.json").document;
    REQUIRE(doc);
    Question q = doc->bank().questions[0];
    q.keyIds = {"z"};
    doc->setQuestion(0, q);
    // The folder named another way (with "..") still holds the same file: no duplicate ids with itself.
    const fs::path roundabout = dir.path() / ".." / dir.path().filename();
    const auto found = formatted(doc->validate({roundabout}));
    REQUIRE(found.size() == 2);
    CHECK(found[0] == doc->path().string() + R"(:31:14: /questions/0/key: error: key "z" names no option (options: a, b, c, d))");
}

TEST_CASE("writer: saves are atomic and keep a backup") {
    TempDir dir;
    auto doc = openCopy(dir, validBank());
    const std::string v1 = doc->text();
    Question q = doc->bank().questions[0];
    q.stem = "Version two?";
    doc->setQuestion(0, q);
    const SaveResult r = doc->save();
    REQUIRE(r.ok);
    CHECK(r.backup == dir.path() / "bank.json.bak");
    CHECK(readFile(r.backup) == v1);
    CHECK(readFile(dir.path() / "bank.json") == doc->text());
    CHECK_FALSE(doc->modified());
    // No temporary file is left behind.
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
    CHECK(entries == 2);
    // An edit after the save is again a one-line diff against the saved text.
    const std::string v2 = doc->text();
    q.stem = "Version three?";
    doc->setQuestion(0, q);
    CHECK(changedLines(v2, doc->text()) == 1);

    // A folder that cannot exist: the error names the file and the reason.
    dir.write("plain-file", "x");
    doc->setPath(dir.path() / "plain-file" / "bank.json");
    const SaveResult bad = doc->save();
    CHECK_FALSE(bad.ok);
    CHECK(bad.error == (dir.path() / "plain-file" / "bank.json").string() +
                           ": cannot create a temporary file in the folder: Not a directory");
}

TEST_CASE("writer: the first question of an empty bank is indented like a new file") {
    TempDir dir;
    Bank bank;
    bank.info.id = "empty";
    bank.info.title = "Empty";
    bank.info.version = "1.0";
    bank.info.language = "en";
    bank.info.license = "CC-BY-4.0";
    bank.info.authors = {"Me"};
    bank.info.standardName = "ISO/IEC 20000";
    bank.info.standardEdition = 2018;
    auto doc = BankDocument::create(dir.path() / "empty.json", bank);
    CHECK(doc->text().find("  \"questions\": []\n}\n") != std::string::npos);
    REQUIRE(doc->save().ok);
    CHECK(doc->save().backup == dir.path() / "empty.json.bak");
    Question q;
    q.id = "E-1";
    q.type = QuestionType::TrueFalse;
    q.stem = "Empty banks can grow.";
    q.keyTrue = true;
    doc->addQuestion(q);
    // Patched into the saved text, it reads exactly as if the file had been written with it.
    bank.questions = {q};
    CHECK(doc->text() == BankDocument::create(dir.path() / "x.json", bank)->text());
}

TEST_CASE("writer: a bank with content errors opens so they can be fixed") {
    TempDir dir;
    std::string text = readFile(validBank());
    text.replace(text.find(R"("key": "a")"), 10, R"("key": "q")");
    const fs::path p = dir.write("broken.json", text);
    auto r = BankDocument::open(p);
    REQUIRE(r.document);
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(format(r.diagnostics[0]) ==
          p.string() + R"(:31:14: /questions/0/key: error: key "q" names no option (options: a, b, c, d))");
    Question q = r.document->bank().questions[0];
    q.keyIds = {"a"};
    r.document->setQuestion(0, q);
    CHECK(r.document->text() == readFile(validBank()));
    CHECK(r.document->validate().size() == 1); // the fixture's own draft warning
}

TEST_CASE("writer: files that are not banks do not open") {
    TempDir dir;
    auto r = BankDocument::open(dir.write("x.json", "{\"format\": \"examsim-bank\",\n"));
    CHECK(r.document == nullptr);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].message.find("syntax error") == 0);
    auto r2 = BankDocument::open(dir.path() / "missing.json");
    CHECK(r2.document == nullptr);
    REQUIRE(r2.diagnostics.size() == 1);
    auto r3 = BankDocument::open(dir.write("exams.json", R"({"format": "examsim-exams", "profiles": []})"));
    CHECK(r3.document == nullptr);
    REQUIRE(r3.diagnostics.size() == 1);
    CHECK(r3.diagnostics[0].message == "not a question bank");
}

TEST_CASE("user banks: a later folder overrides a shipped bank of the same id") {
    TempDir shipped, data;
    shipped.write("test.json", readFile(validBank()));
    const ScopedEnv env("XDG_DATA_HOME", data.path().string());
    CHECK(userBanksDir() == data.path() / "examsim" / "banks");

    auto doc = BankDocument::open(shipped.path() / "test.json").document;
    REQUIRE(doc);
    CHECK(userBankPath(doc->bank()) == data.path() / "examsim/banks/test.json");
    doc->setPath(userBankPath(doc->bank()));
    Question q = doc->bank().questions[0];
    q.stem = "Edited by the trainer?";
    doc->setQuestion(0, q);
    REQUIRE(doc->save().ok); // creates the folder

    const auto set = BankSet::load({shipped.path(), userBanksDir()});
    REQUIRE(set.banks().size() == 1);
    CHECK(set.banks()[0].path == (userBanksDir() / "test.json").string());
    CHECK(set.question("T-001")->stem == "Edited by the trainer?");
    CHECK(set.counts().errors == 0);
    CHECK(set.counts().notes == 1);
    std::vector<std::string> notes;
    for (const auto& d : set.diagnostics())
        if (d.severity == Severity::Note) notes.push_back(format(d));
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == (shipped.path() / "test.json").string() +
                          R"(:5:11: /bank/id: note: bank "test-bank" is overridden by )" +
                          (userBanksDir() / "test.json").string() + ", which is loaded instead");
    REQUIRE(set.files().size() == 2);
    CHECK_FALSE(set.files()[0].loaded);
    CHECK(set.files()[0].overriddenBy == (userBanksDir() / "test.json").string());
    CHECK(set.files()[1].loaded);

    // In the other order the shipped bank is the later one: it overrides the user copy.
    const auto reversed = BankSet::load({userBanksDir(), shipped.path()});
    CHECK(reversed.question("T-001")->stem == "Which clause covers incident management?");

    // A user copy with errors of its own overrides nothing: the shipped bank is used.
    q.keyIds = {"z"};
    doc->setQuestion(0, q);
    REQUIRE(doc->save().ok);
    const auto broken = BankSet::load({shipped.path(), userBanksDir()});
    CHECK(broken.question("T-001")->stem == "Which clause covers incident management?");
    CHECK(broken.counts().errors == 1);
    CHECK(broken.counts().notes == 0);

    // examsim-cli reads the user's banks after the bundled ones when no --banks is given.
    {
        TempDir cliData;
        const fs::path userDir = cliData.path() / "examsim" / "banks";
        fs::create_directories(userDir);
        auto sms =
            BankDocument::open(examsim::test::sourceDir() / "question-banks/foundation-sms.json").document;
        REQUIRE(sms);
        sms->setPath(userDir / "foundation-sms.json");
        Question first = sms->bank().questions[0];
        first.stem = "The trainer's version?";
        sms->setQuestion(0, first);
        REQUIRE(sms->save().ok);
        const auto r =
            examsim::test::run("XDG_DATA_HOME=" + examsim::test::shellQuote(cliData.path().string()) + " " +
                               examsim::test::shellQuote(EXAMSIM_CLI_PATH) + " validate");
        CHECK(r.exitCode == 0);
        CHECK(
            r.output.find(
                R"(/question-banks/foundation-sms.json:5:11: /bank/id: note: bank "fnd-sms" is overridden by )" +
                (userDir / "foundation-sms.json").string() + ", which is loaded instead\n") !=
            std::string::npos);
        CHECK(r.output.find("16 bank files, 15 loaded, 535 questions: 0 errors, 0 warnings\n") !=
              std::string::npos);
    }

    // Two banks with one id in the same folder are still an error.
    TempDir one;
    one.write("a.json", readFile(validBank()));
    one.write("b.json", readFile(validBank()));
    const auto same = BankSet::load({one.path()});
    CHECK(same.counts().errors >= 1);
    CHECK(same.counts().notes == 0);
}
