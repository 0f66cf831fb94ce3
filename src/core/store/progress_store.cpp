#include "core/store/progress_store.hpp"
#include "core/store/store_internal.hpp"

#include "core/owner_only.hpp"
#include "core/paths.hpp"
#include "core/question_json.hpp"
#include "core/store/store_sql.hpp"
#include "core/store/hash_chain.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <array>
#include <map>
#include <mutex>
#include <cstring>
#include <chrono>
#include <fmt/format.h>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <sys/stat.h>
#include <csignal>
#include <unistd.h>

namespace examsim::core {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Migration {
    int version;
    const char* sql;
};

// Forward migrations, in order. Each runs in one transaction with its user_version bump.
constexpr Migration kMigrations[] = {
    {1, R"SQL(
CREATE TABLE learners (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    team TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    archived INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX learners_name ON learners(name);
CREATE TABLE question_snapshots (
    hash TEXT PRIMARY KEY,
    question_id TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE attempts (
    id TEXT PRIMARY KEY,
    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    profile_id TEXT NOT NULL,
    profile_title TEXT NOT NULL,
    mode TEXT NOT NULL,
    seed INTEGER NOT NULL,
    banks TEXT NOT NULL,
    time_limit_minutes INTEGER NOT NULL,
    extra_time_percent REAL NOT NULL,
    pass_mark_percent REAL NOT NULL,
    credits_if_passed REAL NOT NULL,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    elapsed_ms INTEGER NOT NULL DEFAULT 0,
    current_position INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('in_progress', 'submitted', 'timed_out', 'abandoned')),
    score REAL, max_score REAL, percent REAL, passed INTEGER, credits REAL,
    self_reported INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX attempts_learner ON attempts(learner_id, started_at);
CREATE TABLE attempt_items (
    attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    snapshot_hash TEXT NOT NULL REFERENCES question_snapshots(hash),
    option_order TEXT NOT NULL,
    premise_order TEXT NOT NULL,
    item_order TEXT NOT NULL,
    topic_group TEXT NOT NULL,
    part TEXT NOT NULL,
    case_title TEXT NOT NULL,
    case_text TEXT NOT NULL,
    PRIMARY KEY (attempt_id, position)
);
CREATE TABLE responses (
    attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    learner_id TEXT NOT NULL,
    question_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    part TEXT NOT NULL,
    answer TEXT NOT NULL,
    flagged INTEGER NOT NULL,
    checked INTEGER NOT NULL,
    correct INTEGER NOT NULL,
    earned REAL NOT NULL,
    time_ms INTEGER NOT NULL,
    changes INTEGER NOT NULL,
    answered_at INTEGER NOT NULL,
    PRIMARY KEY (attempt_id, position)
);
CREATE INDEX responses_learner_question ON responses(learner_id, question_id, answered_at);
CREATE INDEX responses_learner_topic ON responses(learner_id, topic, answered_at);
CREATE TABLE adjustments (
    id INTEGER PRIMARY KEY,
    attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    reason TEXT NOT NULL,
    delta REAL NOT NULL
);
)SQL"},
    {2, R"SQL(
ALTER TABLE attempts ADD COLUMN lease_owner TEXT;
ALTER TABLE attempts ADD COLUMN lease_expires INTEGER NOT NULL DEFAULT 0;
ALTER TABLE responses ADD COLUMN confidence INTEGER;
CREATE INDEX attempts_rollup ON attempts(learner_id, mode, status, profile_id, percent, passed, started_at);
)SQL"},
    // Issue 8: regrades as appended adjustment records (one per item re-scored), and learners' reports
    // of problems with questions.
    {3, R"SQL(
ALTER TABLE adjustments ADD COLUMN question_id TEXT;
ALTER TABLE adjustments ADD COLUMN position INTEGER;
ALTER TABLE adjustments ADD COLUMN old_earned REAL;
ALTER TABLE adjustments ADD COLUMN new_earned REAL;
ALTER TABLE adjustments ADD COLUMN old_passed INTEGER;
ALTER TABLE adjustments ADD COLUMN new_passed INTEGER;
ALTER TABLE adjustments ADD COLUMN key_hash TEXT;
ALTER TABLE adjustments ADD COLUMN new_score REAL;
ALTER TABLE adjustments ADD COLUMN new_percent REAL;
CREATE INDEX adjustments_attempt ON adjustments(attempt_id, id);
-- Earlier adjustments carried only a delta: give each the attempt's result after it.
UPDATE adjustments SET new_score = (SELECT coalesce(a.score, 0) FROM attempts a WHERE a.id = adjustments.attempt_id)
    + (SELECT sum(k.delta) FROM adjustments k WHERE k.attempt_id = adjustments.attempt_id AND k.id <= adjustments.id);
UPDATE adjustments SET
    new_percent = (SELECT CASE WHEN a.max_score > 0 THEN 100.0 * adjustments.new_score / a.max_score ELSE coalesce(a.percent, 0) END
                   FROM attempts a WHERE a.id = adjustments.attempt_id),
    new_passed = (SELECT CASE WHEN a.max_score > 0 THEN adjustments.new_score * 100.0 >= a.pass_mark_percent * a.max_score - 1e-9
                  ELSE coalesce(a.passed, 0) END FROM attempts a WHERE a.id = adjustments.attempt_id);
-- The roll-up index also covers the attempt id, to find an attempt's adjustments without its row.
DROP INDEX attempts_rollup;
CREATE INDEX attempts_rollup ON attempts(learner_id, mode, status, profile_id, percent, passed, started_at, id);
CREATE INDEX attempt_items_question ON attempt_items(question_id);
CREATE TABLE errata (
    id INTEGER PRIMARY KEY,
    learner_id TEXT REFERENCES learners(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    attempt_id TEXT REFERENCES attempts(id) ON DELETE SET NULL,
    position INTEGER,
    kind TEXT NOT NULL CHECK (kind IN ('key-wrong', 'unclear', 'other')),
    text TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    resolved_at INTEGER,
    resolution TEXT NOT NULL DEFAULT ''
);
CREATE INDEX errata_question ON errata(question_id, created_at);
)SQL"},
    // Issue 10: a hash chain per learner over finished attempts, their responses and adjustments. The
    // migration computes it for the records already there (chain_detail::rebuildAll).
    {4, R"SQL(
CREATE TABLE record_chain (
    learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('attempt', 'responses', 'adjustment')),
    record_id TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (learner_id, seq)
);
CREATE INDEX record_chain_record ON record_chain(kind, record_id);
)SQL"},
};

} // namespace

namespace store_detail {

std::int64_t nowSeconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string joinInts(const std::vector<int>& v) {
    std::string s;
    for (std::size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
    return s;
}

std::vector<int> splitInts(const std::string& s) {
    std::vector<int> out;
    std::stringstream ss(s);
    std::string part;
    while (std::getline(ss, part, ','))
        if (!part.empty()) out.push_back(std::stoi(part));
    return out;
}

std::string answerJson(const Answer& a) {
    json j{{"s", a.selected}, {"m", json::array()}};
    for (const auto& [p, o] : a.matches) j["m"].push_back({p, o});
    return j.dump();
}

namespace {

// Issue 10: the form answerJson writes, {"m":[["1","a"],...],"s":["a",...]} with plain ASCII ids, read
// without a JSON parser (item analysis reads a million of them); anything else goes to json::parse.
bool readCanonicalAnswer(std::string_view t, Answer& a) {
    std::size_t i = 0;
    auto eat = [&](std::string_view s) {
        if (t.substr(i, s.size()) != s) return false;
        i += s.size();
        return true;
    };
    auto str = [&](std::string& out) {
        if (!eat("\"")) return false;
        const std::size_t start = i;
        for (; i < t.size() && t[i] != '"'; ++i) {
            const auto c = static_cast<unsigned char>(t[i]);
            if (c == '\\' || c < 0x20 || c >= 0x80) return false;
        }
        if (i >= t.size()) return false;
        out.assign(t.substr(start, i - start));
        ++i;
        return true;
    };
    if (!eat(R"({"m":[)")) return false;
    if (!eat("]")) {
        do {
            std::pair<std::string, std::string> m;
            if (!eat("[") || !str(m.first) || !eat(",") || !str(m.second) || !eat("]")) return false;
            a.matches.push_back(std::move(m));
        } while (eat(","));
        if (!eat("]")) return false;
    }
    if (!eat(R"(,"s":[)")) return false;
    if (!eat("]")) {
        do {
            std::string id;
            if (!str(id)) return false;
            a.selected.push_back(std::move(id));
        } while (eat(","));
        if (!eat("]")) return false;
    }
    return eat("}") && i == t.size();
}

} // namespace

Answer answerFromJson(std::string_view text) {
    Answer a;
    if (readCanonicalAnswer(text, a)) return a;
    a = Answer{};
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return a;
    for (const auto& s : j.value("s", json::array())) a.selected.push_back(s.get<std::string>());
    for (const auto& m : j.value("m", json::array())) a.matches.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
    return a;
}

} // namespace store_detail

using store_detail::answerFromJson;
using store_detail::answerJson;
using store_detail::nowSeconds;
using store_detail::joinInts;
using store_detail::splitInts;

namespace {

std::string statusText(SessionStatus s) {
    switch (s) {
    case SessionStatus::InProgress: return "in_progress";
    case SessionStatus::Submitted: return "submitted";
    case SessionStatus::TimedOut: return "timed_out";
    }
    return "in_progress";
}

// The first 100 bytes of an SQLite file: its magic string, page size and page count tell us quickly
// whether it is a database at all and whether it was cut short.
std::optional<std::string> headerProblem(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fmt::format("cannot read {}", path.string());
    std::array<unsigned char, 100> h{};
    in.read(reinterpret_cast<char*>(h.data()), static_cast<std::streamsize>(h.size()));
    const auto got = in.gcount();
    static const char kMagic[] = "SQLite format 3";
    if (got < 100 || std::memcmp(h.data(), kMagic, 16) != 0)
        return fmt::format("{} is not an ExamSim progress database (it is not an SQLite file)", path.string());
    std::uint32_t pageSize = (static_cast<std::uint32_t>(h[16]) << 8) | h[17];
    if (pageSize == 1) pageSize = 65536;
    const std::uint32_t pages = (static_cast<std::uint32_t>(h[28]) << 24) | (static_cast<std::uint32_t>(h[29]) << 16) |
                                (static_cast<std::uint32_t>(h[30]) << 8) | h[31];
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    // The in-header size is valid when the change counters at 24 and 92 agree (SQLite >= 3.7.0).
    const bool headerSizeValid = std::memcmp(h.data() + 24, h.data() + 92, 4) == 0 && pages > 0;
    if (!ec && headerSizeValid && size < static_cast<std::uintmax_t>(pageSize) * pages)
        return fmt::format("{} is damaged: the file is shorter than the database it holds (truncated?)", path.string());
    return std::nullopt;
}

} // namespace

std::string newUuid() {
    static thread_local std::mt19937_64 gen([] {
        std::random_device rd;
        return (static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
               static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    }());
    std::uint64_t hi = gen(), lo = gen();
    hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull; // version 4
    lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull; // variant 10
    return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xFFFF, hi & 0xFFFF, lo >> 48,
                       lo & 0xFFFFFFFFFFFFull);
}

fs::path ProgressStore::defaultPath() { return userDataDir() / "progress.db"; }

ProgressStore::ProgressStore(fs::path path, std::unique_ptr<SQLite::Database> db) : m_path(std::move(path)), m_db(std::move(db)) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    m_owner = fmt::format("{}:{}:{}", host, ::getpid(), newUuid().substr(0, 8));
}

void ProgressStore::createAtVersion(const fs::path& path, int version) {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    for (const auto& m : kMigrations) {
        if (m.version > version) break;
        db.exec(m.sql);
    }
    db.exec(fmt::format("PRAGMA user_version={}", version));
    db.exec(fmt::format("PRAGMA application_id={}", kApplicationId));
}
namespace {
std::mutex g_openMutex;
std::map<std::string, int>& openFiles() {
    static std::map<std::string, int> files;
    return files;
}
std::string fileKey(const fs::path& p) {
    std::error_code ec;
    const auto c = fs::weakly_canonical(p, ec);
    return ec ? p.string() : c.string();
}
bool openInThisProcess(const fs::path& p) {
    std::lock_guard lock(g_openMutex);
    return openFiles().count(fileKey(p)) > 0;
}
void noteOpen(const fs::path& p, int delta) {
    std::lock_guard lock(g_openMutex);
    auto& n = openFiles()[fileKey(p)];
    n += delta;
    if (n <= 0) openFiles().erase(fileKey(p));
}
} // namespace

ProgressStore::~ProgressStore() {
    if (m_db) noteOpen(m_path, -1);
}

std::variant<std::unique_ptr<ProgressStore>, StoreError> ProgressStore::open(const fs::path& path, bool create) {
    std::error_code ec;
    const bool exists = fs::exists(path, ec);
    if (exists && fs::is_directory(path, ec)) return StoreError{fmt::format("{} is a folder, not a database file", path.string())};
    // Reading the header opens and closes the file outside SQLite, and closing any descriptor of a file
    // drops every POSIX lock this process holds on it: done while another connection of this process
    // has the database open, SQLite would believe it had the file alone and delete the live WAL under
    // that connection (its later writes lost). A database open here was checked when first opened.
    if (exists && fs::file_size(path, ec) > 0 && !openInThisProcess(path))
        if (auto problem = headerProblem(path)) return StoreError{*problem + "; it was left untouched"};
    if (!exists && !create) return StoreError{fmt::format("{} does not exist", path.string())};
    try {
        if (!exists && path.has_parent_path()) createOwnerOnlyDirs(path.parent_path());
        // NOMUTEX: a store (its connection) is used by one thread at a time, and a thread that needs the
        // database beside the UI opens its own; SQLite's per-call locking was 13 % of an item analysis.
        auto db = std::make_unique<SQLite::Database>(path.string(),
                                                     SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX | (exists ? 0 : SQLite::OPEN_CREATE));
        if (!exists) ::chmod(path.c_str(), 0600); // staff personal data: owner only
        if (sqlite3_db_readonly(db->getHandle(), "main") == 1)
            return StoreError{fmt::format("{} is read-only: progress cannot be saved there (use --db to choose another file)",
                                          path.string())};
        db->setBusyTimeout(5000);
        const int appId = db->execAndGet("PRAGMA application_id").getInt();
        const int version = db->execAndGet("PRAGMA user_version").getInt();
        const int tables = db->execAndGet("SELECT count(*) FROM sqlite_master").getInt();
        if (appId != kApplicationId && (appId != 0 || version != 0 || tables != 0))
            return StoreError{fmt::format("{} is an SQLite database of another program, not ExamSim progress; it was left untouched",
                                          path.string())};
        if (version > kSchemaVersion)
            return StoreError{fmt::format("{} was written by a newer ExamSim (schema version {}; this program knows up to {}); it "
                                          "was left untouched: update the program",
                                          path.string(), version, kSchemaVersion)};
        db->exec("PRAGMA journal_mode=WAL");
        db->exec("PRAGMA synchronous=FULL");
        db->exec("PRAGMA foreign_keys=ON");
        if (version < kSchemaVersion) {
            if (version > 0) {
                // A copy of the data as it was, before any migration touches it.
                const fs::path backup = path.string() + ".bak-v" + std::to_string(version);
                writeOwnerOnlyFile(backup, ""); // the backup keeps this mode: it holds the same records
                db->backup(backup.c_str(), SQLite::Database::Save);
            }
            for (const auto& m : kMigrations) {
                if (m.version <= version) continue;
                SQLite::Transaction tx(*db);
                db->exec(m.sql);
                db->exec(fmt::format("PRAGMA user_version={}", m.version));
                if (m.version == 1) db->exec(fmt::format("PRAGMA application_id={}", kApplicationId));
                if (m.version == 4) chain_detail::rebuildAll(*db);
                tx.commit();
            }
        }
        auto store = std::unique_ptr<ProgressStore>(new ProgressStore(path, std::move(db)));
        noteOpen(path, +1);
        return store;
    } catch (const SQLite::Exception& e) {
        const int code = e.getErrorCode() & 0xFF;
        const char* hint = code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_READONLY
                               ? " (is the disk full, or the folder read-only?)"
                               : "";
        return StoreError{fmt::format("cannot open {}: {}{}; it was left untouched", path.string(), e.what(), hint)};
    }
}

Learner ProgressStore::createLearner(const std::string& name, const std::string& team) {
    Learner l{newUuid(), name, team, nowSeconds(), false};
    SQLite::Statement st(*m_db, "INSERT INTO learners(id, name, team, created_at) VALUES (?, ?, ?, ?)");
    st.bind(1, l.id);
    st.bind(2, l.name);
    st.bind(3, l.team);
    st.bind(4, static_cast<int64_t>(l.createdAt));
    st.exec();
    return l;
}

namespace {
Learner readLearner(SQLite::Statement& st) {
    return Learner{st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                   st.getColumn(3).getInt64(), st.getColumn(4).getInt() != 0};
}
} // namespace

std::optional<Learner> ProgressStore::learnerByName(const std::string& name) const {
    SQLite::Statement st(*m_db, "SELECT id, name, team, created_at, archived FROM learners WHERE name = ? AND archived = 0 "
                                "ORDER BY created_at, rowid LIMIT 1");
    st.bind(1, name);
    if (st.executeStep()) return readLearner(st);
    return std::nullopt;
}

std::optional<Learner> ProgressStore::learner(const std::string& id) const {
    SQLite::Statement st(*m_db, "SELECT id, name, team, created_at, archived FROM learners WHERE id = ?");
    st.bind(1, id);
    if (st.executeStep()) return readLearner(st);
    return std::nullopt;
}

std::vector<Learner> ProgressStore::learners(const std::string& team, bool includeArchived) const {
    SQLite::Statement st(*m_db, "SELECT id, name, team, created_at, archived FROM learners WHERE (? = '' OR team = ?) AND "
                                "(? OR archived = 0) ORDER BY name, created_at");
    st.bind(1, team);
    st.bind(2, team);
    st.bind(3, includeArchived ? 1 : 0);
    std::vector<Learner> out;
    while (st.executeStep()) out.push_back(readLearner(st));
    return out;
}

std::string ProgressStore::startAttempt(const Learner& learner, const Paper& paper, const AttemptMeta& meta) {
    const std::string id = newUuid();
    SQLite::Transaction tx(*m_db);
    SQLite::Statement a(*m_db, "INSERT INTO attempts(id, learner_id, profile_id, profile_title, mode, seed, banks, "
                               "time_limit_minutes, extra_time_percent, pass_mark_percent, credits_if_passed, started_at, status) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'in_progress')");
    a.bind(1, id);
    a.bind(2, learner.id);
    a.bind(3, meta.profileId);
    a.bind(4, meta.profileTitle);
    a.bind(5, std::string(nameOf(meta.mode)));
    a.bind(6, static_cast<int64_t>(meta.seed)); // stored as the same 64 bits
    a.bind(7, meta.banks);
    a.bind(8, meta.config.timeLimitMinutes);
    a.bind(9, meta.config.extraTimePercent);
    a.bind(10, meta.config.passMarkPercent);
    a.bind(11, meta.config.creditsIfPassed);
    a.bind(12, static_cast<int64_t>(nowSeconds()));
    a.exec();
    SQLite::Statement snap(*m_db, "INSERT OR IGNORE INTO question_snapshots(hash, question_id, json) VALUES (?, ?, ?)");
    SQLite::Statement item(*m_db, "INSERT INTO attempt_items(attempt_id, position, question_id, snapshot_hash, option_order, "
                                  "premise_order, item_order, topic_group, part, case_title, case_text) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (std::size_t i = 0; i < paper.items.size(); ++i) {
        const PaperItem& it = paper.items[i];
        const std::string text = questionToCanonicalJson(it.question);
        const std::string hash = sha256Hex(text);
        snap.bind(1, hash);
        snap.bind(2, it.question.id);
        snap.bind(3, text);
        snap.exec();
        snap.reset();
        item.bind(1, id);
        item.bind(2, static_cast<int64_t>(i));
        item.bind(3, it.question.id);
        item.bind(4, hash);
        item.bind(5, joinInts(it.optionOrder));
        item.bind(6, joinInts(it.premiseOrder));
        item.bind(7, joinInts(it.itemOrder));
        item.bind(8, it.group);
        item.bind(9, it.part);
        item.bind(10, it.caseStudyTitle);
        item.bind(11, it.caseStudyText);
        item.exec();
        item.reset();
    }
    tx.commit();
    return id;
}

void ProgressStore::recordResponse(const std::string& attemptId, std::size_t position, const PaperItem& item,
                                   const ItemState& state, std::int64_t elapsedMs) {
    if (!m_recordResponse)
        m_recordResponse = std::make_unique<SQLite::Statement>(
            *m_db, "INSERT INTO responses(attempt_id, position, learner_id, question_id, topic, part, answer, flagged, checked, "
                   "correct, earned, time_ms, changes, answered_at, confidence) "
                   "SELECT ?1, ?2, learner_id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14 FROM attempts WHERE id = ?1 "
                   "ON CONFLICT(attempt_id, position) DO UPDATE SET answer = excluded.answer, flagged = excluded.flagged, "
                   "checked = excluded.checked, correct = excluded.correct, earned = excluded.earned, "
                   "time_ms = excluded.time_ms, changes = excluded.changes, answered_at = excluded.answered_at, "
                   "confidence = excluded.confidence");
    prepareCheckpoint();
    auto& st = *m_recordResponse;
    // After a failed write (a full disk, a lock held past the busy timeout) the prepared statements
    // still carry that error: reset them, or every later write would fail too.
    st.tryReset();
    m_checkpoint->tryReset();
    SQLite::Transaction tx(*m_db);
    st.bind(1, attemptId);
    st.bind(2, static_cast<int64_t>(position));
    st.bind(3, item.question.id);
    st.bind(4, item.question.topic);
    st.bind(5, item.part);
    st.bind(6, answerJson(state.answer));
    st.bind(7, state.flagged ? 1 : 0);
    st.bind(8, state.checked ? 1 : 0);
    st.bind(9, isCorrect(item.question, state.answer) ? 1 : 0);
    st.bind(10, scoreAnswer(item.question, state.answer));
    st.bind(11, static_cast<int64_t>(state.timeMs));
    st.bind(12, state.changes);
    st.bind(13, static_cast<int64_t>(nowSeconds()));
    if (state.confidence < 0) st.bind(14);
    else st.bind(14, state.confidence);
    st.exec();
    st.reset();
    auto& cp = *m_checkpoint;
    cp.bind(1, attemptId);
    cp.bind(2, static_cast<int64_t>(elapsedMs));
    cp.bind(3, static_cast<int64_t>(position));
    cp.exec();
    cp.reset();
    tx.commit();
}

void ProgressStore::prepareCheckpoint() {
    if (!m_checkpoint)
        m_checkpoint = std::make_unique<SQLite::Statement>(
            *m_db, "UPDATE attempts SET elapsed_ms = ?2, current_position = ?3 WHERE id = ?1 AND status = 'in_progress'");
}

void ProgressStore::checkpoint(const std::string& attemptId, std::int64_t elapsedMs, std::size_t current) {
    prepareCheckpoint();
    auto& cp = *m_checkpoint;
    cp.tryReset(); // as in recordResponse
    cp.bind(1, attemptId);
    cp.bind(2, static_cast<int64_t>(elapsedMs));
    cp.bind(3, static_cast<int64_t>(current));
    cp.exec();
    cp.reset();
}

void ProgressStore::finishAttempt(const std::string& attemptId, SessionStatus status, const Result& r) {
    SQLite::Transaction tx(*m_db);
    SQLite::Statement st(*m_db, "UPDATE attempts SET status = ?, finished_at = ?, elapsed_ms = ?, score = ?, max_score = ?, "
                                "percent = ?, passed = ?, credits = ? WHERE id = ? AND status = 'in_progress'");
    st.bind(1, statusText(status));
    st.bind(2, static_cast<int64_t>(nowSeconds()));
    st.bind(3, static_cast<int64_t>(r.timeUsedMs));
    st.bind(4, r.raw);
    st.bind(5, r.max);
    st.bind(6, r.percent);
    st.bind(7, r.passed ? 1 : 0);
    st.bind(8, r.credits);
    st.bind(9, attemptId);
    if (st.exec() > 0) chain_detail::appendAttempt(*m_db, attemptId);
    tx.commit();
}

void ProgressStore::abandonAttempt(const std::string& attemptId) {
    SQLite::Transaction tx(*m_db);
    SQLite::Statement st(*m_db, "UPDATE attempts SET status = 'abandoned', finished_at = ? WHERE id = ? AND status = 'in_progress'");
    st.bind(1, static_cast<int64_t>(nowSeconds()));
    st.bind(2, attemptId);
    if (st.exec() > 0) chain_detail::appendAttempt(*m_db, attemptId);
    tx.commit();
}

namespace {
constexpr const char* kAttemptColumns =
    "a.id, a.learner_id, a.profile_id, a.profile_title, a.mode, a.seed, a.banks, a.time_limit_minutes, a.extra_time_percent, "
    "a.pass_mark_percent, a.credits_if_passed, a.started_at, coalesce(a.finished_at, 0), a.elapsed_ms, a.current_position, "
    "a.status, " EXAMSIM_ADJ_SCORE ", coalesce(a.max_score, 0), " EXAMSIM_ADJ_PERCENT ", " EXAMSIM_ADJ_PASSED ", "
    EXAMSIM_ADJ_CREDITS ", (SELECT count(*) FROM attempt_items i WHERE i.attempt_id = a.id), "
    "(SELECT count(*) FROM responses r WHERE r.attempt_id = a.id AND r." EXAMSIM_ANSWERED_SQL "), "
    "coalesce(a.score, 0), coalesce(a.percent, 0), coalesce(a.passed, 0), "
    "(SELECT count(*) FROM adjustments j WHERE j.attempt_id = a.id)";

StoredAttempt readAttempt(SQLite::Statement& st) {
    StoredAttempt a;
    a.id = st.getColumn(0).getString();
    a.learnerId = st.getColumn(1).getString();
    a.meta.profileId = st.getColumn(2).getString();
    a.meta.profileTitle = st.getColumn(3).getString();
    a.meta.mode = modeFromString(st.getColumn(4).getString()).value_or(Mode::Exam);
    a.meta.config.mode = a.meta.mode;
    a.meta.seed = static_cast<std::uint64_t>(st.getColumn(5).getInt64());
    a.meta.banks = st.getColumn(6).getString();
    a.meta.config.timeLimitMinutes = st.getColumn(7).getInt();
    a.meta.config.extraTimePercent = st.getColumn(8).getDouble();
    a.meta.config.passMarkPercent = st.getColumn(9).getDouble();
    a.meta.config.creditsIfPassed = st.getColumn(10).getDouble();
    a.startedAt = st.getColumn(11).getInt64();
    a.finishedAt = st.getColumn(12).getInt64();
    a.elapsedMs = st.getColumn(13).getInt64();
    a.current = static_cast<std::size_t>(st.getColumn(14).getInt64());
    a.status = st.getColumn(15).getString();
    a.score = st.getColumn(16).getDouble();
    a.maxScore = st.getColumn(17).getDouble();
    a.percent = st.getColumn(18).getDouble();
    a.passed = st.getColumn(19).getInt() != 0;
    a.credits = st.getColumn(20).getDouble();
    a.questions = static_cast<std::size_t>(st.getColumn(21).getInt64());
    a.answered = static_cast<std::size_t>(st.getColumn(22).getInt64());
    a.storedScore = st.getColumn(23).getDouble();
    a.storedPercent = st.getColumn(24).getDouble();
    a.storedPassed = st.getColumn(25).getInt() != 0;
    a.adjustments = st.getColumn(26).getInt();
    return a;
}
} // namespace

std::optional<StoredAttempt> ProgressStore::attempt(const std::string& id) const {
    SQLite::Statement st(*m_db, fmt::format("SELECT {} FROM attempts a WHERE a.id = ?", kAttemptColumns));
    st.bind(1, id);
    if (st.executeStep()) return readAttempt(st);
    return std::nullopt;
}

std::optional<StoredAttempt> ProgressStore::inProgressAttempt(const std::string& learnerId) const {
    SQLite::Statement st(*m_db, fmt::format("SELECT {} FROM attempts a WHERE a.learner_id = ? AND a.status = 'in_progress' "
                                            "ORDER BY a.started_at DESC, a.rowid DESC LIMIT 1",
                                            kAttemptColumns));
    st.bind(1, learnerId);
    if (st.executeStep()) return readAttempt(st);
    return std::nullopt;
}

std::vector<StoredAttempt> ProgressStore::history(const std::string& learnerId) const {
    SQLite::Statement st(*m_db, fmt::format("SELECT {} FROM attempts a WHERE a.learner_id = ? ORDER BY a.started_at DESC, a.rowid DESC",
                                            kAttemptColumns));
    st.bind(1, learnerId);
    std::vector<StoredAttempt> out;
    while (st.executeStep()) out.push_back(readAttempt(st));
    return out;
}

Paper ProgressStore::loadPaper(const std::string& attemptId) const {
    Paper p;
    SQLite::Statement head(*m_db, "SELECT profile_id, seed FROM attempts WHERE id = ?");
    head.bind(1, attemptId);
    if (!head.executeStep()) return p;
    p.profileId = head.getColumn(0).getString();
    p.seed = static_cast<std::uint64_t>(head.getColumn(1).getInt64());
    SQLite::Statement st(*m_db, "SELECT s.json, i.option_order, i.premise_order, i.item_order, i.topic_group, i.part, i.case_title, "
                                "i.case_text FROM attempt_items i JOIN question_snapshots s ON s.hash = i.snapshot_hash "
                                "WHERE i.attempt_id = ? ORDER BY i.position");
    st.bind(1, attemptId);
    while (st.executeStep()) {
        PaperItem item;
        std::string error;
        auto q = questionFromJson(st.getColumn(0).getString(), &error);
        if (!q) throw std::runtime_error("a stored question snapshot cannot be read: " + error);
        item.question = std::move(*q);
        item.optionOrder = splitInts(st.getColumn(1).getString());
        item.premiseOrder = splitInts(st.getColumn(2).getString());
        item.itemOrder = splitInts(st.getColumn(3).getString());
        item.group = st.getColumn(4).getString();
        item.part = st.getColumn(5).getString();
        item.caseStudyTitle = st.getColumn(6).getString();
        item.caseStudyText = st.getColumn(7).getString();
        p.items.push_back(std::move(item));
    }
    return p;
}

std::vector<ItemState> ProgressStore::loadStates(const std::string& attemptId) const {
    SQLite::Statement count(*m_db, "SELECT count(*) FROM attempt_items WHERE attempt_id = ?");
    count.bind(1, attemptId);
    count.executeStep();
    std::vector<ItemState> states(static_cast<std::size_t>(count.getColumn(0).getInt64()));
    SQLite::Statement st(*m_db, "SELECT position, answer, flagged, checked, time_ms, changes, coalesce(confidence, -1) "
                                "FROM responses WHERE attempt_id = ?");
    st.bind(1, attemptId);
    while (st.executeStep()) {
        const auto pos = static_cast<std::size_t>(st.getColumn(0).getInt64());
        if (pos >= states.size()) continue;
        ItemState& s = states[pos];
        s.answer = answerFromJson(st.getColumn(1).getString());
        s.flagged = st.getColumn(2).getInt() != 0;
        s.checked = st.getColumn(3).getInt() != 0;
        s.timeMs = st.getColumn(4).getInt64();
        s.changes = st.getColumn(5).getInt();
        s.confidence = st.getColumn(6).getInt();
    }
    return states;
}

std::vector<TopicMastery> ProgressStore::topicMastery(const std::string& learnerId, int lastN) const {
    // Share correct over each topic's last N answered responses (window function over the topic index).
    SQLite::Statement st(*m_db, "SELECT topic, count(*), sum(correct) FROM ("
                                "  SELECT topic, correct, row_number() OVER (PARTITION BY topic ORDER BY answered_at DESC, rowid DESC) AS n"
                                "  FROM responses WHERE learner_id = ? AND " EXAMSIM_ANSWERED_SQL
                                ") WHERE n <= ? GROUP BY topic ORDER BY topic");
    st.bind(1, learnerId);
    st.bind(2, lastN);
    std::vector<TopicMastery> out;
    while (st.executeStep()) out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt(), st.getColumn(2).getInt()});
    return out;
}

