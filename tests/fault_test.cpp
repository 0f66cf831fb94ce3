// Fault tests (issue 10): a database locked by another writer past the busy timeout, a disk that
// fills up or turns read-only under a running attempt, a missing bank folder and a damaged or
// unwritable settings file. Each gives a clear message; no answer is lost.
#include "core/app_settings.hpp"
#include "core/bank_set.hpp"
#include "core/profile.hpp"
#include "core/recorded_attempt.hpp"
#include "core/scoring.hpp"
#include "core/store/progress_store.hpp"
#include "test_util.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <chrono>
#include <csignal>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace examsim::core;
using examsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

struct Fixture {
    TempDir banksDir;
    BankSet banks;
    ProfileSet profiles;
    Fixture() {
        examsim::test::writeFixtureBanks(banksDir);
        banks = BankSet::load({banksDir.path()});
        profiles = loadProfilesFrom({banksDir.path()}, banks);
    }
};

std::unique_ptr<RecordedAttempt> startMini(ProgressStore& store, const Fixture& f, const Clock& clock) {
    const Learner l = store.createLearner("Ann");
    AttemptRequest req;
    req.profileId = "mini";
    req.seed = 12;
    auto r = RecordedAttempt::start(&store, l, f.banks, f.profiles, req, clock);
    if (auto* e = std::get_if<std::string>(&r)) FAIL(*e);
    return std::move(std::get<std::unique_ptr<RecordedAttempt>>(r));
}

void answerKey(RecordedAttempt& a, std::size_t i) {
    a.session().go(i);
    a.session().answer(keyAnswer(a.session().item(i).question));
}

struct Mount {
    fs::path dir;
    bool ok = false;
    Mount(const fs::path& at, const char* size) : dir(at) {
        fs::create_directories(dir);
        ok = geteuid() == 0 && std::system(("mount -t tmpfs -o size=" + std::string(size) + " tmpfs " + dir.string()).c_str()) == 0;
    }
    bool remount(const char* how) const { return std::system(("mount -o remount," + std::string(how) + " " + dir.string()).c_str()) == 0; }
    ~Mount() {
        if (ok) [[maybe_unused]] int r = std::system(("umount " + dir.string()).c_str());
    }
};

// A recorded attempt of the mini paper on a small tmpfs, its first answer stored.
struct OnTmpfs {
    Fixture f;
    TempDir dir;
    Mount mnt;
    FakeClock clock;
    std::unique_ptr<ProgressStore> store;
    std::unique_ptr<RecordedAttempt> attempt;
    explicit OnTmpfs(const char* size) : mnt(dir.path() / "mnt", size) {
        if (!mnt.ok) {
            MESSAGE("needs root to mount a small tmpfs; skipped");
            return;
        }
        store = examsim::test::openStore(mnt.dir / "progress.db");
        attempt = startMini(*store, f, clock);
        answerKey(*attempt, 0);
        attempt->sync();
        REQUIRE(attempt->warning().empty());
    }
};

} // namespace

TEST_CASE("fault: another writer holds the database past the busy timeout - the answer waits in memory and is written next sync") {
    Fixture f;
    TempDir dir;
    const auto db = dir.path() / "progress.db";
    auto store = examsim::test::openStore(db);
    FakeClock clock;
    auto attempt = startMini(*store, f, clock);
    answerKey(*attempt, 0);
    attempt->sync();
    REQUIRE(attempt->warning().empty());

    // A child process takes the write lock and keeps it until it is killed.
    const auto child = examsim::test::forkAndWait([&] {
        static SQLite::Database other(db.string(), SQLite::OPEN_READWRITE); // stays open in the child
        other.exec("BEGIN EXCLUSIVE");
        return std::string("locked");
    });
    REQUIRE(child.text == "locked");
    answerKey(*attempt, 1);
    const auto t0 = std::chrono::steady_clock::now();
    attempt->sync(); // waits the busy timeout (5 s), then gives up without throwing
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    CHECK(waited >= 4900);
    CHECK(attempt->warning() == "Your last change could not be saved (database is locked). The exam goes on in memory; it is "
                                "saved again as soon as the disk allows.");
    CHECK(attempt->session().state(1).answer == keyAnswer(attempt->session().item(1).question)); // kept in memory
    kill(child.pid, SIGKILL);
    waitpid(child.pid, nullptr, 0);

    attempt->sync(); // the lock is gone: the waiting answer is written now
    CHECK(attempt->warning() == "");
    const auto states = store->loadStates(attempt->id());
    CHECK(states[0].answer == keyAnswer(attempt->session().item(0).question));
    CHECK(states[1].answer == keyAnswer(attempt->session().item(1).question));
}

