// Learner progress in SQLite: learners, attempts with the snapshot of every question as delivered,
// and responses written the moment they are given. All SQL of the project lives in src/core/store/.
#pragma once

#include "core/adaptive.hpp"
#include "core/history.hpp"
#include "core/item_analysis.hpp"
#include "core/paper.hpp"
#include "core/session.hpp"
#include "core/store/records.hpp"
#include "core/store/results_records.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

namespace SQLite {
class Database;
class Statement;
} // namespace SQLite

namespace examsim::core {

struct StoreError {
    std::string message;
};

struct Learner {
    std::string id; // UUID
    std::string name;
    std::string team;
    std::int64_t createdAt = 0;
    bool archived = false;
};

struct AttemptMeta {
    std::string profileId;
    std::string profileTitle;
    Mode mode = Mode::Exam;
    std::uint64_t seed = 0;
    std::string banks; // "bank-id@version, ..." of the banks the paper came from
    SessionConfig config;
};

struct StoredAttempt {
    std::string id;
    std::string learnerId;
    AttemptMeta meta;
    std::int64_t startedAt = 0;
    std::int64_t finishedAt = 0;
    std::int64_t elapsedMs = 0;
    std::size_t current = 0;
    std::string status; // in_progress, submitted, timed_out, abandoned
    double score = 0, maxScore = 0, percent = 0;
    bool passed = false;
    double credits = 0;
    std::size_t questions = 0;
    std::size_t answered = 0;
    // Issue 8: score, percent, passed and credits above include the adjustment records (regrades);
    // these are the result as stored when the attempt finished.
    double storedScore = 0, storedPercent = 0;
    bool storedPassed = false;
    int adjustments = 0;
};

// Issue 10: one finding of `verify` on the per-learner hash chain (src/core/store/hash_chain.cpp).
struct ChainProblem {
    std::string learnerId;
    std::int64_t seq = 0;   // the entry's place in the learner's chain (0: the record has no entry)
    std::string kind;       // attempt, responses, adjustment
    std::string recordId;   // the attempt id, or the adjustment's row id
    std::string storedHash, recomputedHash;
    std::string message;
};
struct ChainReport {
    int learners = 0;
    int records = 0; // chain entries checked
    std::vector<ChainProblem> problems;
};

struct TopicMastery {
    std::string topic;
    int answers = 0; // of the last N answers on the topic
    int correct = 0;
    double share() const { return answers ? static_cast<double>(correct) / answers : 0.0; }
};

struct ProfileSummary {
    std::string profileId;
    std::string profileTitle;
    int attempts = 0;        // finished exam-mode attempts
    double bestPercent = 0;
    double latestPercent = 0;
    bool passed = false;     // ever passed
    std::int64_t firstPassAt = 0;
    std::int64_t lastAt = 0;
};

struct TeamRow {
    Learner learner;
    std::string profileId;
    int attempts = 0;
    double bestPercent = 0;
    bool passed = false;
    std::int64_t lastAt = 0;
};

// One connection to a progress database. Use a store from one thread at a time (it is opened without
// SQLite's per-call locking); work beside the UI opens a store of its own on the same file.
class ProgressStore {
public:
    static constexpr int kSchemaVersion = 4;

    // Opens (creating when missing and `create` is set) and migrates. Refuses, without writing to it,
    // a file that is not an SQLite database, a damaged one, or one written by a newer program.
    static std::variant<std::unique_ptr<ProgressStore>, StoreError> open(const std::filesystem::path& path, bool create = true);
    static std::filesystem::path defaultPath(); // $XDG_DATA_HOME/examsim/progress.db

    ~ProgressStore();
    ProgressStore(const ProgressStore&) = delete;
    ProgressStore& operator=(const ProgressStore&) = delete;

    const std::filesystem::path& path() const { return m_path; }

    // Learners (names may repeat: the UUID is the identity).
    Learner createLearner(const std::string& name, const std::string& team = "");
    std::optional<Learner> learnerByName(const std::string& name) const; // the oldest unarchived of that name
    std::optional<Learner> learner(const std::string& id) const;
    std::vector<Learner> learners(const std::string& team = "", bool includeArchived = false) const;