std::unordered_map<std::string, QuestionHistory> ProgressStore::learnerHistory(const std::string& learnerId) const {
    // One pass over the learner's answered responses, newest first: the first row per question is its latest.
    SQLite::Statement st(*m_db, "SELECT question_id, correct, answered_at FROM responses WHERE learner_id = ? "
                                "AND " EXAMSIM_ANSWERED_SQL " ORDER BY answered_at DESC, rowid DESC");
    st.bind(1, learnerId);
    std::unordered_map<std::string, QuestionHistory> out;
    while (st.executeStep()) {
        auto [it, fresh] = out.try_emplace(st.getColumn(0).getString());
        QuestionHistory& h = it->second;
        const bool correct = st.getColumn(1).getInt() != 0;
        if (fresh) h.lastCorrect = correct, h.lastAnsweredAt = st.getColumn(2).getInt64();
        ++h.timesAnswered;
        if (!correct) ++h.timesWrong;
    }
    return out;
}

std::optional<QuestionHistory> ProgressStore::questionHistory(const std::string& learnerId, const std::string& questionId) const {
    SQLite::Statement st(*m_db, "SELECT count(*), coalesce(sum(1 - correct), 0), "
                                "(SELECT correct FROM responses WHERE learner_id = ?1 AND question_id = ?2 AND " EXAMSIM_ANSWERED_SQL " "
                                " ORDER BY answered_at DESC, rowid DESC LIMIT 1), coalesce(max(answered_at), 0) "
                                "FROM responses WHERE learner_id = ?1 AND question_id = ?2 AND " EXAMSIM_ANSWERED_SQL);
    st.bind(1, learnerId);
    st.bind(2, questionId);
    if (!st.executeStep() || st.getColumn(0).getInt() == 0) return std::nullopt;
    QuestionHistory h;
    h.timesAnswered = st.getColumn(0).getInt();
    h.timesWrong = st.getColumn(1).getInt();
    h.lastCorrect = st.getColumn(2).getInt() != 0;
    h.lastAnsweredAt = st.getColumn(3).getInt64();
    return h;
}

