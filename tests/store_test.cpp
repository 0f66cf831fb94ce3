// The progress store on real SQLite files in temp folders: schema, refusals that leave files untouched,
// round trips of attempts and answers, history for paper assembly, and a real process killed with
// SIGKILL mid-exam.
#include "core/answer_input.hpp"
#include "core/bank_set.hpp"
#include "core/paper.hpp"
#include "core/profile.hpp"
#include "core/question_json.hpp"
#include "core/store/progress_store.hpp"
#include "test_util.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <csignal>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <fmt/format.h>
#include <limits>

using namespace examsim::core;
using examsim::test::TempDir;

namespace {

std::unique_ptr<ProgressStore> mustOpen(const std::filesystem::path& p) {
    auto r = ProgressStore::open(p);
    if (auto* e = std::get_if<StoreError>(&r)) FAIL(e->message);
    return std::move(std::get<std::unique_ptr<ProgressStore>>(r));
}

std::string refusal(const std::filesystem::path& p) {
    auto r = ProgressStore::open(p);
    REQUIRE(std::holds_alternative<StoreError>(r));
    return std::get<StoreError>(r).message;
}

const BankSet& fixtureBanks() {
    static const BankSet b = BankSet::load({examsim::test::sourceDir() / "tests/data/valid-bank.json"});
    return b;
}

Paper fixturePaper(std::uint64_t seed) {
    DrillSpec spec;
    spec.count = 6;
    AssemblyOptions o;
    o.seed = seed;
    return std::get<Paper>(assembleDrill(fixtureBanks(), spec, o));
}

AttemptMeta meta() {
    AttemptMeta m;
    m.profileId = "mini";
    m.profileTitle = "Mini paper";
    m.seed = 0xFFFFFFFFFFFFFFF0ull; // a seed above 2^63 survives the round trip
    m.config.timeLimitMinutes = 30;
    m.config.passMarkPercent = 50;
    m.config.creditsIfPassed = 1;
    return m;
}

} // namespace

TEST_CASE("a new database gets the current schema - WAL - and owner-only permissions") {
    TempDir dir;
    const auto path = dir.path() / "sub" / "progress.db";
    { auto store = mustOpen(path); }
    SQLite::Database db(path.string());
    CHECK(db.execAndGet("PRAGMA user_version").getInt() == ProgressStore::kSchemaVersion);
    CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
    struct stat st{};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    { auto again = mustOpen(path); } // reopening migrates nothing
    CHECK_FALSE(std::filesystem::exists(path.string() + ".bak-v1"));
}

TEST_CASE("files that are not our database are refused and left untouched") {
    TempDir dir;
    const auto text = dir.write("notes.db", "these are my notes, not a database\n");
    CHECK(refusal(text) == text.string() + " is not an ExamSim progress database (it is not an SQLite file); it was left untouched");
    CHECK(examsim::test::readFile(text) == "these are my notes, not a database\n");

    const auto other = dir.path() / "other.db";
    {
        SQLite::Database db(other.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        db.exec("CREATE TABLE photos(id INTEGER)");
    }
    const std::string before = examsim::test::readFile(other);
    CHECK(refusal(other) == other.string() + " is an SQLite database of another program, not ExamSim progress; it was left untouched");
    CHECK(examsim::test::readFile(other) == before);

    CHECK(refusal(dir.path()) == dir.path().string() + " is a folder, not a database file");
}

TEST_CASE("a database from a newer program is refused") {
    TempDir dir;
    const auto path = dir.path() / "progress.db";
    { auto store = mustOpen(path); }
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA user_version=99");
    }
    const std::string before = examsim::test::readFile(path);
    CHECK(refusal(path) == path.string() +
                               " was written by a newer ExamSim (schema version 99; this program knows up to 4); it was left "
                               "untouched: update the program");
    CHECK(examsim::test::readFile(path) == before);
}

TEST_CASE("a truncated database is refused") {
    TempDir dir;
    const auto path = dir.path() / "progress.db";
    {
        auto store = mustOpen(path);
        const Learner l = store->createLearner("Ann");
        for (int i = 0; i < 20; ++i) store->startAttempt(l, fixturePaper(static_cast<std::uint64_t>(i)), meta());
    }
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        db.exec("PRAGMA journal_mode=DELETE");
    }
    const auto size = std::filesystem::file_size(path);
    REQUIRE(size > 8192);
    std::filesystem::resize_file(path, size / 2);
    CHECK(refusal(path) == path.string() + " is damaged: the file is shorter than the database it holds (truncated?); it was left untouched");
    CHECK(std::filesystem::file_size(path) == size / 2);
}