    // Attempts. startAttempt stores the snapshots and the paper; every call below is durable when it
    // returns (synchronous=FULL).
    std::string startAttempt(const Learner& learner, const Paper& paper, const AttemptMeta& meta);
    void recordResponse(const std::string& attemptId, std::size_t position, const PaperItem& item, const ItemState& state,
                        std::int64_t elapsedMs);
    void checkpoint(const std::string& attemptId, std::int64_t elapsedMs, std::size_t current);
    void finishAttempt(const std::string& attemptId, SessionStatus status, const Result& result);
    void abandonAttempt(const std::string& attemptId);

    std::optional<StoredAttempt> attempt(const std::string& id) const;
    std::optional<StoredAttempt> inProgressAttempt(const std::string& learnerId) const; // the latest one
    Paper loadPaper(const std::string& attemptId) const;
    std::vector<ItemState> loadStates(const std::string& attemptId) const;
    std::vector<StoredAttempt> history(const std::string& learnerId) const; // newest first

    void renameLearner(const std::string& id, const std::string& name);
    void setTeam(const std::string& id, const std::string& team);
    void archiveLearner(const std::string& id, bool archived = true);
    void deleteLearner(const std::string& id);    // the learner and every record of theirs
    void anonymiseLearner(const std::string& id); // keeps the statistics, drops the name and team

    std::vector<TopicMastery> topicMastery(const std::string& learnerId, int lastN = 20) const;
    // Topics with at least `minAnswers` recent answers, lowest share correct first.
    std::vector<TopicMastery> weakestTopics(const std::string& learnerId, std::size_t count, int lastN = 20, int minAnswers = 3) const;
    // Best and latest percentage per profile over finished exam-mode attempts.
    std::vector<ProfileSummary> profileSummaries(const std::string& learnerId) const;
    // Of the given question ids, those the learner has never answered.
    std::vector<std::string> unseenQuestions(const std::string& learnerId, const std::vector<std::string>& questionIds) const;
    // Learners x profiles of a team ("" = everyone): finished exam-mode attempts, best, passed, last date.
    std::vector<TeamRow> teamRollup(const std::string& team) const;