void ProgressStore::renameLearner(const std::string& id, const std::string& name) {
    SQLite::Statement st(*m_db, "UPDATE learners SET name = ? WHERE id = ?");
    st.bind(1, name);
    st.bind(2, id);
    st.exec();
}

void ProgressStore::setTeam(const std::string& id, const std::string& team) {
    SQLite::Statement st(*m_db, "UPDATE learners SET team = ? WHERE id = ?");
    st.bind(1, team);
    st.bind(2, id);
    st.exec();
}

void ProgressStore::archiveLearner(const std::string& id, bool archived) {
    SQLite::Statement st(*m_db, "UPDATE learners SET archived = ? WHERE id = ?");
    st.bind(1, archived ? 1 : 0);
    st.bind(2, id);
    st.exec();
}

void ProgressStore::deleteLearner(const std::string& id) {
    SQLite::Transaction tx(*m_db);
    SQLite::Statement r(*m_db, "DELETE FROM responses WHERE learner_id = ?");
    r.bind(1, id);
    r.exec();
    SQLite::Statement l(*m_db, "DELETE FROM learners WHERE id = ?"); // attempts, items and adjustments cascade
    l.bind(1, id);
    l.exec();
    // Snapshots no attempt uses any more are not records of anyone.
    m_db->exec("DELETE FROM question_snapshots WHERE hash NOT IN (SELECT snapshot_hash FROM attempt_items)");
    tx.commit();
}