TEST_CASE("fault: a disk that fills up under a recorded attempt - a clear warning - nothing lost once space is back") {
    OnTmpfs t("2m");
    if (!t.mnt.ok) return;
    auto& mnt = t.mnt;
    auto& store = t.store;
    auto& attempt = t.attempt;
    {
        const int fd = ::open((mnt.dir / "filler").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        std::vector<char> block(4096, 'x');
        while (::write(fd, block.data(), block.size()) > 0) {
        }
        ::close(fd);
    }
    answerKey(*attempt, 1);
    answerKey(*attempt, 2);
    attempt->sync();
    CHECK(attempt->warning() == "Your last change could not be saved (database or disk is full). The exam goes on in memory; it is "
                                "saved again as soon as the disk allows.");
    fs::remove(mnt.dir / "filler");
    attempt->sync();
    CHECK(attempt->warning().empty());
    const auto states = store->loadStates(attempt->id());
    for (std::size_t i = 0; i < 3; ++i) CHECK(states[i].answer == keyAnswer(attempt->session().item(i).question));
    CHECK(store->integrityCheck(true) == "ok");
}

TEST_CASE("fault: a missing bank folder is named in validate - take and the loader") {
    TempDir dir;
    const auto missing = dir.path() / "no-banks";
    const auto set = BankSet::load({missing});
    REQUIRE(!set.diagnostics().empty());
    CHECK(set.diagnostics()[0].file == missing.string());
    CHECK(set.diagnostics()[0].message == "no such file or folder");
    const std::string cli = examsim::test::shellQuote(EXAMSIM_CLI_PATH) + " --banks " + examsim::test::shellQuote(missing.string());
    const auto v = examsim::test::run(cli + " validate");
    CAPTURE(v.output);
    CHECK(v.exitCode != 0);
    CHECK(v.output.find(missing.string() + ": (document): error: no such file or folder") != std::string::npos);
    const auto t = examsim::test::run(cli + " --db " + examsim::test::shellQuote((dir.path() / "p.db").string()) +
                                      " take --learner Ann --profile mini < /dev/null");
    CAPTURE(t.output);
    CHECK(t.exitCode == 1);
    CHECK(t.output == "examsim-cli: the bank folder " + missing.string() + " does not exist (check --banks)\n");
    CHECK_FALSE(fs::exists(dir.path() / "p.db")); // nothing was written
}

TEST_CASE("fault: a damaged settings file is set aside as settings.json.bad with a message and the defaults") {
    TempDir dir;
    const auto path = dir.write("settings.json", "{\"theme\": \"light\", ");
    const LoadedSettings s = loadSettings(path);
    CHECK(s.settings == AppSettings{});
    CHECK(s.message == "The settings file " + path.string() +
                           " is damaged ([json.exception.parse_error.101] parse error at line 1, column 20: syntax error while "
                           "parsing object key - unexpected end of input; expected string literal); the defaults are used and "
                           "the damaged file was kept as " +
                           path.string() + ".bad.");
    CHECK(examsim::test::readFile(path.string() + ".bad") == "{\"theme\": \"light\", ");
    CHECK_FALSE(fs::exists(path));
    const auto notObject = dir.write("s2.json", "[1, 2]");
    CHECK(loadSettings(notObject).message == "The settings file " + notObject.string() +
                                                 " is damaged (not a JSON object); the defaults are used and the damaged file "
                                                 "was kept as " +
                                                 notObject.string() + ".bad.");
}

TEST_CASE("fault: a read-only config folder - the damaged file stays - saving says why") {
    TempDir dir;
    Mount mnt(dir.path() / "cfg", "1m");
    if (!mnt.ok) {
        MESSAGE("needs root to mount a small tmpfs; skipped");
        return;
    }
    const auto path = mnt.dir / "settings.json";
    { std::ofstream(path) << "not json"; }
    REQUIRE(mnt.remount("ro"));
    const LoadedSettings s = loadSettings(path);
    CHECK(s.settings == AppSettings{});
    CHECK(s.message == "The settings file " + path.string() +
                           " is damaged ([json.exception.parse_error.101] parse error at line 1, column 2: syntax error while "
                           "parsing value - invalid literal; last read: 'no'); the defaults are used.");
    CHECK(examsim::test::readFile(path) == "not json"); // left where it was, untouched
    CHECK(saveSettings(path, AppSettings{}) == "cannot write " + path.string() + ".tmp: Read-only file system");
}