    // An attempt open in one running program is locked against a second: a lease renewed while the
    // exam is open, which lapses when its holder stops renewing it or its process is gone.
    bool acquireLease(const std::string& attemptId, std::int64_t ttlMs = 30'000);
    void releaseLease(const std::string& attemptId);
    const std::string& leaseOwner() const { return m_owner; }

    // For migration tests: a database with the schema of an earlier version and no data.
    static void createAtVersion(const std::filesystem::path& path, int version);
    std::optional<QuestionHistory> questionHistory(const std::string& learnerId, const std::string& questionId) const;
    std::unordered_map<std::string, QuestionHistory> learnerHistory(const std::string& learnerId) const; // every question at once

    // "ok", or what PRAGMA integrity_check (quick_check when quick) reports.
    std::string integrityCheck(bool quick) const;

    // Issue 6 (sample data): moves an attempt and its answers to another time (unix seconds), so that
    // generated histories spread over days.
    void setAttemptTimes(const std::string& attemptId, std::int64_t startedAt, std::int64_t finishedAt);
    // Issue 7 (reports, records bundles, merging): implemented in store/records_store.cpp.
    std::vector<std::string> attemptIdsWithPrefix(const std::string& prefix) const; // at most 10
    // Mastery per topic over the last N answers given on each profile's papers (any mode), by profile id.
    std::vector<std::pair<std::string, TopicMastery>> topicMasteryByProfile(const std::string& learnerId, int lastN = 20) const;
    // The learners with their finished (not in-progress) attempts and all these reference: items,
    // responses, question snapshots, adjustments; and the learners' errata.
    RecordSet exportRecords(const std::vector<std::string>& learnerIds) const;
    // Adds the records of each source, all in one transaction: learners and snapshots when new,
    // attempts by id (an identical attempt is already present; a different one with the same id is a
    // conflict, reported and skipped), adjustments when no identical one exists (each given the
    // attempt's result after it in this database), errata when new (docs/records-bundle.md).
    std::vector<MergeCounts> importRecords(const std::vector<const RecordSet*>& sources);
    // Every learner's records in another progress database, read without writing to it.
    static std::variant<RecordSet, StoreError> readRecordsFrom(const std::filesystem::path& databaseFile);
    // Issue 8: item analysis, regrades and errata (src/core/store/results_store.cpp).
    MarksData itemAnalysisData(const AnalysisFilter& filter) const;
    std::vector<RegradeItem> regradeItems(const std::string& questionId) const; // finished attempts only
    void appendAdjustments(const std::vector<AdjustmentRecord>& records);       // one transaction
    std::vector<AdjustmentRecord> adjustments(const std::string& attemptId) const;
    std::int64_t addErratum(const Erratum& e); // returns its id
    std::vector<Erratum> errata(bool includeResolved = true) const;
    std::optional<Erratum> erratum(std::int64_t id) const;
    bool resolveErratum(std::int64_t id, const std::string& resolution); // false: no such open report

private:
    explicit ProgressStore(std::filesystem::path path, std::unique_ptr<SQLite::Database> db);
    std::filesystem::path m_path;
    std::unique_ptr<SQLite::Database> m_db;
    std::unique_ptr<SQLite::Statement> m_recordResponse; // prepared once: the hot path
    std::unique_ptr<SQLite::Statement> m_checkpoint;
    std::string m_owner; // host:pid:nonce of this program, for leases
    void prepareCheckpoint();

public:
    // --- issue 9: adaptive study (src/core/store/adaptive_queries.cpp) ---
    // The learner's answered responses, oldest first, each with the snapshot it was given in.
    std::vector<ReviewRecord> reviewRecords(const std::string& learnerId) const;
    // The key fingerprint (core/adaptive.hpp) of every stored snapshot the learner has answered.
    std::unordered_map<std::string, std::string> snapshotFingerprints(const std::string& learnerId) const;

    // --- issue 10: the hash chain over finished records (src/core/store/hash_chain.cpp) ---
    // Recomputes every learner's chain ("" = all) and reports each entry that does not verify.
    ChainReport verifyChains(const std::string& learnerId = "") const;
    // Recomputes a learner's chain from the records as they are now, for tools that rewrite records on
    // purpose (test fixtures). Anyone can do the same (the chain has no key): see docs/progress-store.md.
    void rebuildChain(const std::string& learnerId);
};

// The engine's view of one learner's history, read from the store in one query when first needed.
class StoreHistory : public HistorySource {
public:
    StoreHistory(const ProgressStore& store, std::string learnerId) : m_store(store), m_learnerId(std::move(learnerId)) {}
    std::optional<QuestionHistory> history(const std::string& questionId) const override {
        if (!m_loaded) m_cache = m_store.learnerHistory(m_learnerId), m_loaded = true;
        const auto it = m_cache.find(questionId);
        if (it == m_cache.end()) return std::nullopt;
        return it->second;
    }

private:
    const ProgressStore& m_store;
    std::string m_learnerId;
    mutable bool m_loaded = false;
    mutable std::unordered_map<std::string, QuestionHistory> m_cache;
};

std::string newUuid();

// Marks a database as in use by a running app (a file beside it), so that the next start can tell
// whether the last run ended cleanly and check the database (quick_check) if it did not.
class RunMarker {
public:
    explicit RunMarker(const std::filesystem::path& database);
    ~RunMarker(); // a clean end removes the marker
    RunMarker(const RunMarker&) = delete;
    RunMarker& operator=(const RunMarker&) = delete;
    bool previousRunEndedUncleanly() const { return m_unclean; }

private:
    std::filesystem::path m_file;
    bool m_unclean = false;
};

} // namespace examsim::core