void ProgressStore::anonymiseLearner(const std::string& id) {
    SQLite::Statement st(*m_db, "UPDATE learners SET name = 'Anonymised learner ' || substr(id, 1, 8), team = '' WHERE id = ?");
    st.bind(1, id);
    st.exec();
}

std::vector<TopicMastery> ProgressStore::weakestTopics(const std::string& learnerId, std::size_t count, int lastN,
                                                       int minAnswers) const {
    auto all = topicMastery(learnerId, lastN);
    std::erase_if(all, [&](const TopicMastery& m) { return m.answers < minAnswers; });
    std::stable_sort(all.begin(), all.end(), [](const TopicMastery& a, const TopicMastery& b) { return a.share() < b.share(); });
    if (all.size() > count) all.resize(count);
    return all;
}

std::vector<ProfileSummary> ProgressStore::profileSummaries(const std::string& learnerId) const {
    SQLite::Statement st(*m_db, "SELECT profile_id, max(profile_title), count(*), max(percent), "
                                "(SELECT b.percent FROM " EXAMSIM_ADJUSTED_ATTEMPTS " b WHERE b.learner_id = a.learner_id AND b.profile_id = a.profile_id "
                                " AND b.mode = 'exam' AND b.status IN ('submitted', 'timed_out') ORDER BY b.started_at DESC, b.rid DESC LIMIT 1), "
                                "max(passed), coalesce(min(CASE WHEN passed = 1 THEN finished_at END), 0), max(started_at) "
                                "FROM " EXAMSIM_ADJUSTED_ATTEMPTS " a WHERE learner_id = ? AND mode = 'exam' AND status IN ('submitted', 'timed_out') "
                                "GROUP BY profile_id ORDER BY profile_id");
    st.bind(1, learnerId);
    std::vector<ProfileSummary> out;
    while (st.executeStep()) {
        ProfileSummary p;
        p.profileId = st.getColumn(0).getString();
        p.profileTitle = st.getColumn(1).getString();
        p.attempts = st.getColumn(2).getInt();
        p.bestPercent = st.getColumn(3).getDouble();
        p.latestPercent = st.getColumn(4).getDouble();
        p.passed = st.getColumn(5).getInt() != 0;
        p.firstPassAt = st.getColumn(6).getInt64();
        p.lastAt = st.getColumn(7).getInt64();
        out.push_back(p);
    }
    return out;
}