TEST_CASE("question snapshots round-trip and hash stably") {
    for (const auto& b : fixtureBanks().banks())
        for (const auto& q : b.questions) {
            CAPTURE(q.id);
            const std::string text = questionToCanonicalJson(q);
            const auto back = questionFromJson(text);
            REQUIRE(back);
            CHECK(questionToCanonicalJson(*back) == text);
        }
    CHECK(sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256Hex(std::string(1000, 'a')) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST_CASE("an attempt and its answers round-trip - and feed history and mastery") {
    TempDir dir;
    auto store = mustOpen(dir.path() / "progress.db");
    const Learner ann = store->createLearner("Ann", "Service desk");
    store->createLearner("Ann", "Another team"); // names may repeat
    CHECK(store->learnerByName("Ann")->id == ann.id);
    CHECK(store->learners().size() == 2);
    CHECK(store->learners("Service desk").size() == 1);

    const Paper paper = fixturePaper(4);
    const std::string id = store->startAttempt(ann, paper, meta());
    CHECK(store->inProgressAttempt(ann.id)->id == id);
    const Paper loaded = store->loadPaper(id);
    REQUIRE(loaded.items.size() == paper.items.size());
    for (std::size_t i = 0; i < paper.items.size(); ++i) {
        CHECK(loaded.items[i].question.id == paper.items[i].question.id);
        CHECK(loaded.items[i].optionOrder == paper.items[i].optionOrder);
        CHECK(loaded.items[i].itemOrder == paper.items[i].itemOrder);
        CHECK(questionToCanonicalJson(loaded.items[i].question) == questionToCanonicalJson(paper.items[i].question));
    }
    // Answer every question: the first right, the others as keyed or wrong.
    ItemState right;
    right.answer = keyAnswer(paper.items[0].question);
    right.timeMs = 1200;
    right.confidence = 1;
    store->recordResponse(id, 0, paper.items[0], right, 5000);
    ItemState flagged;
    flagged.flagged = true;
    store->recordResponse(id, 1, paper.items[1], flagged, 9000);
    const auto states = store->loadStates(id);
    REQUIRE(states.size() == paper.items.size());
    CHECK(states[0].answer == right.answer);
    CHECK(states[0].timeMs == 1200);
    CHECK(states[0].confidence == 1);
    CHECK(states[1].confidence == -1);
    CHECK(states[1].flagged);
    CHECK(states[1].answer.empty());
    const auto stored = store->attempt(id);
    CHECK(stored->elapsedMs == 9000);
    CHECK(stored->current == 1);
    CHECK(stored->meta.seed == 0xFFFFFFFFFFFFFFF0ull);
    CHECK(stored->answered == 1);

    const auto h = store->questionHistory(ann.id, paper.items[0].question.id);
    REQUIRE(h);
    CHECK(h->lastCorrect);
    CHECK_FALSE(store->questionHistory(ann.id, paper.items[1].question.id)); // flagged, not answered
    const auto all = store->learnerHistory(ann.id);
    REQUIRE(all.size() == 1);
    CHECK(all.at(paper.items[0].question.id).lastCorrect);
    StoreHistory sh(*store, ann.id);
    CHECK(sh.history(paper.items[0].question.id)->timesAnswered == 1);
    CHECK_FALSE(sh.history(paper.items[1].question.id));
    const auto mastery = store->topicMastery(ann.id);
    REQUIRE(mastery.size() == 1);
    CHECK(mastery[0].correct == 1);

    Result r;
    r.raw = 1;
    r.max = 9;
    r.percent = 100.0 / 9;
    r.timeUsedMs = 9000;
    store->finishAttempt(id, SessionStatus::Submitted, r);
    CHECK_FALSE(store->inProgressAttempt(ann.id));
    const auto hist = store->history(ann.id);
    REQUIRE(hist.size() == 1);
    CHECK(hist[0].status == "submitted");
    CHECK(hist[0].score == 1);
    store->finishAttempt(id, SessionStatus::TimedOut, Result{}); // a finished result is never rewritten
    CHECK(store->attempt(id)->status == "submitted");

    // Snapshots are stored once per content.
    store->startAttempt(ann, paper, meta());
    SQLite::Database db((dir.path() / "progress.db").string());
    CHECK(db.execAndGet("SELECT count(*) FROM question_snapshots").getInt() == static_cast<int>(paper.items.size()));
    CHECK(store->integrityCheck(true) == "ok");
    CHECK(store->integrityCheck(false) == "ok");
}

TEST_CASE("SQL text in names and answers is data, never SQL") {
    TempDir dir;
    auto store = mustOpen(dir.path() / "progress.db");
    const std::string name = "Robert'); DROP TABLE learners;-- 100% \"quoted\" " + std::string(10000, 'x');
    const Learner l = store->createLearner(name, "a;b");
    CHECK(store->learnerByName(name)->id == l.id);
    CHECK(store->learners().size() == 1);
}

namespace {

// Starts `examsim-cli take` with a pipe for its input; its output goes to a file.
struct Child {
    pid_t pid = -1;
    int in = -1;
};

Child spawnTake(const std::vector<std::string>& args, const std::string& outFile) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        dup2(fds[0], STDIN_FILENO);
        const int out = ::open(outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
        close(fds[0]);
        close(fds[1]);
        std::vector<char*> argv;
        static std::string cli = EXAMSIM_CLI_PATH;
        argv.push_back(cli.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(cli.c_str(), argv.data());
        _exit(127);
    }
    close(fds[0]);
    return Child{pid, fds[1]};
}

int answeredCount(const std::filesystem::path& db) {
    try {
        SQLite::Database d(db.string(), SQLite::OPEN_READONLY);
        d.setBusyTimeout(2000);
        return d.execAndGet("SELECT count(*) FROM responses WHERE answer != '{\"m\":[],\"s\":[]}'").getInt();
    } catch (const SQLite::Exception&) {
        return 0; // not created yet
    }
}

} // namespace

TEST_CASE("a terminal exam killed with SIGKILL keeps every answer given and resumes") {
    TempDir dir;
    dir.write("banks/bank.json", examsim::test::readFile(examsim::test::sourceDir() / "tests/data/valid-bank.json"));
    dir.write("banks/exams.json", examsim::test::readFile(examsim::test::sourceDir() / "tests/data/exams-fixture.json"));
    const auto db = dir.path() / "progress.db";
    const std::vector<std::string> args{"--banks", (dir.path() / "banks").string(), "--db", db.string(), "take", "--learner",
                                        "Kim", "--profile", "mini", "--seed", "77"};

    // The paper the program will build, and the key of each question as typed.
    const auto banks = BankSet::load({dir.path() / "banks"});
    const auto profiles = loadProfilesFrom({dir.path() / "banks"}, banks);
    AssemblyOptions o;
    o.seed = 77;
    const Paper paper = std::get<Paper>(assemblePaper(banks, *profiles.find("mini"), o));
    REQUIRE(paper.items.size() == 3);

    Child c = spawnTake(args, (dir.path() / "out1.txt").string());
    for (std::size_t i = 0; i < 2; ++i) {
        const std::string line = answerText(paper.items[i], keyAnswer(paper.items[i].question)) + "\n";
        REQUIRE(write(c.in, line.data(), line.size()) == static_cast<ssize_t>(line.size()));
        // Wait until the answer is on disk (the program commits before it shows the next question).
        for (int wait = 0; wait < 200 && answeredCount(db) < static_cast<int>(i + 1); ++wait)
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1200)); // some exam time passes
    kill(c.pid, SIGKILL);
    int status = 0;
    waitpid(c.pid, &status, 0);
    close(c.in);
    REQUIRE(WIFSIGNALED(status));
    CHECK(answeredCount(db) == 2);

    // The database is intact and the exam resumes with both answers and less than the full time.
    {
        auto store = mustOpen(db);
        CHECK(store->integrityCheck(true) == "ok");
        const auto learner = store->learnerByName("Kim");
        REQUIRE(learner);
        const auto open = store->inProgressAttempt(learner->id);
        REQUIRE(open);
        CHECK(open->answered == 2);
        CHECK(open->elapsedMs < 30 * 60'000);
    }
    const std::string last = answerText(paper.items[2], keyAnswer(paper.items[2].question)) + "\ns\n";
    TempDir in;
    const auto input = in.write("in.txt", last);
    std::string cmd = examsim::test::shellQuote(EXAMSIM_CLI_PATH);
    for (const auto& a : args) cmd += " " + examsim::test::shellQuote(a);
    const auto r = examsim::test::run(cmd + " < " + examsim::test::shellQuote(input.string()));
    CAPTURE(r.output);
    CHECK(r.output.find("resuming Mini paper (exam mode) for Kim: 2 of 3 answered") != std::string::npos);
    CHECK(r.output.find("Result: PASS  4 of 4 marks (100.0 %)") != std::string::npos);
    auto store = mustOpen(db);
    const auto hist = store->history(store->learnerByName("Kim")->id);
    REQUIRE(hist.size() == 1);
    CHECK(hist[0].status == "submitted");
    CHECK(hist[0].score == 4);
}

TEST_CASE("migration from every earlier schema version keeps the data and leaves a backup") {
    for (int version = 1; version < ProgressStore::kSchemaVersion; ++version) {
        CAPTURE(version);
        TempDir dir;
        const auto path = dir.path() / "progress.db";
        ProgressStore::createAtVersion(path, version);
        {
            SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
            db.exec("INSERT INTO learners(id, name, team, created_at) VALUES ('l1', 'Old learner', 'T', 1)");
        }
        auto store = mustOpen(path);
        CHECK(store->learnerByName("Old learner")->team == "T");
        CHECK(std::filesystem::exists(path.string() + ".bak-v" + std::to_string(version)));
        SQLite::Database backup(path.string() + ".bak-v" + std::to_string(version), SQLite::OPEN_READONLY);
        CHECK(backup.execAndGet("PRAGMA user_version").getInt() == version);
        CHECK(backup.execAndGet("SELECT count(*) FROM learners").getInt() == 1);
        SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
        CHECK(db.execAndGet("PRAGMA user_version").getInt() == ProgressStore::kSchemaVersion);
    }
}

namespace {
// A finished exam-mode attempt with `right` of the paper's questions answered with their key.
std::string finishedAttempt(ProgressStore& store, const Learner& l, const std::string& profile, std::uint64_t seed, std::size_t right,
                            double percent, bool passed) {
    const Paper paper = fixturePaper(seed);
    AttemptMeta m = meta();
    m.profileId = profile;
    const std::string id = store.startAttempt(l, paper, m);
    for (std::size_t i = 0; i < paper.items.size(); ++i) {
        ItemState s;
        s.answer = i < right ? keyAnswer(paper.items[i].question) : Answer{{"zz"}, {}};
        store.recordResponse(id, i, paper.items[i], s, 1000);
    }
    Result r;
    r.percent = percent;
    r.passed = passed;
    store.finishAttempt(id, SessionStatus::Submitted, r);
    return id;
}
} // namespace

TEST_CASE("dashboard queries: best and latest per profile - weakest topics - unseen questions - team roll-up") {
    TempDir dir;
    auto store = mustOpen(dir.path() / "progress.db");
    const Learner ann = store->createLearner("Ann", "Desk");
    const Learner bob = store->createLearner("Bob", "Desk");
    store->createLearner("Cy", "Other");
    finishedAttempt(*store, ann, "mini", 1, 6, 80, true);
    finishedAttempt(*store, ann, "mini", 2, 0, 40, false);
    finishedAttempt(*store, bob, "mini", 3, 3, 55, true);

    const auto sums = store->profileSummaries(ann.id);
    REQUIRE(sums.size() == 1);
    CHECK(sums[0].attempts == 2);
    CHECK(sums[0].bestPercent == 80);
    CHECK(sums[0].latestPercent == 40);
    CHECK(sums[0].passed);

    const auto weak = store->weakestTopics(ann.id, 5, 20, 1);
    REQUIRE_FALSE(weak.empty());
    for (std::size_t i = 1; i < weak.size(); ++i) CHECK(weak[i - 1].share() <= weak[i].share());

    std::vector<std::string> all;
    for (const auto& b : fixtureBanks().banks())
        for (const auto& q : b.questions) all.push_back(q.id);
    CHECK(store->unseenQuestions(ann.id, all) == std::vector<std::string>{"T-007"}); // only the draft
    CHECK(store->unseenQuestions(store->learnerByName("Cy")->id, all).size() == all.size());

    const auto team = store->teamRollup("Desk");
    REQUIRE(team.size() == 2);
    CHECK(team[0].learner.name == "Ann");
    CHECK(team[0].attempts == 2);
    CHECK(team[0].bestPercent == 80);
    CHECK(team[1].learner.name == "Bob");
    CHECK(store->teamRollup("").size() == 2);
    CHECK(store->teamRollup("Other").empty());
}

TEST_CASE("learners can be renamed - archived - anonymised or deleted with all their records") {
    TempDir dir;
    auto store = mustOpen(dir.path() / "progress.db");
    const Learner ann = store->createLearner("Ann", "Desk");
    const Learner bob = store->createLearner("Bob", "Desk");
    const std::string annAttempt = finishedAttempt(*store, ann, "mini", 1, 3, 50, true);
    finishedAttempt(*store, bob, "mini", 2, 3, 50, true);
    store->renameLearner(ann.id, "Ann Smith");
    CHECK(store->learner(ann.id)->name == "Ann Smith");
    store->setTeam(ann.id, "Ops");
    CHECK(store->learners("Ops").size() == 1);
    store->archiveLearner(ann.id);
    CHECK(store->learners().size() == 1);
    CHECK(store->learners("", true).size() == 2);

    store->anonymiseLearner(bob.id);
    const auto anon = store->learner(bob.id);
    CHECK(anon->name == "Anonymised learner " + bob.id.substr(0, 8));
    CHECK(anon->team.empty());
    CHECK(store->history(bob.id).size() == 1); // statistics kept

    store->deleteLearner(ann.id);
    CHECK_FALSE(store->learner(ann.id));
    CHECK_FALSE(store->attempt(annAttempt));
    SQLite::Database db((dir.path() / "progress.db").string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet(fmt::format("SELECT count(*) FROM responses WHERE learner_id = '{}'", ann.id)).getInt() == 0);
    CHECK(db.execAndGet("SELECT count(*) FROM responses").getInt() == 6); // Bob's
    CHECK(store->integrityCheck(false) == "ok");
}

TEST_CASE("an attempt open in one copy is locked against a second - until its holder is gone") {
    TempDir dir;
    const auto path = dir.path() / "progress.db";
    auto first = mustOpen(path);
    auto second = mustOpen(path);
    const Learner l = first->createLearner("Ann");
    const std::string id = first->startAttempt(l, fixturePaper(1), meta());
    CHECK(first->acquireLease(id));
    CHECK(first->acquireLease(id)); // renewing
    CHECK_FALSE(second->acquireLease(id));
    first->releaseLease(id);
    CHECK(second->acquireLease(id));
    // A lease whose holder process no longer exists lapses at once.
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        char host[256] = {};
        ::gethostname(host, sizeof host - 1);
        db.exec(fmt::format("UPDATE attempts SET lease_owner = '{}:999999:dead', lease_expires = {}", host,
                            std::numeric_limits<std::int64_t>::max() / 2));
    }
    CHECK(first->acquireLease(id));
    // A lease that has expired lapses too.
    {
        SQLite::Database db(path.string(), SQLite::OPEN_READWRITE);
        db.exec("UPDATE attempts SET lease_owner = 'elsewhere:1:x', lease_expires = 1");
    }
    CHECK(second->acquireLease(id));
}

TEST_CASE("two writers share the file: every answer of both is stored") {
    TempDir dir;
    const auto path = dir.path() / "progress.db";
    { auto init = mustOpen(path); }
    auto writer = [&](const std::string& name, int* failures) {
        auto store = mustOpen(path);
        const Learner l = store->createLearner(name);
        for (int round = 0; round < 15; ++round) {
            const Paper paper = fixturePaper(static_cast<std::uint64_t>(round));
            const std::string id = store->startAttempt(l, paper, meta());
            for (std::size_t i = 0; i < paper.items.size(); ++i) {
                ItemState s;
                s.answer = keyAnswer(paper.items[i].question);
                try {
                    store->recordResponse(id, i, paper.items[i], s, 10);
                } catch (const std::exception&) {
                    ++*failures;
                }
            }
        }
    };
    int fa = 0, fb = 0;
    std::thread a(writer, "A", &fa), b(writer, "B", &fb);
    a.join();
    b.join();
    CHECK(fa == 0);
    CHECK(fb == 0);
    SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM responses").getInt() == 2 * 15 * 6);
    CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
}

namespace {
// A small tmpfs mounted for the test (needs root, which CI has: file modes alone cannot make a file
// read-only for root).
struct SmallMount {
    std::filesystem::path dir;
    bool ok = false;
    explicit SmallMount(const std::filesystem::path& at, const char* size) : dir(at) {
        std::filesystem::create_directories(dir);
        ok = geteuid() == 0 && std::system(("mount -t tmpfs -o size=" + std::string(size) + " tmpfs " + dir.string()).c_str()) == 0;
    }
    bool readOnly() const { return std::system(("mount -o remount,ro " + dir.string()).c_str()) == 0; }
    ~SmallMount() {
        if (ok) [[maybe_unused]] int r = std::system(("umount " + dir.string()).c_str());
    }
};

void fill(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<char> block(4096, 'x');
    while (::write(fd, block.data(), block.size()) > 0) {
    }
    ::close(fd);
}
} // namespace

TEST_CASE("a disk that fills up mid-exam: a clear warning - the exam goes on in memory - and the result is shown") {
    TempDir dir;
    SmallMount mnt(dir.path() / "mnt", "4m");
    if (!mnt.ok) {
        MESSAGE("needs root to mount a small tmpfs; skipped");
        return;
    }
    dir.write("banks/bank.json", examsim::test::readFile(examsim::test::sourceDir() / "tests/data/valid-bank.json"));
    dir.write("banks/exams.json", examsim::test::readFile(examsim::test::sourceDir() / "tests/data/exams-fixture.json"));
    const auto db = mnt.dir / "progress.db";
    const std::vector<std::string> args{"--banks", (dir.path() / "banks").string(), "--db", db.string(), "take", "--learner",
                                        "Ann", "--profile", "mini", "--seed", "5"};
    const auto banks = BankSet::load({dir.path() / "banks"});
    AssemblyOptions o;
    o.seed = 5;
    const Paper paper = std::get<Paper>(assemblePaper(banks, *loadProfilesFrom({dir.path() / "banks"}, banks).find("mini"), o));
    auto typed = [&](std::size_t i) { return answerText(paper.items[i], keyAnswer(paper.items[i].question)) + "\n"; };
    Child c = spawnTake(args, (dir.path() / "out.txt").string());
    const std::string first = typed(0);
    REQUIRE(write(c.in, first.data(), first.size()) == static_cast<ssize_t>(first.size()));
    for (int wait = 0; wait < 200 && answeredCount(db) < 1; ++wait) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    REQUIRE(answeredCount(db) == 1);
    fill(mnt.dir / "filler");
    const std::string rest = typed(1) + typed(2) + "s\n";
    REQUIRE(write(c.in, rest.data(), rest.size()) == static_cast<ssize_t>(rest.size()));
    close(c.in);
    int status = 0;
    waitpid(c.pid, &status, 0);
    const std::string out = examsim::test::readFile(dir.path() / "out.txt");
    CAPTURE(out);
    CHECK(WIFEXITED(status));
    CHECK(out.find("could not be saved (database or disk is full)") != std::string::npos);
    CHECK(out.find("Result: ") != std::string::npos);
    CHECK(out.find("Answered 3 of 3.") != std::string::npos); // nothing lost in memory
}

TEST_CASE("a database on a read-only file system is refused with a clear message") {
    TempDir dir;
    SmallMount mnt(dir.path() / "mnt", "4m");
    if (!mnt.ok) {
        MESSAGE("needs root to mount a small tmpfs; skipped");
        return;
    }
    const auto db = mnt.dir / "progress.db";
    {
        auto store = mustOpen(db);
        store->createLearner("Ann");
    }
    REQUIRE(mnt.readOnly());
    CHECK(refusal(db) == db.string() + " is read-only: progress cannot be saved there (use --db to choose another file)");
    const auto r = examsim::test::run(examsim::test::shellQuote(EXAMSIM_CLI_PATH) + " --db " + examsim::test::shellQuote(db.string()) +
                                      " take --learner Ann < /dev/null");
    CHECK(r.exitCode == 1);
    CHECK(r.output.find("is read-only: progress cannot be saved there") != std::string::npos);
}

TEST_CASE("the run marker tells a clean end from a crash") {
    TempDir dir;
    const auto db = dir.path() / "progress.db";
    { RunMarker m(db); CHECK_FALSE(m.previousRunEndedUncleanly()); }
    { RunMarker m(db); CHECK_FALSE(m.previousRunEndedUncleanly()); }
    dir.write("progress.db.running", "12345\n"); // a run that never ended
    RunMarker m(db);
    CHECK(m.previousRunEndedUncleanly());
}
