// An attempt on disk while it is taken: the one path from "start this paper" or "resume that attempt"
// to a session whose every answer, flag and checkpoint is stored the moment it changes. The app uses
// it; a write that fails (a full disk) never stops the exam, which goes on in memory and says so.
#pragma once

#include "core/paper.hpp"
#include "core/profile.hpp"
#include "core/session.hpp"
#include "core/store/progress_store.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace examsim::core {

class BankSet;

struct AttemptRequest {
    Mode mode = Mode::Exam;
    std::string profileId; // exam and study
    DrillSpec drill;       // drill
    std::uint64_t seed = 0;
    double extraTimePercent = 0;
    bool preferUnseen = true; // draw questions the learner has not seen, or got wrong, first
    // A paper built elsewhere (a Due review session): taken as it is, under `profileId` and `title`.
    std::optional<Paper> prebuilt;
    std::string title;
};

class RecordedAttempt {
public:
    // Assembles a paper and stores the new attempt. An unknown profile or a paper that cannot be
    // assembled is an error text. With no store, or a store that cannot be written, the attempt runs
    // in memory only and warning() says so.
    static std::variant<std::unique_ptr<RecordedAttempt>, std::string> start(ProgressStore* store, const Learner& learner,
                                                                             const BankSet& banks, const ProfileSet& profiles,
                                                                             const AttemptRequest& request, const Clock& clock);
    // Reopens an unfinished attempt with its answers, flags and remaining time, at the first unanswered
    // question from where the learner was. Fails when another running copy holds it.
    static std::variant<std::unique_ptr<RecordedAttempt>, std::string> resume(ProgressStore& store, const std::string& attemptId,
                                                                              const Clock& clock);

    ~RecordedAttempt();
    RecordedAttempt(const RecordedAttempt&) = delete;
    RecordedAttempt& operator=(const RecordedAttempt&) = delete;

    ExamSession& session() { return *m_session; }
    const ExamSession& session() const { return *m_session; }
    const std::string& id() const { return m_id; } // empty when the attempt is in memory only
    const AttemptMeta& meta() const { return m_meta; }

    // Stores what changed since the last call (answers, flags, confidence: one write per changed
    // question) and, every 5 seconds of the clock or when forced, the time used and the position.
    // When the session has finished (submitted or timed out) it stores the result, once.
    void sync(bool forceCheckpoint = false);
    // Leaving without submitting: time and position are stored and the lease released, so the attempt
    // can be resumed here or in the terminal.
    void close();
    // The last write failure ("" when everything is saved).
    const std::string& warning() const { return m_warning; }
    std::size_t writes() const { return m_writes; }
    bool resultStored() const { return m_resultStored; }

private:
    RecordedAttempt(ProgressStore* store, std::string id, AttemptMeta meta, std::unique_ptr<ExamSession> session, const Clock& clock);
    ProgressStore* m_store;
    std::string m_id;
    AttemptMeta m_meta;
    std::unique_ptr<ExamSession> m_session;
    const Clock& m_clock;
    std::vector<ItemState> m_saved; // what the store holds for each position
    std::int64_t m_lastCheckpoint = 0;
    std::size_t m_writes = 0;
    std::string m_warning;
    bool m_resultStored = false;
    bool m_closed = false;
};

// The result of a stored attempt, scored again from its snapshots and responses (for attempts that
// are not in memory: results, review and reports of past attempts).
struct StoredResult {
    StoredAttempt attempt;
    Paper paper;
    std::vector<ItemState> states;
    Result result;
};
std::optional<StoredResult> loadResult(const ProgressStore& store, const std::string& attemptId);

} // namespace examsim::core