std::vector<std::string> ProgressStore::unseenQuestions(const std::string& learnerId, const std::vector<std::string>& questionIds) const {
    SQLite::Statement st(*m_db, "SELECT 1 FROM responses WHERE learner_id = ? AND question_id = ? AND " EXAMSIM_ANSWERED_SQL " LIMIT 1");
    std::vector<std::string> out;
    for (const auto& q : questionIds) {
        st.bind(1, learnerId);
        st.bind(2, q);
        if (!st.executeStep()) out.push_back(q);
        st.reset();
    }
    return out;
}

std::vector<TeamRow> ProgressStore::teamRollup(const std::string& team) const {
    SQLite::Statement st(*m_db, "SELECT l.id, l.name, l.team, l.created_at, l.archived, a.profile_id, count(*), max(a.percent), "
                                "max(a.passed), max(a.started_at) FROM learners l JOIN " EXAMSIM_ADJUSTED_ATTEMPTS " a ON a.learner_id = l.id "
                                "WHERE (? = '' OR l.team = ?) AND l.archived = 0 AND a.mode = 'exam' "
                                "AND a.status IN ('submitted', 'timed_out') GROUP BY l.id, a.profile_id ORDER BY l.name, l.id, a.profile_id");
    st.bind(1, team);
    st.bind(2, team);
    std::vector<TeamRow> out;
    while (st.executeStep()) {
        TeamRow r;
        r.learner = readLearner(st);
        r.profileId = st.getColumn(5).getString();
        r.attempts = st.getColumn(6).getInt();
        r.bestPercent = st.getColumn(7).getDouble();
        r.passed = st.getColumn(8).getInt() != 0;
        r.lastAt = st.getColumn(9).getInt64();
        out.push_back(r);
    }
    return out;
}

namespace {
std::int64_t nowMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A holder on this machine whose process is gone holds nothing.
bool holderIsGone(const std::string& owner) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    const auto first = owner.find(':'), second = owner.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos || owner.substr(0, first) != host) return false;
    const pid_t pid = static_cast<pid_t>(std::stol(owner.substr(first + 1, second - first - 1)));
    return ::kill(pid, 0) != 0 && errno == ESRCH;
}
} // namespace

bool ProgressStore::acquireLease(const std::string& attemptId, std::int64_t ttlMs) {
    SQLite::Transaction tx(*m_db);
    SQLite::Statement read(*m_db, "SELECT coalesce(lease_owner, ''), lease_expires FROM attempts WHERE id = ?");
    read.bind(1, attemptId);
    if (!read.executeStep()) return false;
    const std::string owner = read.getColumn(0).getString();
    const std::int64_t expires = read.getColumn(1).getInt64();
    const std::int64_t now = nowMillis();
    if (!owner.empty() && owner != m_owner && expires > now && !holderIsGone(owner)) return false;
    SQLite::Statement st(*m_db, "UPDATE attempts SET lease_owner = ?, lease_expires = ? WHERE id = ?");
    st.bind(1, m_owner);
    st.bind(2, static_cast<int64_t>(now + ttlMs));
    st.bind(3, attemptId);
    st.exec();
    tx.commit();
    return true;
}

void ProgressStore::releaseLease(const std::string& attemptId) {
    SQLite::Statement st(*m_db, "UPDATE attempts SET lease_owner = NULL, lease_expires = 0 WHERE id = ? AND lease_owner = ?");
    st.bind(1, attemptId);
    st.bind(2, m_owner);
    st.exec();
}

RunMarker::RunMarker(const fs::path& database) : m_file(database.string() + ".running") {
    std::error_code ec;
    m_unclean = fs::exists(m_file, ec);
    std::ofstream(m_file) << ::getpid() << "\n";
}

RunMarker::~RunMarker() {
    std::error_code ec;
    fs::remove(m_file, ec);
}

std::string ProgressStore::integrityCheck(bool quick) const {
    SQLite::Statement st(*m_db, quick ? "PRAGMA quick_check" : "PRAGMA integrity_check");
    std::string out;
    while (st.executeStep()) out += (out.empty() ? "" : "\n") + st.getColumn(0).getString();
    return out;
}

void ProgressStore::setAttemptTimes(const std::string& attemptId, std::int64_t startedAt, std::int64_t finishedAt) {
    SQLite::Transaction tx(*m_db);
    SQLite::Statement a(*m_db, "UPDATE attempts SET started_at = ?, finished_at = CASE WHEN finished_at IS NULL THEN NULL ELSE ? END "
                               "WHERE id = ?");
    a.bind(1, static_cast<int64_t>(startedAt));
    a.bind(2, static_cast<int64_t>(finishedAt));
    a.bind(3, attemptId);
    a.exec();
    SQLite::Statement r(*m_db, "UPDATE responses SET answered_at = ? WHERE attempt_id = ?");
    r.bind(1, static_cast<int64_t>(finishedAt ? finishedAt : startedAt));
    r.bind(2, attemptId);
    r.exec();
    // Moving records in time is the sample-data generator's business: the chain follows it.
    SQLite::Statement who(*m_db, "SELECT learner_id FROM attempts WHERE id = ?");
    who.bind(1, attemptId);
    if (who.executeStep()) chain_detail::rebuildLearner(*m_db, who.getColumn(0).getString());
    tx.commit();
}

} // namespace examsim::core
